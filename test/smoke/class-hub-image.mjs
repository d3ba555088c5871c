// The hosted class hub's image, checked on a real Docker engine (.ci/run runs it after npm test):
// built from docker/class-hub/Dockerfile, two hubs on one PostgreSQL container — a student who
// joined on one sends events through the other, both draw the same page, a broadcast posted on one
// answers the student waiting on the other, and a Host the hubs do not advertise is refused.
// Needs the engine and the local base images (NODE_IMAGE, POSTGRES_IMAGE) the CI installs.
import { execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const nodeImage = process.env.NODE_IMAGE ?? 'ddworkshop/node-base:20';
const postgresImage = process.env.POSTGRES_IMAGE ?? 'ddworkshop/postgres-local:15';
const docker = (...args) =>
  execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const CODE = 'H0ST3D';
const TOKEN = 'instructor-token-hosted-0123456789';
const HOST = 'class.example.org';
const net = `ddw-hub-${process.pid}`;
const names = [`${net}-db`, `${net}-1`, `${net}-2`];
const log = (line) => process.stdout.write(`[class-hub-image] ${line}\n`);

function call(port, method, path, { token, body, host = HOST } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          host,
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : {} }));
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

function check(ok, what) {
  if (!ok) throw new Error(`FAILED: ${what}`);
  log(`ok: ${what}`);
}

try {
  log('building the image');
  docker(
    'build',
    '-q',
    '-f',
    join(repo, 'docker/class-hub/Dockerfile'),
    '--build-arg',
    `NODE_IMAGE=${nodeImage}`,
    '-t',
    'ddworkshop/class-hub:check',
    repo,
  );
  // `--npm-cache` keeps the tarballs these lock files name: the image must carry all three.
  const locks = ['package-lock.json', 'intake/package-lock.json', 'webapp/package-lock.json'];
  // `ls` exits non-zero (and docker() throws) when one is missing.
  docker('run', '--rm', '--entrypoint', 'ls', 'ddworkshop/class-hub:check', ...locks);
  log('ok: the image carries the lock files its npm cache reads');
  docker('network', 'create', net);
  docker(
    'run',
    '-d',
    '--name',
    names[0],
    '--network',
    net,
    '-e',
    'POSTGRES_USER=hub',
    '-e',
    'POSTGRES_PASSWORD=db-pass-not-a-secret-0042',
    '-e',
    'POSTGRES_DB=class',
    postgresImage,
  );
  for (let i = 0; ; i++) {
    try {
      docker('exec', names[0], 'pg_isready', '-U', 'hub', '-d', 'class');
      break;
    } catch {
      if (i > 60) throw new Error('PostgreSQL did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  const env = [
    `DDWORKSHOP_CLASS_DATABASE_URL=postgres://hub:db-pass-not-a-secret-0042@${names[0]}:5432/class`,
    `DDWORKSHOP_CLASS_CODE=${CODE}`,
    `DDWORKSHOP_CLASS_INSTRUCTOR_TOKEN=${TOKEN}`,
    `DDWORKSHOP_CLASS_HOSTS=${HOST}`,
  ].flatMap((e) => ['-e', e]);
  for (const name of names.slice(1))
    docker(
      'run',
      '-d',
      '--name',
      name,
      '--network',
      net,
      '-p',
      '127.0.0.1::4321',
      ...env,
      'ddworkshop/class-hub:check',
    );
  const [a, b] = names.slice(1).map((n) => Number(docker('port', n, '4321/tcp').split(':').at(-1)));
  for (let i = 0; ; i++) {
    const up = await Promise.all(
      [a, b].map((p) => call(p, 'GET', '/api/state', { token: TOKEN }).catch(() => ({ status: 0 }))),
    );
    if (up.every((r) => r.status === 200)) break;
    if (i > 60) throw new Error(`the hubs did not answer:\n${docker('logs', names[1])}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const joined = await call(a, 'POST', '/api/join', { body: { code: CODE, name: 'Ada' } });
  check(joined.status === 201, 'a student joins on the first hub');
  const event = {
    id: 'hosted-event-0001',
    at: Date.now(),
    kind: 'check',
    lesson: '01-explore-the-stack',
    passed: true,
  };
  const sent = await call(b, 'POST', '/api/events', {
    token: joined.body.token,
    body: { events: [event, event] },
  });
  check(sent.body.accepted === 1, 'the second hub knows the student and keeps the event once');
  const [one, two] = await Promise.all([a, b].map((p) => call(p, 'GET', '/api/state', { token: TOKEN })));
  check(
    JSON.stringify(one.body.students) === JSON.stringify(two.body.students) &&
      one.body.students[0]?.passed?.[0] === '01-explore-the-stack',
    'both hubs draw the same page',
  );
  const started = Date.now();
  const waiting = call(a, 'GET', '/api/messages?after=0&wait=20', { token: joined.body.token });
  await new Promise((r) => setTimeout(r, 300));
  await call(b, 'POST', '/api/broadcast', { token: TOKEN, body: { text: 'from the other hub' } });
  const woke = await waiting;
  check(
    woke.body.messages?.[0]?.text === 'from the other hub' && Date.now() - started < 10_000,
    'a broadcast on one hub answers the student waiting on the other',
  );
  const foreign = await call(a, 'GET', '/api/state', { token: TOKEN, host: 'evil.example' });
  check(
    foreign.status === 403 || foreign.status === 421,
    `a Host the hubs do not advertise is refused (${foreign.status})`,
  );
  log('passed');
} finally {
  for (const n of names) {
    try {
      docker('rm', '-f', n);
    } catch {}
  }
  try {
    docker('network', 'rm', net);
  } catch {}
}
