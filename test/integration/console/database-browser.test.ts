/// <reference lib="dom" />
/**
 * The Infrastructure and Database pages in a real browser over real data: the compose file's
 * PostgreSQL setup, the webapp with dd-trace reading its seeded purchases, the intake's system
 * and postgres checks. The table, plan and trace links are checked against the intake's answers.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { launchBrowser, screenshot, watchErrors } from '../../support/browser.js';
import { startTestIntake, webappAgentEnv } from '../../support/intake.js';
import { startPostgres, type TestPostgres, WORKSHOP_POSTGRES } from '../../support/postgres.js';
import { waitUntil } from '../../support/wait-until.js';
import { startWebapp, type WebappProcess } from '../../support/webapp-process.js';

let db: TestPostgres;
let intake: Intake;
let app: WebappProcess;
let browser: Browser;
let base: string;

interface Statement {
  signature: string;
  query: string;
  calls: number;
}

async function statements(): Promise<Statement[]> {
  const res = await fetch(`${base}/intake/database/statements`, {
    headers: { 'dd-api-key': 'k', 'dd-application-key': 'k' },
  });
  return ((await res.json()) as { statements: Statement[] }).statements;
}

beforeAll(async () => {
  db = await startPostgres(WORKSHOP_POSTGRES);
  intake = await startTestIntake({
    postgresUrl: `postgres://datadog:datadog@127.0.0.1:${db.port}/postgres`,
    systemCheck: true,
    checkIntervalMs: 500,
  });
  base = `http://127.0.0.1:${intake.ports.api}`;
  app = await startWebapp({
    ...db.env,
    ...webappAgentEnv(intake),
    DD_TRACE_FLUSH_INTERVAL: '100',
    DD_DBM_PROPAGATION_MODE: 'full',
  });
  await waitUntil(
    async () => intake.status().collector.find((c) => c.name === 'postgres')?.runs ?? 0,
    (n) => n >= 2,
    'a baseline of pg_stat_statements',
  );
  for (let i = 1; i <= 15; i++) await fetch(`${app.url}/purchases?product_id=${i}`);
  for (let i = 0; i < 5; i++) await fetch(`${app.url}/users`);
  await waitUntil(
    statements,
    (s) => s.some((x) => x.query.includes('FROM purchases') && x.calls >= 15),
    'statements',
  );
  await waitUntil(
    () => intake.engine.activeMetrics(0),
    (m) => m.includes('system.cpu.user') && m.includes('postgresql.queries.count'),
    'system and query metrics',
  );
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await intake?.stop();
  await db?.stop();
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = watchErrors(page);
  await page.goto(`${base}${path}`);
  return { page, errors };
}

describe('the Infrastructure and Database pages', () => {
  it('Database: top statements by total time, as the intake counts them; plan and traces of one', async () => {
    const { page, errors } = await open('/databases/queries');
    const rows = page.locator('#statements tbody tr');
    await rows.first().waitFor();
    const expected = (await statements()).sort((a, b) => b.calls - a.calls);
    const purchases = expected.find((s) => s.query.includes('FROM purchases WHERE product_id = ?'));
    expect(purchases).toBeDefined();
    const row = rows.filter({ hasText: 'FROM purchases WHERE product_id = ?' });
    await expect.poll(() => row.locator('td').nth(1).textContent()).toBe(String(purchases?.calls));
    await row.locator('button').click();
    await expect
      .poll(() => new URL(page.url()).searchParams.get('query_signature'))
      .toBe(purchases?.signature);
    await page.locator('#plan li').first().waitFor();
    const plan = await page.locator('#plan').textContent();
    expect(plan).toContain('Seq Scan on purchases');
    expect(plan).not.toMatch(/product_id = \d/);
    await page.locator('#statement-spans a').first().waitFor({ timeout: 15_000 });
    const href = await page.locator('#statement-spans a').first().getAttribute('href');
    expect(href).toMatch(/^\/apm\/trace\/\d+$/);
    await screenshot(page, 'console', 'database');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Infrastructure: the host charts from the system check; no containers without Docker', async () => {
    const { page, errors } = await open('/infrastructure');
    await page.locator('figure canvas').first().waitFor();
    expect(await page.locator('figure figcaption').allTextContents()).toEqual(
      expect.arrayContaining(['CPU (%)', 'Load', 'Memory used (MiB)']),
    );
    await expect.poll(() => page.locator('main').textContent()).toContain('only the Docker runtime has them');
    await screenshot(page, 'console', 'infrastructure');
    expect(errors).toEqual([]);
    await page.close();
  });
});
