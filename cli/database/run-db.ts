/** `db top` and `db explain`: what Datadog's Database Monitoring shows, read from the database itself. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cmd } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import { loadConfig } from '../config/load-config.js';
import { renderTable } from '../ui/table.js';
import { perCall, sinceSnapshot, snapshotOf, type TopSnapshot, topStatements } from './statement-table.js';
import { openWorkshopDb, type WorkshopDb } from './workshop-db.js';

const fixed = (n: number, digits = 1) => n.toFixed(digits);

async function readSnapshot(file: string): Promise<TopSnapshot | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as TopSnapshot;
  } catch {
    return undefined;
  }
}

const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 5);

export async function dbTop(options: { limit: string; json?: boolean }): Promise<void> {
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new UserError(`--limit ${options.limit} is not a number from 1 to 1000`);
  const config = await loadConfig();
  const db = await openWorkshopDb(config);
  const all = topStatements(await db.statements(), db.modules.obfuscateSql, db.modules.querySignature);
  const top = all.slice(0, limit);
  // Each run keeps its reading: the next one shows what changed since (a fix's blocks per call).
  const file = join(config.stateDir, 'db-top.json');
  const before = await readSnapshot(file);
  await mkdir(config.stateDir, { recursive: true });
  await writeFile(file, `${JSON.stringify(snapshotOf(all, Date.now()))}\n`);
  if (options.json) {
    console.log(
      JSON.stringify(
        top.map(({ normalized: _, ...t }) => ({ ...t, sinceLast: sinceSnapshot(t, before) ?? null })),
        null,
        2,
      ),
    );
    return;
  }
  if (!top.length) {
    console.log(`No statements yet. Send traffic: \`${cmd('traffic shop 30')}\`.`);
    return;
  }
  const since = before ? [`blocks/call since ${clock(before.atMs)}`] : [];
  console.log(
    renderTable(
      ['query_signature', 'calls', 'total ms', 'avg ms', 'blocks/call', ...since, 'rows/call', 'query'],
      top.map((t) => {
        const recent = sinceSnapshot(t, before);
        return [
          t.signature,
          String(t.calls),
          fixed(t.totalTimeMs),
          fixed(perCall(t.totalTimeMs, t.calls), 2),
          fixed(perCall(t.blocks, t.calls)),
          ...(before ? [recent ? `${fixed(recent.blocksPerCall)} (${recent.calls} calls)` : '-'] : []),
          fixed(perCall(t.rows, t.calls)),
          t.query.length > 70 ? `${t.query.slice(0, 67)}...` : t.query,
        ];
      }),
      {
        align: [
          'left',
          'right',
          'right',
          'right',
          'right',
          ...(before ? (['right'] as const) : []),
          'right',
          'left',
        ],
      },
    ),
  );
  if (!before)
    console.log('\nRun it again after a change: it then shows blocks per call since this reading.');
  console.log(`\nA statement's plan: ${cmd(`db explain ${top[0]?.signature}`)}`);
}

/**
 * A statement as `db top` names it (its 16-hex signature), as a span's resource shows it
 * (obfuscated: `?` for each value, as the trace agent writes it), or as written: the SQL to explain.
 * A signature or an obfuscated text is found among the database's statements by signature.
 */
export async function statementSql(db: WorkshopDb, statement: string): Promise<string> {
  const bySignature = /^[0-9a-f]{16}$/.test(statement);
  if (!bySignature && !/\?/.test(statement)) return statement;
  const signature = bySignature ? statement : db.modules.querySignature(db.modules.obfuscateSql(statement));
  const found = topStatements(await db.statements(), db.modules.obfuscateSql, db.modules.querySignature).find(
    (t) => t.signature === signature,
  );
  if (!found)
    throw new UserError(
      `No statement of the database is ${bySignature ? `the signature ${statement}` : `"${statement.slice(0, 80)}"`}`,
      `List them: \`${cmd('db top')}\`.`,
    );
  return found.normalized;
}

export async function dbExplain(statement: string, options: { json?: boolean }): Promise<void> {
  const db = await openWorkshopDb(await loadConfig());
  const sql = await statementSql(db, statement);
  try {
    const plan = await db.explain(sql);
    if (options.json) console.log(JSON.stringify(plan, null, 2));
    else {
      console.log(db.modules.planText(plan));
      if (plan.seqScans.length)
        console.log(`\nSequential scan of ${plan.seqScans.join(', ')}: every row is read for each call.`);
    }
  } catch (error) {
    if (error instanceof db.modules.ExplainError) throw new UserError(error.message);
    throw error;
  }
}
