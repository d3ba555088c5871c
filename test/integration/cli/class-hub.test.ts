/**
 * The class hub over real HTTP and real students: `ddw class join` from a workshop folder whose
 * `.env` holds a Datadog key, lesson checks that reach the hub as events — never the key, never
 * the home folder — delivered once each, kept while the hub is away and delivered when it is
 * back; the hub's tokens, host names and limits; and the instructor's page in Chromium.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queued } from '../../../cli/class/class-client.js';
import { createHub } from '../../../cli/class/hub-server.js';
import { isOurs, readPid } from '../../../cli/local/processes.js';
import { launchBrowser, screenshot, watchErrors } from '../../support/browser.js';
import { freePort } from '../../support/free-port.js';
import { runCli } from '../../support/run-cli.js';
import { waitUntil } from '../../support/wait-until.js';

const repo = resolve(import.meta.dirname, '../../..');
const KEY = 'fake-class-key-not-a-real-one-0042';
const CODE = 'K7P2QX';
const INSTRUCTOR = 'instructor-token-0123456789abcdef';
let dir: string;
let project: string;
let port: number;
/** The course's lessons, as `class start` gives them to the hub for its student × lesson grid. */
const LESSONS = ['01-explore-the-stack', '02-purchase-endpoint', '03-purchase-metrics'];
let hub: ReturnType<typeof createHub>;
let base: string;

async function startHub(): Promise<void> {
  hub = createHub({
    bind: '127.0.0.1',
    port,
    hosts: ['127.0.0.1', 'localhost'],
    code: CODE,
    instructorToken: INSTRUCTOR,
    file: join(dir, 'hub.json'),
    lessons: LESSONS,
  });
  await hub.listen();
}

const state = async () =>
  (await (
    await fetch(`${base}/api/state`, { headers: { authorization: `Bearer ${INSTRUCTOR}` } })
  ).json()) as {
    students: Array<{
      student: string;
      name: string;
      lesson?: string;
      failedInARow: number;
      lastCheck?: { passed: boolean; failure?: { title: string; message?: string } };
    }>;
  };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ddw-class-'));
  // As root (CI), the class's PostgreSQL runs as the postgres user, who must reach its folder.
  chmodSync(dir, 0o755);
  project = join(dir, 'workshop');
  mkdirSync(project);
  cpSync(join(repo, 'lessons'), join(project, 'lessons'), { recursive: true });
  writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
  // A student with a real key in .env: it must never reach the hub.
  writeFileSync(join(project, '.env'), `DD_API_KEY=${KEY}\nDDWORKSHOP_OFFLINE=1\n`);
  port = await freePort();
  base = `http://127.0.0.1:${port}`;
  await startHub();
});

afterAll(async () => {
  await runCli(project, ['class', 'leave'], {}).catch(() => {});
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cliEnv = async () => ({
  DDWORKSHOP_OFFLINE: '1',
  WEBAPP_PORT: String(await freePort()),
  INTAKE_API_PORT: String(await freePort()),
  DD_TRACE_AGENT_PORT: String(await freePort()),
  DDWORKSHOP_CHECK_PATIENCE_MS: '300',
});

describe('a class', () => {
  it('a student joins with the code, and a wrong code is refused', async () => {
    // The tests drive delivery themselves (`class sync --once`); the detached sender has its own test.
    const noSender = { DDWORKSHOP_CLASS_SENDER: '0' };
    const wrong = await runCli(
      project,
      ['class', 'join', base, '--code', 'NOPE99', '--name', 'Ada'],
      noSender,
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr + wrong.stdout).toContain('wrong class code');
    const join = await runCli(
      project,
      ['class', 'join', base, '--code', CODE.toLowerCase(), '--name', 'Ada'],
      noSender,
    );
    expect(join.code, join.stderr).toBe(0);
    expect(join.stdout).toContain('You joined the class as Ada');
    expect((await state()).students.map((s) => s.name)).toEqual(['Ada']);
  });

  it('lesson checks reach the hub, once each, without the key or the home folder', async () => {
    const env = await cliEnv();
    const check = await runCli(project, ['lesson', 'check', '1', '--json'], env);
    expect(check.code).toBe(1);
    const ada = await waitUntil(
      async () => (await state()).students[0],
      (s) => s?.lastCheck !== undefined,
      'the check to reach the hub',
    );
    expect(ada).toMatchObject({
      lesson: '01-explore-the-stack',
      failedInARow: 1,
      lastCheck: { passed: false },
    });
    expect(ada?.lastCheck?.failure?.title).toBeTruthy();
    const stored = readFileSync(join(dir, 'hub.json'), 'utf8');
    await waitUntil(
      () => readFileSync(join(dir, 'hub.json'), 'utf8'),
      (t) => t.includes('01-explore-the-stack'),
      'the hub to save',
    );
    expect(stored).not.toContain(KEY);
    expect(readFileSync(join(dir, 'hub.json'), 'utf8')).not.toContain(homedir());
  });

  it('keeps events while the hub is away and delivers them, in order, once, when it is back', async () => {
    await hub.close();
    const env = await cliEnv();
    await runCli(project, ['lesson', 'hint', '1'], env);
    await runCli(project, ['lesson', 'check', '1', '--json'], env);
    const outbox = await queued(join(project, '.ddworkshop'));
    expect(outbox.map((q) => q.event.kind)).toEqual(['hint', 'check']);
    await startHub();
    const sync = await runCli(project, ['class', 'sync', '--once'], {});
    expect(sync.code, sync.stderr).toBe(0);
    // Twice: a second delivery of the same events changes nothing.
    await runCli(project, ['class', 'sync', '--once'], {});
    const ada = (await state()).students[0];
    expect(ada?.failedInARow).toBe(2);
    expect(await queued(join(project, '.ddworkshop'))).toEqual([]);
  });

  it('the instructor’s broadcast reaches the student’s lesson output', async () => {
    const res = await fetch(`${base}/api/broadcast`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INSTRUCTOR}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Lesson 2 starts in five minutes' }),
    });
    expect(res.status).toBe(201);
    await runCli(project, ['class', 'sync', '--once'], {});
    const check = await runCli(project, ['lesson', 'check', '1'], await cliEnv());
    expect(check.stdout).toContain('instructor: Lesson 2 starts in five minutes');
    const again = await runCli(project, ['lesson', 'check', '1'], await cliEnv());
    expect(again.stdout).not.toContain('Lesson 2 starts in five minutes');
  });

  it('a drill for the room reaches each student as a proposal they start themselves', async () => {
    const propose = (name: string) =>
      fetch(`${base}/api/drill`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INSTRUCTOR}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
    expect((await propose('no-such-drill')).status).toBe(400);
    const res = await propose('slow-users');
    expect(res.status).toBe(201);
    expect(((await res.json()) as { drill: string }).drill).toBe('slow-users');
    await runCli(project, ['class', 'sync', '--once'], {});
    const check = await runCli(project, ['lesson', 'check', '1'], await cliEnv());
    expect(check.stdout).toMatch(/instructor: Drill for the room: The users page .* drill start slow-users/);
    // Nothing started on the laptop: the student decides.
    expect(existsSync(join(project, '.ddworkshop/drill.json'))).toBe(false);
  });
});

describe('the sender join starts', () => {
  it('delivers what waited on its own once the hub is back, and stops with class leave', async () => {
    const again = await runCli(project, ['class', 'join', base, '--code', CODE, '--name', 'Ada again'], {});
    expect(again.code, again.stderr).toBe(0);
    const sender = await readPid(join(project, '.ddworkshop'), 'class-sync');
    expect(await isOurs(sender)).toBe(true);
    await hub.close();
    await runCli(project, ['lesson', 'hint', '1'], await cliEnv());
    await startHub();
    const { me } = await waitUntil(
      async () => ({
        me: (await state()).students.find((s) => s.name === 'Ada again'),
        left: (await queued(join(project, '.ddworkshop'))).length,
      }),
      (r) => r.me !== undefined && r.left === 0,
      'the sender to deliver the hint',
      { timeoutMs: 20_000 },
    );
    expect(me?.lesson).toBe('01-explore-the-stack');
    const leave = await runCli(project, ['class', 'leave'], {});
    expect(leave.stdout).toContain('You left the class');
    await waitUntil(
      () => isOurs(sender),
      (alive) => !alive,
      'the sender to stop',
    );
  }, 60_000);
});

describe('the hub’s doors', () => {
  const post = (path: string, body: unknown, token?: string, host?: string) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(host ? { host } : {}),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('hold a student’s wait for messages until the instructor posts one (long-poll)', async () => {
    const { token } = (await (await post('/api/join', { code: CODE, name: 'Linus' })).json()) as {
      token: string;
    };
    const state = (await (
      await fetch(`${base}/api/state`, { headers: { authorization: `Bearer ${INSTRUCTOR}` } })
    ).json()) as {
      messages: Array<{ n: number }>;
    };
    const after = state.messages.at(-1)?.n ?? 0;
    const started = performance.now();
    const waiting = fetch(`${base}/api/messages?after=${after}&wait=20`, {
      headers: { authorization: `Bearer ${token}` },
    }).then(async (r) => ({
      body: (await r.json()) as { messages: Array<{ text: string }> },
      ms: performance.now() - started,
    }));
    // Nothing yet: the request waits, then the broadcast answers it.
    await new Promise((r) => setTimeout(r, 300));
    expect((await post('/api/broadcast', { text: 'Lunch at noon' }, INSTRUCTOR)).status).toBe(201);
    const { body, ms } = await waiting;
    expect(body.messages.map((m) => m.text)).toEqual(['Lunch at noon']);
    expect(ms).toBeLessThan(10_000);
    // Without wait, or with a message already there, it answers at once.
    const now = (await (
      await fetch(`${base}/api/messages?after=0`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      messages: unknown[];
    };
    expect(now.messages.length).toBeGreaterThan(0);
  });

  it('need a token for everything, and one student cannot write as another', async () => {
    expect((await fetch(`${base}/api/state`)).status).toBe(401);
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/hub.js`)).status).toBe(401);
    expect((await fetch(`${base}/results.csv?token=${INSTRUCTOR}`)).status).toBe(200);
    expect((await post('/api/events', { events: [] })).status).toBe(401);
    const grace = (await (await post('/api/join', { code: CODE, name: 'Grace' })).json()) as {
      token: string;
    };
    const event = {
      id: 'grace-event-0001',
      at: Date.now(),
      kind: 'check',
      lesson: '03-purchase-metrics',
      passed: true,
    };
    expect((await post('/api/events', { events: [event] }, grace.token)).status).toBe(200);
    const rows = (await state()).students;
    expect(rows.find((s) => s.name === 'Grace')?.lesson).toBe('03-purchase-metrics');
    expect(rows.find((s) => s.name === 'Ada')?.lesson).toBe('01-explore-the-stack');
    // A student's token is no instructor's.
    expect(
      (await fetch(`${base}/api/state`, { headers: { authorization: `Bearer ${grace.token}` } })).status,
    ).toBe(401);
  });

  it('answer only their own host names, and refuse what is too large or malformed', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((r) =>
      request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/state',
          headers: { host: 'evil.example', authorization: `Bearer ${INSTRUCTOR}` },
        },
        (res) => r(res.statusCode ?? 0),
      ).end(),
    );
    expect(status).toBe(403);
    expect((await post('/api/join', 'x'.repeat(70_000))).status).toBe(413);
    expect((await post('/api/join', '[1]')).status).toBe(400);
    expect((await post('/api/join', { code: CODE, name: '' })).status).toBe(400);
  });
});

describe('one download for the room', () => {
  it('serves the workshop as git archive makes it — tracked files only — to the class code', async () => {
    const checkout = join(dir, 'checkout');
    mkdirSync(checkout);
    const git = (...args: string[]) => execFileSync('git', ['-C', checkout, ...args], { stdio: 'pipe' });
    git('init', '-q');
    writeFileSync(join(checkout, 'README.md'), '# workshop\n');
    writeFileSync(join(checkout, '.gitignore'), '.env\n');
    writeFileSync(join(checkout, '.env'), `DD_API_KEY=${KEY}\n`);
    git('add', 'README.md', '.gitignore');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'workshop');
    const port2 = await freePort();
    const hub2 = createHub({
      bind: '127.0.0.1',
      port: port2,
      hosts: ['127.0.0.1'],
      code: CODE,
      instructorToken: INSTRUCTOR,
      workshopDir: checkout,
    });
    await hub2.listen();
    try {
      expect((await fetch(`http://127.0.0.1:${port2}/workshop.tar.gz?code=WRONG1`)).status).toBe(403);
      const res = await fetch(`http://127.0.0.1:${port2}/workshop.tar.gz?code=${CODE}`);
      expect(res.status).toBe(200);
      const tgz = join(dir, 'w.tgz');
      writeFileSync(tgz, Buffer.from(await res.arrayBuffer()));
      const listed = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).split('\n').filter(Boolean);
      expect(listed).toEqual(expect.arrayContaining(['ddworkshop/README.md', 'ddworkshop/.gitignore']));
      expect(listed.some((f) => f.endsWith('.env'))).toBe(false);
    } finally {
      await hub2.close();
    }
  });
});

describe('the commands around the hub', () => {
  it('class start prints the join command and the room’s download, which it serves', async () => {
    const hubPort = await freePort();
    const child = spawn(
      process.execPath,
      [
        join(repo, 'bin/ddworkshop.js'),
        '-C',
        project,
        'class',
        'start',
        '--listen',
        '127.0.0.1',
        '--port',
        String(hubPort),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitUntil(
        () => out,
        (t) => t.includes('workshop.tar.gz?code='),
        'class start to print its links',
      );
      expect(out).toMatch(
        new RegExp(`class join http://127\\.0\\.0\\.1:${hubPort} --code [A-Z0-9]{6} --name`),
      );
      // The class is kept in the laptop's own PostgreSQL, started with the hub.
      expect(out).toContain("kept in the class's PostgreSQL");
      expect(existsSync(join(project, '.ddworkshop/class-db/postmaster.pid'))).toBe(true);
      const link = /http:\S+workshop\.tar\.gz\?code=\w+/.exec(out)?.[0] ?? '';
      // The workshop folder here is no git checkout: the hub says so (it serves the folder it runs in).
      const res = await fetch(link);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: string }).error).toContain('not a git checkout');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    // Stopping the hub stops its PostgreSQL.
    expect(existsSync(join(project, '.ddworkshop/class-db/postmaster.pid'))).toBe(false);
  });

  it('class join says what stops a LAN: nothing listening', async () => {
    const closed = await freePort();
    const run = await runCli(
      project,
      ['class', 'join', `http://127.0.0.1:${closed}`, '--code', CODE, '--name', 'Lin'],
      {
        DDWORKSHOP_CLASS_SENDER: '0',
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ECONNREFUSED');
    expect(run.stderr).toContain('Nothing listens there');
  });
});

describe('the instructor’s page', () => {
  it('shows each student’s lesson and last check, stuck first, and sends a broadcast', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      await page.goto(`${base}/?token=${INSTRUCTOR}`);
      await page.locator('#students tbody tr').nth(1).waitFor();
      const first = await page.locator('#students tbody tr').first().textContent();
      expect(first).toContain('Ada');
      expect(await page.locator('#summary').textContent()).toMatch(/4 student\(s\)/); // Ada (again), Grace, Linus and the one the page's setup adds
      // The student × lesson grid: a mark a lesson, in course order, lessons passed shown as such.
      expect(await page.locator('#students tbody tr').first().locator('.mark').count()).toBe(LESSONS.length);
      expect(await page.locator('.mark.passed').count()).toBeGreaterThan(0);
      const marks = page.locator('#students tbody tr').first().locator('.mark');
      expect(await marks.first().getAttribute('title')).toMatch(/^01-explore-the-stack: /);
      expect(await marks.last().getAttribute('title')).toMatch(/^03-purchase-metrics: /);
      await page.getByLabel('Message').fill('Break until 11:00');
      await page.getByRole('button', { name: 'Send to everyone' }).click();
      await page.getByText('Sent: Break until 11:00').waitFor();
      await page.getByLabel('Drill', { exact: true }).selectOption('memory-leak');
      await page.getByRole('button', { name: 'Propose to everyone' }).click();
      await page.getByText('Proposed the drill memory-leak to everyone').waitFor();
      await screenshot(page, 'class', 'hub');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
