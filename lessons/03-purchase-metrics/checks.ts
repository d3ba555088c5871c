import { cmd } from '../../cli/base/command.js';
import { type CheckContext, defineChecks, fail, failNow, purchase } from '../../cli/lessons/check-api.js';
import { typeMismatch } from '../../cli/verify/metric-types.js';

// Each run buys a product id of its own (ctx.run.productId) and looks only at data since the
// run started, so nothing from an earlier run can make it pass or fail.
const purchases = [
  { quantity: 3, price: 20 }, // 60.00: large
  { quantity: 2, price: 2.5 }, // 5.00: small
];

/** Tag keys the agent and the tracer add themselves: never the student's mistake. */
const AMBIENT_KEYS = new Set(['service', 'env', 'version', 'host', 'source', 'runtime', 'language']);

/** ` — it has range:… instead (no such tag is expected)`, naming keys the student sent that the lesson does not ask for. */
async function unexpectedKeys(ctx: CheckContext, metric: string, expected: string[]): Promise<string> {
  const tags = await ctx.metricTags(metric).catch(() => []);
  const odd = [...new Set(tags.map((t) => t.split(':')[0] ?? ''))].filter(
    (k) => k && !expected.includes(k) && !AMBIENT_KEYS.has(k),
  );
  return odd.length
    ? `; it is tagged ${odd.map((k) => `${k}:…`).join(', ')}, which the lesson does not ask for (a misspelt key?)`
    : '';
}

async function typeProblem(ctx: CheckContext, name: string, kind: 'gauge' | 'count' | 'distribution') {
  let arrived = await ctx.metricType(name);
  if (!arrived && kind !== 'count' && (await ctx.metricType(`${name}.avg`))) arrived = 'histogram';
  return typeMismatch(name, kind, arrived);
}

/** Whether this run's own points arrived under a metric name. */
async function runPointsArrived(ctx: CheckContext, metric: string, scope: string): Promise<boolean> {
  const series = await ctx.queryMetrics(`max:${metric}{${scope}}`, { since: 'run' });
  return series.some((s) => s.points.length > 0);
}

const FIX = 'Change the call in webapp/src/metrics/purchase-metrics.ts and save.';

/**
 * Fails with what arrived and the call that fixes it when the metric came as another type. A
 * histogram under the name answers as `name.avg`, `name.max`… (the name keeps the type it had):
 * the run's own points there mean the code sends a histogram now. The stored type is judged once
 * this run's own points are in: read earlier, it can be the type sent before the student's fix.
 * Callers query the run's series first and judge the type after: a type read before the query
 * can be the old one while the new points land in between, and the series alone would pass.
 */
async function expectType(
  ctx: CheckContext,
  name: string,
  kind: 'gauge' | 'count' | 'distribution',
  scope: string,
) {
  if (kind !== 'count' && (await runPointsArrived(ctx, `${name}.max`, scope)))
    failNow(typeMismatch(name, kind, 'histogram') ?? `${name} arrived as a histogram`, FIX);
  const problem = await typeProblem(ctx, name, kind);
  if (!problem) return;
  if (!(await runPointsArrived(ctx, name, scope))) fail(`${problem} (waiting for this run's own points)`);
  const still = await typeProblem(ctx, name, kind);
  if (still) failNow(still, FIX);
}

export const checks = defineChecks([
  {
    id: 'purchases',
    title: 'Purchases go through',
    async run(ctx) {
      for (const p of purchases) await purchase(ctx, { user_id: 7, ...p });
      return `2 purchases of product ${ctx.run.productId}`;
    },
  },
  {
    title: 'ecommerce.purchase_amount: a gauge with currency, amount_range and product_id',
    needs: ['purchases'],
    async run(ctx) {
      const productId = ctx.run.productId;
      return ctx.eventually(async () => {
        const series = await ctx.queryMetrics(
          `max:ecommerce.purchase_amount{product_id:${productId}} by {amount_range,currency}`,
          { since: 'run' },
        );
        await expectType(ctx, 'ecommerce.purchase_amount', 'gauge', `product_id:${productId}`);
        // Datadog lowercases tag values; the intake keeps them as sent.
        const ranges = new Set(
          series.filter((s) => s.points.length > 0).flatMap((s) => s.tagSet.map((t) => t.toLowerCase())),
        );
        if (!ranges.has('currency:usd'))
          fail(
            `ecommerce.purchase_amount for product ${productId} has no currency:USD tag`,
            'Tag the gauge with currency:USD.',
          );
        for (const want of ['amount_range:large', 'amount_range:small']) {
          if (!ranges.has(want))
            fail(
              `no ecommerce.purchase_amount with ${want} for product ${productId} (seen: ${[...ranges].join(', ') || 'nothing'})${await unexpectedKeys(ctx, 'ecommerce.purchase_amount', ['currency', 'amount_range', 'product_id'])}`,
              'Send the gauge with tags currency:USD, amount_range and product_id.',
            );
        }
        return [...ranges]
          .filter((t) => t.startsWith('amount_range:'))
          .sort()
          .join(', ');
      });
    },
  },
  {
    title: 'ecommerce.purchase_count: a counter incremented by quantity',
    needs: ['purchases'],
    async run(ctx) {
      const productId = ctx.run.productId;
      return ctx.eventually(async () => {
        const series = await ctx.queryMetrics(
          `sum:ecommerce.purchase_count{product_id:${productId},transaction_type:purchase}.as_count()`,
          { since: 'run' },
        );
        await expectType(ctx, 'ecommerce.purchase_count', 'count', `product_id:${productId}`);
        const total = series.flatMap((s) => s.points).reduce((sum, [, v]) => sum + v, 0);
        const want = purchases.reduce((sum, p) => sum + p.quantity, 0);
        if (Math.round(total) !== want)
          fail(
            `ecommerce.purchase_count for product ${productId} adds up to ${total}, expected ${want} (the quantities)`,
            'Increment by the quantity, with tags transaction_type:purchase and product_id.',
          );
        return `${total} items`;
      });
    },
  },
  {
    title: 'ecommerce.processing_time: a distribution of the processing seconds',
    needs: ['purchases'],
    async run(ctx) {
      return ctx.eventually(async () => {
        const series = await ctx.queryMetrics('max:ecommerce.processing_time{operation:purchase}', {
          since: 'run',
        });
        await expectType(ctx, 'ecommerce.processing_time', 'distribution', 'operation:purchase');
        const values = series.flatMap((s) => s.points.map(([, v]) => v));
        if (values.length === 0)
          fail(
            'no ecommerce.processing_time with operation:purchase',
            'Send it with statsd.distribution (not a histogram).',
          );
        const p95 = await ctx.queryMetrics('p95:ecommerce.processing_time{operation:purchase}', {
          since: 'run',
        });
        // Datadog computes percentiles only once enabled, and only for points sent after that.
        if (!p95.some((s) => s.points.length > 0)) {
          if (!(await ctx.percentilesEnabled('ecommerce.processing_time')))
            failNow(
              'ecommerce.processing_time has no p95: percentiles are not enabled for it',
              `Run \`${cmd('metrics percentiles ecommerce.processing_time')}\`, then check again (the check sends new purchases).`,
            );
          fail('ecommerce.processing_time has no p95 yet');
        }
        const worst = Math.max(...values);
        if (worst < 0.1 || worst > 2.5) fail(`processing_time of ${worst} is not in seconds (0.1–2.0)`);
        return `max ${worst.toFixed(2)} s`;
      });
    },
  },
  {
    title: 'The route sends no metrics itself; a separate handler is registered',
    async run(ctx) {
      const route = (await ctx.readFile('webapp/src/routes/purchase.ts')) ?? '';
      if (/ecommerce\./.test(route))
        fail(
          'webapp/src/routes/purchase.ts sends ecommerce.* metrics itself',
          'Move them to webapp/src/metrics/purchase-metrics.ts.',
        );
      const handler = await ctx.readFile('webapp/src/metrics/purchase-metrics.ts');
      if (!handler) fail('webapp/src/metrics/purchase-metrics.ts does not exist');
      return undefined;
    },
  },
]);
