/**
 * Webapp throughput with metrics only, tracing only and both, each against neither, back to back
 * in one run: GET / and GET /users (database-backed) under autocannon, alternating rounds,
 * medians. Goals: metrics only ≥ 0.9; both on GET /users ≥ 0.8.
 */
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { freePort, freeUdpPort } from '../test/support/free-port.js';
import { startPostgres } from '../test/support/postgres.js';
import { startWebapp } from '../test/support/webapp-process.js';
import { line, median, rounds } from './support.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const pg = await startPostgres();
// A stand-in agent in its own process that accepts and drops: the benchmark measures the
// webapp's cost of producing telemetry, not an agent's cost of reading it.
const [tracePort, statsdPort] = [await freePort(), await freeUdpPort()];
const sink = spawn(
  process.execPath,
  [
    '-e',
    `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.end('{"rate_by_service":{}}')); }).listen(${tracePort}, '127.0.0.1');
     require('node:dgram').createSocket('udp4').on('message', () => {}).bind(${statsdPort}, '127.0.0.1');`,
  ],
  { stdio: 'ignore' },
);
const agent = {
  DD_AGENT_HOST: '127.0.0.1',
  DD_TRACE_AGENT_PORT: String(tracePort),
  DD_DOGSTATSD_PORT: String(statsdPort),
};
// Four webapps side by side: nothing, DogStatsD metrics only, dd-trace only, both.
const apps = {
  off: await startWebapp({ ...pg.env, DD_TRACE_ENABLED: 'false', STATSD_MOCK: 'true' }),
  metrics: await startWebapp({ ...pg.env, ...agent, DD_TRACE_ENABLED: 'false' }),
  tracing: await startWebapp({ ...pg.env, ...agent, STATSD_MOCK: 'true' }),
  both: await startWebapp({ ...pg.env, ...agent }),
};

async function rps(url: string): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: seconds });
  return result.requests.average;
}

const figures: Record<string, number> = {};
try {
  for (const path of ['/', '/users']) {
    const runs: Record<string, number[]> = { off: [], metrics: [], tracing: [], both: [] };
    for (let r = 0; r < rounds(); r++)
      for (const [name, app] of Object.entries(apps)) runs[name]?.push(await rps(`${app.url}${path}`));
    const off = median(runs.off ?? []);
    const parts = (['metrics', 'tracing', 'both'] as const).map((name) => {
      figures[`${name} ${path}`] = median(runs[name] ?? []) / off;
      return `${name} ${median(runs[name] ?? []).toFixed(0)} (${(figures[`${name} ${path}`] ?? 0).toFixed(2)})`;
    });
    line(
      `GET ${path}: off ${off.toFixed(0)} req/s; ${parts.join(', ')} — req/s (on/off), median of ${rounds()}`,
    );
  }
  const metricsOnly = Math.min(figures['metrics /'] ?? 0, figures['metrics /users'] ?? 0);
  line(
    `ratio ${(figures['both /users'] ?? 0).toFixed(2)} both on GET /users (goal ≥ 0.8); metrics only ${metricsOnly.toFixed(2)} (goal ≥ 0.9)`,
  );
} finally {
  for (const app of Object.values(apps)) await app.stop();
  sink.kill();
  await pg.stop();
}
