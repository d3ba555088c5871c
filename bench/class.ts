/**
 * The class hub under a room (BENCH_STUDENTS, default 300), on this machine: each simulated
 * student joins and sends a lesson's worth of check verdicts through the real client code (the
 * outbox and its delivery); 20 % of them are off the network meanwhile (their hub address points
 * nowhere) and deliver when they are back. Figures: p95 from a verdict sent to its row on the
 * instructor's state (goal ≤ 1 s), the instructor's page drawing every row in chromium (goal
 * ≤ 100 ms after the data arrives), events lost (goal 0), the hub's memory. The class is kept in
 * a real PostgreSQL, as `class start` keeps it (BENCH_CLASS_STORE=file: the file store instead).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliver, enqueue, writeMembership } from '../cli/class/class-client.js';
import { fileStore } from '../cli/class/hub-file-store.js';
import { pgStore } from '../cli/class/hub-pg-store.js';
import { createHub } from '../cli/class/hub-server.js';
import { launchBrowser } from '../test/support/browser.js';
import { freePort } from '../test/support/free-port.js';
import { startPostgres } from '../test/support/postgres.js';
import { line, median } from './support.js';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 300);
const CHECKS = 6;
const CODE = 'BENCH1';
const TOKEN = 'instructor-bench-token-0123456789';

const dir = mkdtempSync(join(tmpdir(), 'ddw-bench-class-'));
const port = await freePort();
const usePostgres = process.env.BENCH_CLASS_STORE !== 'file';
const db = usePostgres ? await startPostgres() : undefined;
const store = db ? await pgStore(db.url) : fileStore(join(dir, 'hub.json'));
line(`store: ${usePostgres ? 'PostgreSQL' : 'file'}`);
// One machine plays the room: its one address joins for everyone, so the per-address limit is lifted.
const hub = createHub({
  bind: '127.0.0.1',
  port,
  hosts: ['127.0.0.1'],
  code: CODE,
  instructorToken: TOKEN,
  perMinute: 100_000,
  store,
});
await hub.listen();
const base = `http://127.0.0.1:${port}`;

try {
  // Join: each student's membership in a folder of its own, as on its laptop.
  const folders: string[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const res = await fetch(`${base}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: CODE, name: `student ${i}` }),
    });
    if (res.status !== 201) throw new Error(`join ${i} answered ${res.status}`);
    const { student, token } = (await res.json()) as { student: string; token: string };
    const folder = join(dir, String(i));
    const offline = i % 5 === 0;
    await writeMembership(folder, {
      hub: offline ? 'http://127.0.0.1:9' : base,
      student,
      token,
      name: `student ${i}`,
    });
    folders.push(folder);
  }
  // Verdicts: every student sends CHECKS checks; the time from each send to its row on the hub.
  const latencies: number[] = [];
  let sent = 0;
  for (let round = 0; round < CHECKS; round++) {
    await Promise.all(
      folders.map(async (folder, i) => {
        const at = Date.now();
        await enqueue(folder, { kind: 'check', lesson: `0${round + 1}-lesson`, passed: round % 2 === 0 }, at);
        sent++;
        if (i % 5 === 0) return; // off the network: it stays in the outbox
        await deliver(folder, 2_000);
        latencies.push(Date.now() - at);
      }),
    );
  }
  // Back on the network: the 20 % deliver what waited.
  const { writeFile, readFile } = await import('node:fs/promises');
  for (const [i, folder] of folders.entries()) {
    if (i % 5 !== 0) continue;
    const m = JSON.parse(await readFile(join(folder, 'class.json'), 'utf8')) as { hub: string };
    await writeFile(join(folder, 'class.json'), JSON.stringify({ ...m, hub: base }));
    await deliver(folder, 5_000);
  }
  // Every student's six verdicts arrived, in order: the last is lesson 06, three lessons passed.
  const { students } = (await (await fetch(`${base}/results.json?token=${TOKEN}`)).json()) as {
    students: Array<{ lesson?: string; passed: string[] }>;
  };
  const complete = students.filter(
    (s) => s.lesson === `0${CHECKS}-lesson` && s.passed.length === CHECKS / 2,
  ).length;
  latencies.sort((a, b) => a - b);
  const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? 0;
  line(`${STUDENTS} students, ${sent} verdicts sent (${STUDENTS / 5} students off the network meanwhile)`);
  line(`complete and in order on the hub: ${complete}/${STUDENTS} students`);
  const lost = (STUDENTS - complete) * CHECKS;
  // The page: from navigation to every row drawn.
  const browser = await launchBrowser();
  let drawMs = 0;
  let redraws: number[] = [];
  const stateMs: number[] = [];
  try {
    const page = await browser.newPage();
    const t = performance.now();
    await page.goto(`${base}/?token=${TOKEN}`);
    await page
      .locator('#students tbody tr')
      .nth(STUDENTS - 1)
      .waitFor();
    drawMs = performance.now() - t;
    // Two more of the page's own refreshes (every 3 s), each redraw timed by the page itself.
    await page.waitForFunction(() => performance.getEntriesByName('redraw').length >= 3, undefined, {
      timeout: 15_000,
    });
    redraws = await page.evaluate(() => performance.getEntriesByName('redraw').map((e) => e.duration));
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await (
        await fetch(`${base}/api/state`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).arrayBuffer();
      stateMs.push(performance.now() - started);
    }
  } finally {
    await browser.close();
  }
  line(`instructor's page: ${STUDENTS} rows drawn ${drawMs.toFixed(0)} ms after navigation`);
  line(`the state's answer (/api/state, ${STUDENTS} rows): ${median(stateMs).toFixed(0)} ms (median of 5)`);
  line(
    `the page's redraw of ${STUDENTS} rows once the data is there: ${redraws.map((r) => r.toFixed(0)).join(', ')} ms (goal ≤ 100 ms)`,
  );
  line(
    `hub memory: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB rss (this process: hub and students together)`,
  );
  line(`events lost: ${lost === 0 ? 0 : `up to ${lost}`} (goal 0)`);
  line(`p95 verdict → hub ${p95} ms (goal ≤ 1000 ms)`);
} finally {
  await hub.close();
  await db?.stop();
  rmSync(dir, { recursive: true, force: true });
}
