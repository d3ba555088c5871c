// The tracer first: it patches http, express and pg as they load.
import './tracer.js';
import { createApp } from './app.js';
import { readConfig } from './config.js';
import { createPool, migrateWithRetry } from './db.js';
import { startFlags } from './drills/flags.js';
import { misroutableStatsd } from './drills/statsd-address.js';
import { logger } from './logger.js';
import { createStatsd } from './metrics/statsd.js';

async function main(): Promise<void> {
  const config = readConfig();
  const pool = createPool(config.db);
  // The drills can point it at a wrong port (drills/statsd-address.ts); as given otherwise.
  const statsd = misroutableStatsd(createStatsd(config.statsd), (port) =>
    createStatsd({ ...config.statsd, port }),
  );
  const stopFlags = startFlags();
  const app = createApp({ pool, statsd, allowedHosts: config.allowedHosts });

  await migrateWithRetry(pool);
  const server = app.listen(config.port, config.host, () => {
    logger.info(
      `webapp listening on :${config.port} (host ${config.host}, database ${config.db.host}:${config.db.port}, agent ${config.statsd.host}:${config.statsd.port})`,
    );
  });

  let stopping = false;
  // Keep-alive connections would hold server.close() open until their timeout: once stopping,
  // each connection is closed as soon as its response is sent, so shutdown (and the flush) happens.
  server.on('request', (_req, res) => {
    res.on('finish', () => {
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
  });
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing in-flight requests`);
    // Last resort if something hangs; unref'd so it never holds a clean exit back.
    setTimeout(() => process.exit(1), 15_000).unref();
    server.close(async () => {
      await new Promise<void>((resolve) => statsd.close(() => resolve()));
      stopFlags();
      await pool.end();
      // dd-trace flushes what it holds when the event loop empties (its beforeExit hook).
      logger.info('webapp stopped');
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, `webapp failed to start: ${(error as Error).message}`);
  logger.flush();
  process.exit(1);
});
