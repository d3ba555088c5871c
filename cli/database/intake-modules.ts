/**
 * The intake's database code (obfuscation, pg_stat_statements, explain plans), used by the CLI
 * as the same code: one home for each. The intake is its own compiled project (intake/dist), next
 * to the CLI's dist/ at run time, so it is loaded from there; the types come from its sources.
 */
import type * as ExplainPlan from '../../intake/src/database/explain-plan.js';
import type * as Obfuscate from '../../intake/src/database/obfuscate-sql.js';
import type * as ReadStatements from '../../intake/src/database/read-statements.js';
import type * as RunExplain from '../../intake/src/database/run-explain.js';

export type { PlanSummary } from '../../intake/src/database/explain-plan.js';
export type { StatementRow } from '../../intake/src/database/statement-metrics.js';

const load = async <T>(file: string): Promise<T> =>
  (await import(new URL(`../../../intake/dist/database/${file}`, import.meta.url).href)) as T;

export interface DatabaseModules {
  obfuscateSql: typeof Obfuscate.obfuscateSql;
  querySignature: typeof Obfuscate.querySignature;
  readStatements: typeof ReadStatements.readStatements;
  explainStatement: typeof RunExplain.explainStatement;
  ExplainError: typeof RunExplain.ExplainError;
  summarizePlan: typeof ExplainPlan.summarizePlan;
  planText: typeof ExplainPlan.planText;
}

export async function databaseModules(): Promise<DatabaseModules> {
  const [obfuscate, read, run, plan] = await Promise.all([
    load<typeof Obfuscate>('obfuscate-sql.js'),
    load<typeof ReadStatements>('read-statements.js'),
    load<typeof RunExplain>('run-explain.js'),
    load<typeof ExplainPlan>('explain-plan.js'),
  ]);
  return {
    obfuscateSql: obfuscate.obfuscateSql,
    querySignature: obfuscate.querySignature,
    readStatements: read.readStatements,
    explainStatement: run.explainStatement,
    ExplainError: run.ExplainError,
    summarizePlan: plan.summarizePlan,
    planText: plan.planText,
  };
}
