/** The intake as a process (container or local runtime), configured by INTAKE_* variables. */
import { parseLimits } from './api/rate-limit.js';
import { parseAllowedHosts } from './http/host-check.js';
import { startIntake } from './index.js';
import { parseLogFiles } from './logs/tail-files.js';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = Number(raw);
  if (raw === undefined || raw === '') return fallback;
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name}=${raw} is not a port number`);
    process.exit(2);
  }
  return n;
}

const host = process.env.INTAKE_HOST || (process.env.INTAKE_IN_CONTAINER === '1' ? '0.0.0.0' : '127.0.0.1');
try {
  const intake = await startIntake({
    host,
    dogstatsdPort: port('INTAKE_DOGSTATSD_PORT', 8125),
    tracePort: port('INTAKE_TRACE_PORT', 8126),
    apiPort: port('INTAKE_API_PORT', 8127),
    apiKey: process.env.INTAKE_API_KEY || undefined,
    appKey: process.env.INTAKE_APP_KEY || undefined,
    maxPacketBytes: port('INTAKE_MAX_PACKET_BYTES', 8192),
    rateLimits: parseLimits(process.env.INTAKE_RATE_LIMITS),
    allowedHosts: parseAllowedHosts(process.env.INTAKE_ALLOWED_HOSTS),
    traceHosts: parseAllowedHosts(process.env.INTAKE_TRACE_HOSTS),
    logFiles: parseLogFiles(process.env.INTAKE_LOG_FILES),
    logRegistry: process.env.INTAKE_LOG_REGISTRY || undefined,
    facetsFile: process.env.INTAKE_FACETS_FILE || undefined,
    dockerSocket: process.env.INTAKE_DOCKER_SOCKET || undefined,
    // The agent's system check, as the real agent runs it (INTAKE_SYSTEM_CHECK=0 turns it off).
    systemCheck: process.env.INTAKE_SYSTEM_CHECK !== '0',
    procRoot: process.env.INTAKE_PROC_ROOT || undefined,
    postgresUrl: process.env.INTAKE_POSTGRES_URL || undefined,
    postgresRelations: (process.env.INTAKE_POSTGRES_RELATIONS ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    hostname: process.env.INTAKE_HOSTNAME || undefined,
    ingestionDelaySec: Math.min(Math.max(Number(process.env.INTAKE_INGESTION_DELAY_SEC) || 0, 0), 600),
    monitorIntervalSec: Math.min(Math.max(Number(process.env.INTAKE_MONITOR_INTERVAL_SEC) || 10, 1), 60),
  });
  const { dogstatsd, trace, api } = intake.ports;
  console.log(`intake ready on ${host}: dogstatsd ${dogstatsd}/udp, traces ${trace}, api ${api}`);
  const stop = async (signal: string) => {
    console.log(`${signal}: stopping`);
    await intake.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  const e = error as NodeJS.ErrnoException;
  console.error(
    e.code === 'EADDRINUSE' ? `port in use: ${e.message}` : `intake failed to start: ${e.message}`,
  );
  process.exit(1);
}
