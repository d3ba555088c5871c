/**
 * dd-trace must be initialised before express, pg or http are loaded, so that it can patch
 * them: main.ts imports this module first.
 */
import tracer from 'dd-trace';

tracer.init({
  service: process.env.DD_SERVICE ?? 'webapp',
  env: process.env.DD_ENV ?? 'workshop',
  version: process.env.DD_VERSION ?? '1.0.0',
  hostname: process.env.DD_AGENT_HOST ?? 'localhost',
  port: Number(process.env.DD_TRACE_AGENT_PORT ?? 8126),
  logInjection: true,
});

export default tracer;
