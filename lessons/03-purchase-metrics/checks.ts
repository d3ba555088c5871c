import { defineChecks, fail } from '../../cli/lessons/check-api.js';

// A product id of its own, so data from earlier runs cannot make the check pass.
const productId = 70_000 + Math.floor(Math.random() * 20_000);
const purchases = [
  { quantity: 3, price: 20 }, // 60.00: large
  { quantity: 2, price: 2.5 }, // 5.00: small
];

export const checks = defineChecks([
  {
    title: 'Purchases go through',
    async run(ctx) {
      for (const p of purchases) {
        const res = await ctx.http('/purchase', {
          method: 'POST',
          body: { user_id: 7, product_id: productId, ...p },
        });
        if (res.status !== 201)
          fail(
            `POST /purchase answered ${res.status}`,
            'Lesson 2 must pass first: `ddworkshop lesson check 2`.',
          );
      }
      return `2 purchases of product ${productId}`;
    },
  },
  {
    title: 'ecommerce.purchase_amount: a gauge with currency, amount_range and product_id',
    async run(ctx) {
      return ctx.eventually(async () => {
        const series = await ctx.queryMetrics(
          `max:ecommerce.purchase_amount{product_id:${productId}} by {amount_range,currency}`,
        );
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
              `no ecommerce.purchase_amount with ${want} for product ${productId} (seen: ${[...ranges].join(', ') || 'nothing'})`,
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
    async run(ctx) {
      return ctx.eventually(async () => {
        const series = await ctx.queryMetrics(
          `sum:ecommerce.purchase_count{product_id:${productId},transaction_type:purchase}.as_count()`,
        );
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
    async run(ctx) {
      return ctx.eventually(async () => {
        const series = await ctx.queryMetrics('max:ecommerce.processing_time{operation:purchase}');
        const values = series.flatMap((s) => s.points.map(([, v]) => v));
        if (values.length === 0)
          fail(
            'no ecommerce.processing_time with operation:purchase',
            'Send it with statsd.distribution (not a histogram).',
          );
        const p95 = await ctx.queryMetrics('p95:ecommerce.processing_time{operation:purchase}');
        if (!p95.some((s) => s.points.length > 0))
          fail('ecommerce.processing_time has no percentiles: is it a distribution?');
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
