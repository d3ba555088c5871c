/**
 * The console's Database page: the statements the postgres check has seen (obfuscated, with their
 * totals), a statement's explain plan (through `datadog.explain_statement`, cached 10 s), and
 * the `pg.query` spans that ran it — matched as Datadog matches them, by the signature of the
 * span's obfuscated resource. Intake-only paths: Datadog shows these in its DBM pages, not its API.
 */
import type { DbPlan, DbSpans, DbStatements } from '#contracts/wire/intake-views.js';
import { planText, summarizePlan } from '../database/explain-plan.js';
import { obfuscateSql, querySignature } from '../database/obfuscate-sql.js';
import { ExplainError } from '../database/run-explain.js';
import type { StatementCatalog } from '../database/statement-catalog.js';
import { sendJson } from '../http/http-util.js';
import type { Router } from '../http/router.js';
import { parseTimeMs } from '../query/time.js';
import type { SpanStore } from '../traces/span-store.js';
import { ApiError } from './api-error.js';
import { consoleSpanJson } from './spans-api.js';

export interface DatabaseDeps {
  catalog: StatementCatalog;
  /** Explains a normalised statement; undefined when no PostgreSQL is configured. */
  explain?: (normalized: string, signature: string) => Promise<unknown>;
  /** The postgres check's warning (pg_stat_statements missing…), if any. */
  warning: () => string | undefined;
}

const PLAN_TTL_MS = 10_000;

/** `saw`: each look at the database page's data, for what the student looked at (looks.ts). */
export function databaseRoutes(
  router: Router,
  db: DatabaseDeps,
  spans: SpanStore,
  saw: (what: string) => void = () => {},
): void {
  const plans = new Map<string, { atMs: number; body: object }>();
  const entry = (signature: string | undefined) => {
    const found = db.catalog.get(signature ?? '');
    if (!found) throw new ApiError(404, `Statement ${signature} not found`);
    return found;
  };
  router
    .on('GET', '/intake/database/statements', (_req, res) => {
      saw('top statements');
      const statements = db.catalog.list().sort((a, b) => b.totalTimeMs - a.totalTimeMs);
      const warning = db.warning();
      const answer = { statements, enabled: Boolean(db.explain), ...(warning ? { warning } : {}) };
      sendJson(res, 200, answer satisfies DbStatements);
    })
    .on('GET', '/intake/database/statements/:signature', (_req, res, p) =>
      sendJson(res, 200, entry(p.signature)),
    )
    .on('GET', '/intake/database/statements/:signature/plan', async (_req, res, p) => {
      const found = entry(p.signature);
      saw(`plan ${found.query}`);
      const cached = plans.get(found.signature);
      if (cached && Date.now() - cached.atMs < PLAN_TTL_MS) return sendJson(res, 200, cached.body);
      const normalized = db.catalog.normalizedText(found.signature);
      if (!db.explain || !normalized) throw new ApiError(404, 'No PostgreSQL to explain this statement on');
      try {
        const summary = summarizePlan(await db.explain(normalized, `dd_${found.signature}`));
        const body = {
          signature: found.signature,
          query: found.query,
          plan: summary,
          text: planText(summary),
        } satisfies DbPlan;
        plans.set(found.signature, { atMs: Date.now(), body });
        if (plans.size > 200) plans.delete(plans.keys().next().value as string);
        sendJson(res, 200, body);
      } catch (error) {
        if (error instanceof ExplainError) throw new ApiError(422, error.message);
        throw error;
      }
    })
    .on('GET', '/intake/database/statements/:signature/spans', (_req, res, p, q) => {
      const found = entry(p.signature);
      const nowMs = Date.now();
      const from = parseTimeMs(q.get('from') ?? 'now-15m', nowMs);
      const to = parseTimeMs(q.get('to') ?? 'now', nowMs);
      if (from === undefined || to === undefined)
        throw new ApiError(400, 'from and to must be dates or now-<n><unit>');
      const bySignature = new Map<string, string>();
      const same = spans.search('operation_name:pg.query', from, to, 20_000).filter((s) => {
        let sig = bySignature.get(s.resource);
        if (sig === undefined) {
          sig = querySignature(obfuscateSql(s.resource));
          if (bySignature.size < 10_000) bySignature.set(s.resource, sig);
        }
        return sig === found.signature;
      });
      sendJson(res, 200, {
        data: same.slice(0, 50).map(consoleSpanJson),
        total: same.length,
      } satisfies DbSpans);
    });
}
