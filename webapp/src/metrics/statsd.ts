/** The DogStatsD client: UDP to the agent (or the local intake), tagged service:webapp. */
import { StatsD } from 'hot-shots';
import type { WebappConfig } from '../config.js';
import { logger } from '../logger.js';

export function createStatsd({ host, port }: WebappConfig['statsd']): StatsD {
  const mock = process.env.STATSD_MOCK === 'true';
  const client = new StatsD({
    host,
    port,
    globalTags: ['service:webapp'],
    // Several metrics per datagram, flushed at least every second: one syscall per request
    // instead of four, which matters under load (the agent reads multi-line packets).
    maxBufferSize: 1400,
    bufferFlushInterval: 1000,
    // STATSD_MOCK=true: the handlers run, nothing is sent (benchmarks' "off").
    mock,
    // A missing agent must never take the app down: metrics are best effort.
    errorHandler: (error) => logger.warn({ err: error }, `statsd: ${error.message}`),
  });
  // hot-shots' mock mode keeps every message for a test to read: unbounded in a running app.
  // Here it means "send nothing", so nothing is kept.
  if (mock) client.mockBuffer = Object.assign([] as string[], { push: () => 0 });
  return client;
}
