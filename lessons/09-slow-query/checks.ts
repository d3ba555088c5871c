import { cmd } from '../../cli/base/command.js';
import type { CheckContext } from '../../cli/lessons/check-api.js';
import { defineChecks, fail } from '../../cli/lessons/check-api.js';

const CALLS = 20;
const touchesPurchases = (query: string) => /\bpurchases\b/i.test(query) && /\bproduct_id\b/i.test(query);

/** Calls the product page CALLS times and returns what the purchases statement(s) did meanwhile. */
async function measure(ctx: CheckContext) {
  const db = await ctx.database();
  const reading = async () =>
    new Map(
      (await db.statements())
        .filter((r) => touchesPurchases(r.query) && /^\s*(\/\*.*?\*\/\s*)?(select|with)\b/is.test(r.query))
        .map((r) => [`${r.queryid}/${r.user}/${r.db}`, r]),
    );
  const before = await reading();
  for (let i = 0; i < CALLS; i++) {
    const res = await ctx.http(`/purchases?product_id=${1 + ((ctx.run.productId + i * 37) % 1000)}`);
    if (res.status !== 200)
      fail(
        `GET /purchases answered ${res.status}`,
        `Look at the webapp's output: \`${cmd('logs webapp')}\`.`,
      );
  }
  let calls = 0;
  let blocks = 0;
  const texts: string[] = [];
  for (const [key, r] of await reading()) {
    const b = before.get(key);
    const ran = r.calls - (b?.calls ?? 0);
    if (ran <= 0) continue;
    calls += ran;
    blocks += r.sharedBlksHit + r.sharedBlksRead - (b ? b.sharedBlksHit + b.sharedBlksRead : 0);
    texts.push(r.query);
  }
  return { calls, blocks, texts };
}

export const checks = defineChecks([
  {
    id: 'page',
    title: 'The product page answers (GET /purchases?product_id=…)',
    async run(ctx) {
      const res = await ctx.http(`/purchases?product_id=${1 + (ctx.run.productId % 1000)}`);
      const body = res.json as { purchases?: unknown[] } | undefined;
      if (res.status !== 200 || !Array.isArray(body?.purchases))
        fail(
          `GET /purchases answered ${res.status}`,
          'The route is in webapp/src/routes/database.ts: keep its answer as it was.',
        );
      return `${body?.purchases?.length} purchases`;
    },
  },
  {
    id: 'plan',
    title: 'Its statement is planned with an index, not a sequential scan of purchases',
    needs: ['page'],
    async run(ctx) {
      const db = await ctx.database();
      const { texts } = await measure(ctx);
      const [text] = texts;
      if (!text)
        fail(
          'no statement reading purchases by product_id in pg_stat_statements',
          `Is pg_stat_statements on? \`${cmd('db top')}\` says.`,
        );
      const plan = await db.explain(text);
      if (plan.seqScans.includes('purchases') || plan.indexes.length === 0)
        fail(
          `the plan still reads every row: ${plan.nodes.map((n) => n.nodeType).join(' → ')}`,
          `See it with \`${cmd(`db explain "${text.replace(/\s+/g, ' ').slice(0, 120)}"`)}\`; an index on the filtered column lets PostgreSQL read only the matching rows.`,
        );
      return `${plan.nodes.map((n) => n.nodeType).join(' → ')} using ${plan.indexes.join(', ')}`;
    },
  },
  {
    title: 'A call reads a small fraction of the table (blocks per call, from pg_stat_statements)',
    needs: ['plan'],
    async run(ctx) {
      const db = await ctx.database();
      const [{ relpages } = { relpages: 0 }] = await db.query<{ relpages: number }>(
        "SELECT relpages FROM pg_class WHERE relname = 'purchases' AND relkind = 'r'",
      );
      const { calls, blocks } = await measure(ctx);
      if (calls < CALLS)
        fail(
          `pg_stat_statements counted ${calls} calls of ${CALLS}`,
          'Is the webapp using the workshop database?',
        );
      const perCall = blocks / calls;
      if (perCall > relpages / 4)
        fail(
          `${perCall.toFixed(0)} blocks per call; the whole table is ${relpages} blocks`,
          'The statement still reads most of the table: check the plan again.',
        );
      return `${perCall.toFixed(1)} blocks per call (the whole table: ${relpages})`;
    },
  },
]);
