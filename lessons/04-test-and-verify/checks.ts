import { CLI } from '../../cli/base/command.js';
import { defineChecks, fail } from '../../cli/lessons/check-api.js';

export const checks = defineChecks([
  {
    title: 'At least 20 purchases since the lesson started',
    async run(ctx) {
      return ctx.eventually(async () => {
        const series = await ctx.queryMetrics(
          'sum:request_count{service:webapp,endpoint:/purchase,status:201}.as_count()',
        );
        const total = series.flatMap((s) => s.points).reduce((sum, [, v]) => sum + v, 0);
        if (total < 20)
          fail(`${total} purchase(s) since the lesson started`, `Run \`${CLI} traffic purchase 25\`.`);
        return `${total} purchases`;
      });
    },
  },
  {
    title: 'Purchases spread over several products and amount ranges',
    async run(ctx) {
      return ctx.eventually(async () => {
        const series = await ctx.queryMetrics(
          'max:ecommerce.purchase_amount{*} by {product_id,amount_range}',
        );
        const tags = series.filter((s) => s.points.length > 0).flatMap((s) => s.tagSet);
        const products = new Set(tags.filter((t) => t.startsWith('product_id:')));
        const ranges = new Set(tags.filter((t) => t.startsWith('amount_range:')));
        if (products.size < 3 || ranges.size < 2) {
          fail(
            `purchases seen for ${products.size} product(s) and ${ranges.size} amount range(s)`,
            `Run \`${CLI} traffic purchase 25\`: it varies products and prices.`,
          );
        }
        return `${products.size} products, ranges ${[...ranges]
          .map((r) => r.slice(13))
          .sort()
          .join(', ')}`;
      });
    },
  },
  {
    title: 'All three ecommerce metrics are found with their tags',
    async run(ctx) {
      return ctx.eventually(async () => {
        const missing: string[] = [];
        for (const [metric, query] of [
          ['ecommerce.purchase_amount', 'avg:ecommerce.purchase_amount{*}'],
          ['ecommerce.purchase_count', 'sum:ecommerce.purchase_count{transaction_type:purchase}.as_count()'],
          ['ecommerce.processing_time', 'p99:ecommerce.processing_time{operation:purchase}'],
        ] as const) {
          const series = await ctx.queryMetrics(query);
          if (!series.some((s) => s.points.length > 0)) missing.push(metric);
        }
        if (missing.length)
          fail(
            `not found since the lesson started: ${missing.join(', ')}`,
            `Run \`${CLI} verify metrics --ecommerce\` to see what arrived.`,
          );
        return 'purchase_amount, purchase_count, processing_time';
      });
    },
  },
]);
