/**
 * The webapp's logs: JSON lines on stdout with pino, which dd-trace's log injection (on in
 * tracer.ts) enriches with `dd.trace_id`, `dd.span_id`, `dd.service`, `dd.env` and `dd.version`
 * whenever a span is active — so the agent (or the intake) links each line to its trace.
 * Levels are names (`info`, `error`), which Datadog maps to a log's status.
 */
import { pino } from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: process.env.DD_SERVICE ?? 'webapp' },
  messageKey: 'message',
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  // Never the secrets a request carries, should any code hand a request or headers to a log call.
  redact: {
    paths: ['req.headers', 'headers', 'authorization', '*.authorization', 'cookie', '*.password'],
    remove: true,
  },
});
