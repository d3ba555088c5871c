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

// No span per middleware: inside a route handler the active span is then the request's own
// `express.request` span, which is where custom tags belong (lesson 5), and traces stay readable.
// Express 5 routes through the `router` package, which dd-trace traces as its own integration.
tracer.use('express', { middleware: false });
tracer.use('router', { middleware: false });

export default tracer;
