/**
 * Two class hubs behind one PostgreSQL, as a hosted hub runs behind a load balancer: a student
 * who joined on one is known to the other, events sent to both are kept once, the instructor's
 * page is the same on each, and a broadcast posted on one answers the students waiting on the
 * other (LISTEN/NOTIFY) at once. The token is stored as its digest, never itself.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, enqueue, writeMembership } from '../../../cli/class/class-client.js';
import { fileStore } from '../../../cli/class/hub-file-store.js';
import { importFileClass, pgStore } from '../../../cli/class/hub-pg-store.js';
import { createHub } from '../../../cli/class/hub-server.js';
import { freePort } from '../../support/free-port.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';
import { runCli } from '../../support/run-cli.js';
import { waitUntil } from '../../support/wait-until.js';

const CODE = 'R3PL1C';
const INSTRUCTOR = 'instructor-token-replicas-0123456789';
let db: TestPostgres;
let url: string;
const hubs: Array<{ hub: ReturnType<typeof createHub>; base: string }> = [];

/** A hub on the shared database: on a free port, or on `port` (a hub restarted where it was). */
async function startReplica(port?: number): Promise<{ hub: ReturnType<typeof createHub>; base: string }> {
  port ??= await freePort();
  const hub = createHub({
    bind: '127.0.0.1',
    port,
    hosts: ['127.0.0.1'],
    code: CODE,
    instructorToken: INSTRUCTOR,
    store: await pgStore(url),
  });
  await hub.listen();
  return { hub, base: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  db = await startPostgres();
  url = db.url;
  // Both start at once: the schema is made once, under a lock.
  hubs.push(...(await Promise.all([startReplica(), startReplica()])));
}, 120_000);

afterAll(async () => {
  for (const { hub } of hubs) await hub.close();
  await db?.stop();
});

const call = (base: string, path: string, token: string, body?: unknown) =>
  fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A student joins on a hub with the class code: their id and token. */
async function joinAs(base: string, name: string): Promise<{ student: string; token: string }> {
  const res = await fetch(`${base}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: CODE, name }),
  });
  expect(res.status, `${name} joins`).toBe(201);
  return (await res.json()) as { student: string; token: string };
}

describe('hubs sharing one PostgreSQL', () => {
  it('know the same students, keep each event once, and draw the same page', async () => {
    const [a, b] = hubs as [(typeof hubs)[0], (typeof hubs)[0]];
    const { token } = await joinAs(a.base, 'Ada');
    const event = (n: number) => ({
      id: `replica-event-${String(n).padStart(4, '0')}`,
      at: Date.now(),
      kind: 'check',
      lesson: '01-explore-the-stack',
      passed: n === 2,
    });
    const first = (await (
      await call(b.base, '/api/events', token, { events: [event(1), event(2)] })
    ).json()) as {
      accepted: number;
    };
    const again = (await (
      await call(a.base, '/api/events', token, { events: [event(2), event(3)] })
    ).json()) as {
      accepted: number;
    };
    expect([first.accepted, again.accepted]).toEqual([2, 1]);
    const pages = await Promise.all(
      hubs.map(
        async (h) => (await (await call(h.base, '/api/state', INSTRUCTOR)).json()) as { students: unknown[] },
      ),
    );
    expect(pages[0]?.students).toEqual(pages[1]?.students);
    expect(pages[0]?.students).toMatchObject([{ name: 'Ada', passed: ['01-explore-the-stack'] }]);
    // What a copy of the database would give away: no token, only its digest.
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const stored = (await client.query('SELECT token_hash FROM class_students')).rows as Array<{
      token_hash: string;
    }>;
    await client.end();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    expect(stored[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answer a student waiting on one hub as soon as the instructor posts on the other', async () => {
    const [a, b] = hubs as [(typeof hubs)[0], (typeof hubs)[0]];
    const { token } = await joinAs(a.base, 'Grace');
    const latest =
      (
        (await (await call(a.base, '/api/messages?after=0', token)).json()) as {
          messages: Array<{ n: number }>;
        }
      ).messages.at(-1)?.n ?? 0;
    const started = performance.now();
    const waiting = call(a.base, `/api/messages?after=${latest}&wait=20`, token).then(async (r) => ({
      body: (await r.json()) as { messages: Array<{ text: string }> },
      ms: performance.now() - started,
    }));
    await new Promise((r) => setTimeout(r, 300));
    expect((await call(b.base, '/api/broadcast', INSTRUCTOR, { text: 'From the other hub' })).status).toBe(
      201,
    );
    const { body, ms } = await waiting;
    expect(body.messages.map((m) => m.text)).toEqual(['From the other hub']);
    expect(ms).toBeLessThan(10_000);
  });

  it('survive the database closing their connections, and hear each other again', async () => {
    const [a, b] = hubs as [(typeof hubs)[0], (typeof hubs)[0]];
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    // What a restart or a failover does to every connection: the hubs' pools and their LISTEN.
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    await admin.end();
    const { token } = await joinAs(a.base, 'Margaret');
    // The LISTEN connection comes back within a second or two: a broadcast on b wakes a again.
    const woke = await waitUntil(
      async () => {
        const latest =
          (
            (await (await call(a.base, '/api/messages?after=0', token)).json()) as {
              messages: Array<{ n: number }>;
            }
          ).messages.at(-1)?.n ?? 0;
        const waiting = call(a.base, `/api/messages?after=${latest}&wait=3`, token).then(
          async (r) => (await r.json()) as { messages: Array<{ text: string }> },
        );
        await new Promise((r) => setTimeout(r, 200));
        await call(b.base, '/api/broadcast', INSTRUCTOR, { text: 'after the restart' });
        return waiting;
      },
      (body) => body.messages.some((m) => m.text === 'after the restart'),
      'a broadcast to wake the other hub again',
      { timeoutMs: 20_000 },
    );
    expect(woke.messages.length).toBeGreaterThan(0);
  });

  it('class start --database says which database it cannot use, its password masked', async () => {
    const project = mkdtempSync(join(tmpdir(), 'ddw-class-db-'));
    try {
      writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
      const run = await runCli(
        project,
        [
          'class',
          'start',
          '--listen',
          '127.0.0.1',
          '--port',
          String(await freePort()),
          '--database',
          `postgres://hub:wrong-secret-pass@127.0.0.1:${await freePort()}/class`,
        ],
        { DDWORKSHOP_CLASS_SENDER: '0' },
        30_000,
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('cannot use the database postgres://hub:****@127.0.0.1:');
      expect(run.stderr + run.stdout).not.toContain('wrong-secret-pass');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('take in a class kept in the file before, once, with its tokens, events and messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddw-class-import-'));
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('CREATE DATABASE imported');
    await admin.end();
    const importedUrl = url.replace(/\/[^/]+$/, '/imported');
    try {
      const file = join(dir, 'class-hub.json');
      const before = fileStore(file);
      const joined = await before.join('Hedy', 'hedy-token-0123456789abcdef');
      await before.addEvents(joined?.id ?? '', [
        { id: 'hedy-event-0001', at: 1, kind: 'check', lesson: '01-explore-the-stack', passed: true },
      ]);
      await before.post({ at: 2, text: 'Welcome' });
      await before.close();
      let store = await pgStore(importedUrl);
      try {
        expect(await importFileClass(importedUrl, file)).toBe(1);
        expect(existsSync(`${file}.imported`)).toBe(true);
        expect(await importFileClass(importedUrl, `${file}.none`)).toBe(0);
        expect(await store.studentByToken('hedy-token-0123456789abcdef')).toEqual({
          id: joined?.id,
          name: 'Hedy',
        });
        expect((await store.students())[0]?.events.map((e) => e.id)).toEqual(['hedy-event-0001']);
        // The page's row, folded from the imported events, and folded on as more arrive.
        expect((await store.rows())[0]).toMatchObject({ name: 'Hedy', passed: ['01-explore-the-stack'] });
        await store.addEvents(joined?.id ?? '', [
          { id: 'hedy-event-0002', at: 3, kind: 'hint', lesson: '02-purchase-endpoint' },
          { id: 'hedy-event-0001', at: 1, kind: 'check', lesson: '01-explore-the-stack', passed: true },
        ]);
        expect((await store.rows())[0]).toMatchObject({ lesson: '02-purchase-endpoint', hints: 1 });
        // A class kept before rows were: its rows are folded from the events at the next start.
        await store.close();
        const { default: pg } = await import('pg');
        const db = new pg.Client({ connectionString: importedUrl });
        await db.connect();
        await db.query('DELETE FROM class_rows');
        await db.end();
        store = await pgStore(importedUrl);
        expect((await store.rows())[0]).toMatchObject({
          lesson: '02-purchase-endpoint',
          hints: 1,
          passed: ['01-explore-the-stack'],
        });
        expect((await store.messages(0)).map((m) => m.text)).toEqual(['Welcome']);
        expect((await store.post({ at: 3, text: 'Next' })).n).toBe(2);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lose no event when a hub is killed mid-class: the laptop’s outbox delivers to its restart', async () => {
    const [a] = hubs as [(typeof hubs)[0]];
    const folder = mkdtempSync(join(tmpdir(), 'ddw-class-laptop-'));
    try {
      const joined = await joinAs(a.base, 'Barbara');
      await writeMembership(folder, {
        hub: a.base,
        student: joined.student,
        token: joined.token,
        name: 'Barbara',
      });
      await a.hub.close(); // killed: every event queued meanwhile waits on the laptop
      for (let i = 1; i <= 5; i++)
        await enqueue(folder, { kind: 'check', lesson: '01-explore-the-stack', passed: i === 5 });
      expect((await deliver(folder, 1_000)).sent).toBe(0);
      hubs[0] = await startReplica(Number(new URL(a.base).port));
      expect(await deliver(folder)).toEqual({ sent: 5, left: 0 });
      const page = (await (await call(a.base, '/api/state', INSTRUCTOR)).json()) as {
        students: Array<{ name: string; passed: string[]; failedInARow: number }>;
      };
      expect(page.students.find((s) => s.name === 'Barbara')).toMatchObject({
        passed: ['01-explore-the-stack'],
        failedInARow: 0,
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
