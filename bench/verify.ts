/**
 * Verify's first request: from process start to the first API request `verify metrics`,
 * `verify traces`, `lesson check 4` (a metric query) and `lesson check 6` (the dashboards list)
 * send, against a stand-in API on loopback that answers every request with an empty success
 * (the CLI then waits; it is stopped once the first request is seen). The floor: a bare `node`
 * that sends one fetch. Alternating, medians of BENCH_ROUNDS×3. Goal: `verify metrics` ≤ 0.5 s.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { line, median, rounds } from './support.js';

const repo = resolve(import.meta.dirname, '..');
let firstRequest: ((atNs: bigint) => void) | undefined;
const api = createServer((req, res) => {
  firstRequest?.(process.hrtime.bigint());
  firstRequest = undefined;
  res.setHeader('content-type', 'application/json');
  res.end(req.url?.startsWith('/api/v1/metrics') ? '{"metrics":[],"from":"0"}' : '{"data":[],"series":[]}');
});
api.listen(0, '127.0.0.1');
await once(api, 'listening');
const port = (api.address() as AddressInfo).port;
// A workshop folder with no stack: the compose file and the lessons, offline, the API on the
// stand-in's port.
const dir = mkdtempSync(join(tmpdir(), 'ddw-bench-verify-'));
for (const part of ['docker-compose.yml', 'docker', 'lessons'])
  cpSync(join(repo, part), join(dir, part), { recursive: true });
writeFileSync(join(dir, '.env'), `DDWORKSHOP_OFFLINE=1\nINTAKE_API_PORT=${port}\n`);

async function firstRequestAfter(args: string[]): Promise<number> {
  const seen = new Promise<bigint>((r) => {
    firstRequest = r;
  });
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, CI: '1' },
  });
  const at = await Promise.race([seen, once(child, 'exit').then(() => undefined)]);
  child.kill('SIGKILL');
  await once(child, 'exit').catch(() => {});
  if (at === undefined) throw new Error(`${args.join(' ')} exited before any request`);
  return Number(at - started) / 1e9;
}

const cli = (args: string) => [resolve(repo, 'bin/ddworkshop.js'), '-C', dir, ...args.split(' ')];
const cases = {
  floor: ['-e', `fetch('http://127.0.0.1:${port}/').then((r) => r.text())`],
  'verify metrics': cli('verify metrics --timeout 5s'),
  'verify traces': cli('verify traces --timeout 5s'),
  'lesson check 4': cli('lesson check 4'),
  'lesson check 6': cli('lesson check 6'),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
try {
  for (let i = 0; i < rounds() * 3; i++)
    for (const [name, args] of Object.entries(cases)) times[name]?.push(await firstRequestAfter(args));
  for (const [name, t] of Object.entries(times)) line(`${name}: first request at ${median(t).toFixed(3)} s`);
  const figure = median(times['verify metrics'] ?? []);
  line(
    `verify metrics first request ${figure.toFixed(3)} s (goal ≤ 0.5 s; floor ${median(times.floor ?? []).toFixed(3)} s)`,
  );
} finally {
  api.close();
  rmSync(dir, { recursive: true, force: true });
}
