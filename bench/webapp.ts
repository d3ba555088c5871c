/**
 * Webapp throughput with tracing and metrics on vs off, back to back in one run:
 * GET / and GET /users under autocannon, several alternating rounds, medians.
 * Goal: on/off ≥ 0.8 for both.
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
const on = await startWebapp({
  ...pg.env,
  DD_AGENT_HOST: '127.0.0.1',
  DD_TRACE_AGENT_PORT: String(tracePort),
  DD_DOGSTATSD_PORT: String(statsdPort),
});
const off = await startWebapp({ ...pg.env, DD_TRACE_ENABLED: 'false', STATSD_MOCK: 'true' });

async function rps(url: string): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: seconds });
  return result.requests.average;
}

const ratios: number[] = [];
try {
  for (const path of ['/', '/users']) {
    const onRuns: number[] = [];
    const offRuns: number[] = [];
    for (let r = 0; r < rounds(); r++) {
      offRuns.push(await rps(`${off.url}${path}`));
      onRuns.push(await rps(`${on.url}${path}`));
    }
    const ratio = median(onRuns) / median(offRuns);
    ratios.push(ratio);
    line(
      `GET ${path}: on ${median(onRuns).toFixed(0)} req/s, off ${median(offRuns).toFixed(0)} req/s (median of ${rounds()}), on/off ${ratio.toFixed(2)}`,
    );
  }
} finally {
  await on.stop();
  await off.stop();
  sink.kill();
  await pg.stop();
}
line(`ratio ${Math.min(...ratios).toFixed(2)} (goal ≥ 0.8)`);
