/**
 * `db explain` explains exactly one statement and can change nothing: statements that write,
 * whatever their disguise, are refused and the database is as before — through the monitoring
 * role the CLI uses, and even as the superuser (the extended protocol takes one statement only).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainStatement } from '../../../intake/src/database/run-explain.js';
import { startPostgres, type TestPostgres, WORKSHOP_POSTGRES } from '../../support/postgres.js';

let db: TestPostgres;
let admin: pg.Client;
const marker = join(mkdtempSync(join(tmpdir(), 'ddw-explain-')), 'ran');

beforeAll(async () => {
  db = await startPostgres(WORKSHOP_POSTGRES);
  admin = new pg.Client({
    host: '127.0.0.1',
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
  });
  await admin.connect();
  await admin.query('CREATE TABLE purchases (id serial PRIMARY KEY, product_id int, amount numeric)');
  await admin.query(
    'INSERT INTO purchases (product_id, amount) SELECT g % 10, g FROM generate_series(1, 100) g',
  );
}, 60_000);
afterAll(async () => {
  await admin?.end().catch(() => {});
  await db?.stop();
  rmSync(join(marker, '..'), { recursive: true, force: true });
});

const ATTACKS = [
  'SELECT 1; DROP TABLE purchases; --',
  'SELECT 1; DELETE FROM purchases',
  "SELECT 1; COPY (SELECT 1) TO PROGRAM 'touch MARKER'",
  'SELECT 1 /* ; */; UPDATE purchases SET amount = 0',
  'WITH gone AS (DELETE FROM purchases RETURNING *) SELECT * FROM gone',
  'WITH changed AS (UPDATE purchases SET amount = 0 RETURNING *) SELECT count(*) FROM changed',
  'CREATE TABLE stolen AS SELECT * FROM purchases',
  'SELECT * INTO stolen FROM purchases',
  'DROP TABLE purchases',
  "SELECT 1; SELECT pg_catalog.set_config('default_transaction_read_only', 'off', false); TRUNCATE purchases",
];

async function intact(): Promise<void> {
  const { rows } = await admin.query('SELECT count(*)::int AS n, sum(amount)::int AS total FROM purchases');
  expect(rows[0]).toEqual({ n: 100, total: 5050 });
  const stolen = await admin.query("SELECT to_regclass('public.stolen') AS t");
  expect(stolen.rows[0].t).toBeNull();
  expect(existsSync(marker)).toBe(false);
}

describe('db explain', () => {
  const as = {
    'the monitoring role (what the CLI uses)': () =>
      `postgres://datadog:datadog@127.0.0.1:${db.port}/${db.database}`,
    'the superuser': () => db.url,
  };
  for (const [who, url] of Object.entries(as)) {
    it(`as ${who}: every writing statement is refused and nothing changes`, async () => {
      let n = 0;
      for (const attack of ATTACKS) {
        const sql = attack.replace('MARKER', marker);
        await expect(explainStatement(url(), sql, `dd_cli_test_${n++}`), sql).rejects.toThrow();
        await intact();
      }
    });
  }

  it('still explains a reading statement with parameters', async () => {
    const plan = await explainStatement(
      `postgres://datadog:datadog@127.0.0.1:${db.port}/${db.database}`,
      'SELECT * FROM purchases WHERE product_id = $1',
      'dd_cli_ok',
    );
    expect(JSON.stringify(plan)).toMatch(/Seq Scan|Index Scan/);
  });
});
