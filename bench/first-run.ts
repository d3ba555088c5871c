/**
 * Time to first data, as a student meets it: a fresh clone (tracked files only), the README's
 * first line — `npm ci --omit=dev` (its `prepare` builds) — then `setup` offline on the local
 * runtime, `traffic quick` and `verify metrics`, each part timed. Ports of its own; the stack is
 * taken down and the clone removed at the end. The npm cache is the machine's (a student's second
 * workshop; bench:install measures an empty one).
 * Goal (issue 31): everything after the install takes less than a third of the install's time.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freeWorkshopPorts } from '../cli/util/free-port.js';
import { line } from './support.js';

const repo = resolve(import.meta.dirname, '..');
const parent = mkdtempSync(join(tmpdir(), 'ddw-first-run-'));
// As root, PostgreSQL runs as the postgres user, who must reach the data folder.
chmodSync(parent, 0o755);
const dir = join(parent, 'workshop');
const env = {
  ...process.env,
  CI: 'true',
  FORCE_COLOR: '0',
  DDWORKSHOP_OFFLINE: '1',
  ...(await freeWorkshopPorts()),
};
const windows = process.platform === 'win32';

function timed(what: string, file: string, args: string[], cwd = dir): number {
  const started = performance.now();
  const out = execFileSync(file, args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    shell: windows,
  });
  const seconds = (performance.now() - started) / 1000;
  const last = out.trim().split('\n').at(-1) ?? '';
  line(`${what.padEnd(26)} ${seconds.toFixed(1)} s  ${last.slice(0, 90)}`);
  return seconds;
}

const ddw = (what: string, ...args: string[]) =>
  timed(what, process.execPath, ['bin/ddworkshop.js', ...args]);

try {
  timed('git clone', 'git', ['clone', '-q', repo, dir], parent);
  const install = timed('npm ci --omit=dev (+build)', windows ? 'npm.cmd' : 'npm', [
    'ci',
    '--omit=dev',
    '--no-audit',
    '--no-fund',
  ]);
  const after = [
    ddw('setup --offline (local)', 'setup', '--offline', '--runtime', 'local', '--yes'),
    ddw('traffic quick', 'traffic', 'quick', '--seed', '1'),
    ddw('verify metrics', 'verify', 'metrics'),
  ].reduce((a, b) => a + b, 0);
  line(
    `after the install ${after.toFixed(1)} s, the install ${install.toFixed(1)} s: ratio ${(after / install).toFixed(2)} (goal < 0.33)`,
  );
} finally {
  try {
    execFileSync(process.execPath, ['bin/ddworkshop.js', 'down', '-v'], { cwd: dir, env, stdio: 'ignore' });
  } catch {}
  rmSync(parent, { recursive: true, force: true });
}
