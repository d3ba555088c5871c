/**
 * Explain plans as the agent collects them, through the `datadog.explain_statement` function
 * Datadog's setup creates (SECURITY DEFINER: the datadog user cannot read the tables itself). A
 * normalised statement has `$n` parameters, so — as the agent does — it is prepared, and its
 * generic plan explained by executing it with NULLs (`plan_cache_mode = force_generic_plan`).
 * A fresh connection each time: the prepared statement dies with it. Exactly one statement is
 * prepared (the extended protocol), and callers connect as the monitoring role (pg_monitor, no
 * write privilege): a statement smuggled in can neither run nor write.
 */
import type pg from 'pg';
import { connectAsCheck } from './connect.js';
import { isExplainable, obfuscateSql } from './obfuscate-sql.js';

export class ExplainError extends Error {
  override name = 'ExplainError';
}

export async function explainStatement(url: string, normalized: string, name: string): Promise<unknown> {
  if (!isExplainable(obfuscateSql(normalized)))
    throw new ExplainError('only reading statements (SELECT, WITH) are explained');
  if (!/^[a-z0-9_]+$/.test(name)) throw new ExplainError('this statement cannot be explained safely');
  const client = connectAsCheck(url);
  await client.connect();
  try {
    await client.query('SET plan_cache_mode = force_generic_plan');
    // The extended protocol takes exactly one statement: `SELECT 1; DROP TABLE …` is refused by
    // the server ("cannot insert multiple commands into a prepared statement"), never run.
    // (queryMode is pg's own option since 8.11; its @types do not list it yet.)
    const prepare: pg.QueryConfig & { queryMode: 'extended' } = {
      text: `PREPARE ${name} AS ${normalized}`,
      queryMode: 'extended',
    };
    await client.query(prepare);
    const params = await client.query(
      'SELECT cardinality(parameter_types) AS n FROM pg_prepared_statements WHERE name = $1',
      [name],
    );
    const n = Number(params.rows[0]?.n ?? 0);
    const execute = n ? `EXECUTE ${name}(${Array(n).fill('null').join(', ')})` : `EXECUTE ${name}`;
    const { rows } = await client.query('SELECT datadog.explain_statement($1) AS plan', [execute]);
    const plan = rows[0]?.plan;
    if (!plan) throw new ExplainError('explain_statement returned no plan');
    return plan;
  } catch (error) {
    if (error instanceof ExplainError) throw error;
    const message = (error as Error).message;
    if (/function datadog\.explain_statement.*does not exist/.test(message))
      throw new ExplainError(
        'datadog.explain_statement does not exist: run docker/postgres/01-datadog.sql as a superuser',
      );
    throw new ExplainError(`explain failed: ${message}`);
  } finally {
    await client.end().catch(() => {});
  }
}
