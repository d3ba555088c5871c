/**
 * Command start, as a student types it: `./ddw --help` (the workshop's launcher) against the
 * floor, a bare `node -e 0`, and against `npx ddworkshop --help` (what the lessons used to say),
 * alternating, medians of BENCH_ROUNDS×5 runs. Goals: `./ddw` starts our code within 0.3 s;
 * `--help` ≤ 1.4× `node -e 0`.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { line, median, rounds } from './support.js';

const repo = resolve(import.meta.dirname, '..');
const launcher = process.platform === 'win32' ? resolve(repo, 'ddw.cmd') : resolve(repo, 'ddw');

function timed(file: string, args: string[]): number {
  const started = process.hrtime.bigint();
  execFileSync(file, args, { cwd: repo, stdio: 'ignore', shell: process.platform === 'win32' });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const floor: number[] = [];
const ours: number[] = [];
const npx: number[] = [];
const n = rounds() * 5;
for (let i = 0; i < n; i++) {
  floor.push(timed(process.execPath, ['-e', '0']));
  ours.push(timed(launcher, ['--help']));
  // npx is slow and steady: a few runs say enough.
  if (i < 3) npx.push(timed('npx', ['ddworkshop', '--help']));
}
const f = median(floor);
const o = median(ours);
line(
  `node -e 0: ${f.toFixed(3)} s · ./ddw --help: ${o.toFixed(3)} s (goal ≤ 0.3 s) · npx ddworkshop --help: ${median(npx).toFixed(3)} s`,
);
line(`ratio ${(o / f).toFixed(2)} (goal ≤ 1.4)`);
