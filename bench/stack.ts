/**
 * Warm offline stack start (images built) until GET /health answers 200: ddworkshop's Engine
 * API back end vs Debian's docker-compose 1.29 on the same compose file, alternating rounds,
 * medians. Goals: ours/theirs ≤ 1.0 and under 20 s. Needs a Docker engine and the local base
 * images (.ci/install-docker.sh); the peer comes from `apt-get install docker-compose`.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { copyProject } from '../test/support/project-copy.js';
import { line, median, rounds, waitFor } from './support.js';

const project = await copyProject({ copyWebapp: true });
const env = {
  ...process.env,
  ...project.env,
  NODE_IMAGE: 'ddworkshop/node-base:20',
  POSTGRES_IMAGE: 'ddworkshop/postgres-local:15',
  FORCE_COLOR: '0',
};
const cli = (...args: string[]) =>
  execFileSync(
    process.execPath,
    [join(import.meta.dirname, '../bin/ddworkshop.js'), '-C', project.dir, ...args],
    { env, stdio: 'pipe' },
  );
const health = `http://127.0.0.1:${project.ports.webapp}/health`;

// docker-compose 1.29 predates `required:` in depends_on and `cgroup:` (the real agent's, which
// the offline profile does not start): give it the same file without them. A dependency with
// `required: false` is kept when its service runs in the offline profile — Compose waits on it
// then, as we do — and dropped when it does not (the real agent). (Until session 11 every such
// dependency was dropped: docker-compose started the webapp without waiting for the intake.)
const compat = join(project.dir, 'docker-compose.v1.yml');
const doc = parse(readFileSync(join(project.dir, 'docker-compose.yml'), 'utf8')) as {
  name?: string;
  services: Record<
    string,
    { depends_on?: Record<string, { required?: boolean }>; cgroup?: string; profiles?: string[] }
  >;
};
delete doc.name;
const offline = (name: string) => {
  const profiles = doc.services[name]?.profiles;
  return doc.services[name] !== undefined && (!profiles || profiles.includes('offline'));
};
for (const s of Object.values(doc.services)) {
  delete s.cgroup;
  for (const [dep, spec] of Object.entries(s.depends_on ?? {})) {
    if (spec.required === false && !offline(dep)) delete s.depends_on?.[dep];
    else delete spec.required;
  }
}
writeFileSync(compat, stringify(doc));
const hasPeer = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
const compose = (...args: string[]) =>
  execFileSync('docker-compose', ['-p', 'ddworkshop', '-f', compat, '--profile', 'offline', ...args], {
    cwd: project.dir,
    env,
    stdio: 'pipe',
  });

/** Starts the command and times until /health answers, whether or not the command has returned. */
async function timed(file: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  const done = new Promise<void>((resolve, reject) =>
    execFile(file, args, { cwd: project.dir, env }, (e) => (e ? reject(e) : resolve())),
  );
  await waitFor(health, 120_000);
  const seconds = (performance.now() - t0) / 1000;
  await done;
  return seconds;
}

const ours: number[] = [];
const theirs: number[] = [];
try {
  cli('up', '--offline', '--runtime', 'docker'); // warm: images built once
  cli('down', '--runtime', 'docker');
  for (let i = 0; i < rounds(); i++) {
    ours.push(
      await timed(process.execPath, [
        join(import.meta.dirname, '../bin/ddworkshop.js'),
        '-C',
        project.dir,
        'up',
        '--offline',
        '--runtime',
        'docker',
      ]),
    );
    cli('down', '--runtime', 'docker');
    if (hasPeer) {
      theirs.push(
        await timed('docker-compose', ['-p', 'ddworkshop', '-f', compat, '--profile', 'offline', 'up', '-d']),
      );
      compose('down');
    }
  }
} finally {
  try {
    cli('down', '-v', '--runtime', 'docker');
  } catch {}
  project.remove();
}
line(
  `ddworkshop up (Engine API): ${median(ours).toFixed(1)} s to a healthy webapp (median of ${ours.length}; goal under 20 s)`,
);
line(`  each round: ${ours.map((s) => s.toFixed(2)).join(', ')} s`);
if (hasPeer) {
  line(`docker-compose 1.29 up -d: ${median(theirs).toFixed(1)} s to a healthy webapp`);
  line(`  each round: ${theirs.map((s) => s.toFixed(2)).join(', ')} s`);
  line(`ratio ${(median(ours) / median(theirs)).toFixed(2)} (goal ≤ 1.0)`);
} else {
  line('docker-compose is not installed (apt-get install docker-compose): no peer measured');
  line(`ratio n/a (goal ≤ 1.0); ours ${median(ours).toFixed(1)} s`);
}
