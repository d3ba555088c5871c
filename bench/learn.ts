/**
 * Feedback on save, as a student lives it: `learn` in a real terminal (tmux) on the local
 * runtime, offline; a save in webapp/src (a comment line appended to a solved file) until the
 * screen shows the verdict again. Lesson 2's checks are code only (its route); lesson 3's find
 * metrics through the API (one DogStatsD flush plus queries). The floor: a bare restart of the
 * compiled webapp until /health answers. Medians of BENCH_ROUNDS×2 saves each. BENCH_RUNTIME=docker
 * measures the Docker runtime instead.
 * Goals: lesson 2 ≤ 3 s, lesson 3 ≤ 12 s.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../test/support/free-port.js';
import { copyProject } from '../test/support/project-copy.js';
import { runCli } from '../test/support/run-cli.js';
import { openTerminal } from '../test/support/tmux.js';
import { line, median, rounds, waitFor } from './support.js';

const repo = resolve(import.meta.dirname, '..');
const project = await copyProject({ copyWebapp: true });
// BENCH_RUNTIME=docker: the same loop on the Docker runtime (image rebuilt, container recreated),
// from the base images .ci/install-docker.sh makes (no registry here).
const runtime = process.env.BENCH_RUNTIME === 'docker' ? 'docker' : 'local';
if (runtime === 'docker')
  Object.assign(project.env, {
    NODE_IMAGE: 'ddworkshop/node-base:20',
    POSTGRES_IMAGE: 'ddworkshop/postgres-local:15',
  });
const cli = async (...args: string[]) => {
  const run = await runCli(project.dir, args, project.env);
  if (run.code !== 0) throw new Error(`${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`);
  return run;
};

async function bareRestart(): Promise<number> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(project.dir, 'webapp/dist/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      DB_PORT: String(project.ports.postgres),
      DB_HOST: '127.0.0.1',
      DB_USER: 'root',
      DB_PASSWORD: 'changeme',
      DB_NAME: 'postgres',
      DD_TRACE_AGENT_PORT: String(project.ports.trace),
      DD_DOGSTATSD_PORT: String(project.ports.dogstatsd),
    },
    stdio: 'ignore',
  });
  await waitFor(`http://127.0.0.1:${port}/health`, 30_000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  child.kill();
  await once(child, 'exit');
  return seconds;
}

/** Where each save's time went: until the checks start (debounce, transpile, restart), then the checks. */
const phases: Array<{ reload: number; checks: number }> = [];

/** Saves `file` (a comment appended) and times until the screen shows a passed verdict again. */
async function saveUntilVerdict(
  term: ReturnType<typeof openTerminal>,
  file: string,
  lesson: number,
): Promise<number> {
  const passed = new RegExp(`Lesson ${lesson} passed`);
  let checkingAt: number | undefined;
  const started = Date.now();
  appendFileSync(file, `// saved ${started}\n`);
  // The old verdict goes away first (restarting, then checking), then the new one comes.
  while (passed.test(term.screen())) {
    if (Date.now() - started > 10_000) throw new Error('the save was not picked up');
    await new Promise((r) => setTimeout(r, 20));
  }
  for (;;) {
    const screen = term.screen();
    const at = (Date.now() - started) / 1000;
    if (/Checking…/.test(screen) && checkingAt === undefined) checkingAt = at;
    if (passed.test(screen)) {
      phases.push({ reload: checkingAt ?? at, checks: at - (checkingAt ?? at) });
      return at;
    }
    if (/Not yet/.test(screen)) throw new Error(`lesson ${lesson} failed after a save:\n${screen}`);
    if (Date.now() - started > 120_000) throw new Error(`no verdict in 120 s:\n${screen}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let term: ReturnType<typeof openTerminal> | undefined;
try {
  await cli('setup', '--offline', '--runtime', runtime, '-y');
  for (const n of ['2', '3']) await cli('lesson', 'apply', n, '--no-reload');
  await cli('up', '--build');
  writeFileSync(
    join(project.dir, '.ddworkshop/progress.json'),
    JSON.stringify({ version: 1, current: '02-purchase-endpoint', lessons: {} }),
  );
  const env = Object.entries({ ...project.env, FORCE_COLOR: '0' })
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  term = openTerminal(
    'ddw-bench-learn',
    `cd ${project.dir} && env ${env} node ${repo}/bin/ddworkshop.js learn`,
  );
  await waitForScreen(term, /Lesson 2 passed/, 120_000);
  const routes = join(project.dir, 'webapp/src/routes/purchase.ts');
  const original = readFileSync(routes, 'utf8');
  const floor: number[] = [];
  const lesson2: number[] = [];
  const lesson3: number[] = [];
  for (let i = 0; i < rounds() * 2; i++) {
    if (runtime === 'local') floor.push(await bareRestart());
    lesson2.push(await saveUntilVerdict(term, routes, 2));
  }
  term.keys('n');
  await waitForScreen(term, /Lesson 3\/\d+/, 20_000);
  // Lesson 3's first check run sends purchases, so the distribution exists to enable percentiles on.
  term.keys('c');
  await waitForScreen(term, /Not yet|Lesson 3 passed/, 120_000);
  await cli('metrics', 'percentiles', 'ecommerce.processing_time');
  term.keys('c');
  await waitForScreen(term, /Lesson 3 passed/, 120_000);
  for (let i = 0; i < rounds() * 2; i++) lesson3.push(await saveUntilVerdict(term, routes, 3));
  writeFileSync(routes, original);
  line(`${runtime} runtime; bare webapp restart: ${floor.length ? `${median(floor).toFixed(2)} s` : 'n/a'}`);
  const split = (from: number, to: number) =>
    `save → checks start ${median(phases.slice(from, to).map((p) => p.reload)).toFixed(2)} s, checks ${median(phases.slice(from, to).map((p) => p.checks)).toFixed(2)} s`;
  line(
    `lesson 2 (code-only check): ${lesson2.map((s) => s.toFixed(1)).join(', ')} s; ${split(0, lesson2.length)}`,
  );
  line(
    `lesson 3 (metric check): ${lesson3.map((s) => s.toFixed(1)).join(', ')} s; ${split(lesson2.length, phases.length)}`,
  );
  line(
    `feedback on save: lesson 2 ${median(lesson2).toFixed(2)} s (goal ≤ 3 s), lesson 3 ${median(lesson3).toFixed(2)} s (goal ≤ 12 s)`,
  );
} finally {
  term?.close();
  await runCli(project.dir, ['down', '-v'], project.env);
  project.remove();
}

async function waitForScreen(t: ReturnType<typeof openTerminal>, pattern: RegExp, timeoutMs: number) {
  return t.waitFor(pattern, timeoutMs);
}
