/**
 * Webapp throughput with metrics only, tracing only and both, each against neither: four webapps
 * side by side, the same load on each in turn, round after round. Each round's on/off ratio
 * compares runs made seconds apart (this machine's speed drifts by more than the effect); the
 * figure is the median of those ratios. The webapps' CPU time per request is shown beside it.
 * Goals: metrics only ≥ 0.9; both on GET /users ≥ 0.8.
 *
 * BENCH_PROFILE=<dir> also profiles the "both" webapp (node --cpu-prof), prints where its busy CPU
 * time went and leaves the .cpuprofile in <dir> (Chrome DevTools opens it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import pidusage from 'pidusage';
import { freePort, freeUdpPort } from '../test/support/free-port.js';
import { startPostgres } from '../test/support/postgres.js';
import { startWebapp, type WebappProcess } from '../test/support/webapp-process.js';
import { type CpuProfile, selfTimeByOwner } from './cpu-profile.js';
import { line, median } from './support.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const roundCount = Number(process.env.BENCH_ROUNDS ?? 7);
const profileDir = process.env.BENCH_PROFILE ? resolve(process.env.BENCH_PROFILE) : undefined;
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
// dd-trace as the compose file configures it: DBM comments on queries, runtime metrics.
const tracing = { ...agent, DD_DBM_PROPAGATION_MODE: 'full', DD_RUNTIME_METRICS_ENABLED: 'true' };
const variants = {
  off: { DD_TRACE_ENABLED: 'false', STATSD_MOCK: 'true' },
  metrics: { ...agent, DD_TRACE_ENABLED: 'false' },
  tracing: { ...tracing, STATSD_MOCK: 'true' },
  both: tracing,
};
type Variant = keyof typeof variants;
const names = Object.keys(variants) as Variant[];

// Each webapp logs a line per request into its own file, as the local runtime's services do.
const work = mkdtempSync(join(tmpdir(), 'bench-webapp-'));
const apps = {} as Record<Variant, WebappProcess>;
for (const name of names) {
  const nodeArgs = profileDir && name === 'both' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  apps[name] = await startWebapp(
    { ...pg.env, ...variants[name] },
    { logFile: join(work, `${name}.log`), nodeArgs },
  );
}

/** Requests per second and the webapp's CPU milliseconds per request, over one run. */
async function measure(app: WebappProcess, path: string): Promise<{ rps: number; cpuMs: number }> {
  const pid = app.child.pid as number;
  const before = (await pidusage(pid)).ctime;
  const result = await autocannon({ url: `${app.url}${path}`, connections: 10, duration: seconds });
  const after = (await pidusage(pid)).ctime;
  return { rps: result.requests.average, cpuMs: (after - before) / Math.max(1, result.requests.total) };
}

async function comparePath(path: string): Promise<Record<Variant, number>> {
  for (const name of names)
    await autocannon({ url: `${apps[name].url}${path}`, connections: 10, duration: 1 });
  const perVariant = () => ({ off: [], metrics: [], tracing: [], both: [] }) as Record<Variant, number[]>;
  const [ratios, rps, cpu] = [perVariant(), perVariant(), perVariant()];
  for (let r = 0; r < roundCount; r++) {
    // A different order each round, so no variant always runs first or last.
    const order = names.map((_, i) => names[(i + r) % names.length] as Variant);
    const round = {} as Record<Variant, number>;
    for (const name of order) {
      const m = await measure(apps[name], path);
      round[name] = m.rps;
      rps[name].push(m.rps);
      cpu[name].push(m.cpuMs);
    }
    for (const name of ['metrics', 'tracing', 'both'] as const) ratios[name].push(round[name] / round.off);
  }
  const text = names.map((name) => {
    const ratio = name === 'off' ? '' : `, ${median(ratios[name]).toFixed(2)}`;
    return `${name} ${median(rps[name]).toFixed(0)} req/s (${median(cpu[name]).toFixed(2)} ms CPU/req${ratio})`;
  });
  line(`GET ${path}: ${text.join('; ')} — medians of ${roundCount} rounds, ratio = on/off per round`);
  line(`  both per round: ${ratios.both.map((x) => x.toFixed(2)).join(', ')}`);
  return {
    off: 1,
    metrics: median(ratios.metrics),
    tracing: median(ratios.tracing),
    both: median(ratios.both),
  };
}

function printProfile(dir: string): void {
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .at(-1);
  if (!file) {
    line(`profile: none written in ${dir}`);
    return;
  }
  const shares = selfTimeByOwner(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile);
  line(`profile of "both" (${join(dir, file)}), share of its busy time:`);
  for (const { owner, share } of shares.slice(0, 14))
    line(`  ${(share * 100).toFixed(1).padStart(5)}%  ${owner}`);
}

try {
  const home = await comparePath('/');
  const users = await comparePath('/users');
  if (profileDir) {
    await apps.both.stop('SIGINT');
    printProfile(profileDir);
  }
  const metricsOnly = Math.min(home.metrics, users.metrics);
  line(
    `ratio ${users.both.toFixed(2)} both on GET /users (goal ≥ 0.8); metrics only ${metricsOnly.toFixed(2)} (goal ≥ 0.9)`,
  );
} finally {
  for (const app of Object.values(apps)) await app.stop();
  sink.kill();
  await pg.stop();
  rmSync(work, { recursive: true, force: true });
}
