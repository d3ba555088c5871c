import { dashboardQueries, queryShape } from '../../cli/as-code/dashboard-queries.js';
import { cmd } from '../../cli/base/command.js';
import { defineChecks, fail, type PushedDashboard } from '../../cli/lessons/check-api.js';

const FILE = 'dashboards/business.json';

async function business(ctx: { dashboards(): Promise<PushedDashboard[]> }): Promise<PushedDashboard> {
  const all = await ctx.dashboards();
  const mine = all.find((d) => d.key === 'business');
  if (!mine)
    fail(
      all.length
        ? `no dashboard was pushed from ${FILE} (found: ${all.map((d) => d.key).join(', ')})`
        : 'no dashboard was pushed from dashboards/ yet',
      `Write ${FILE}, then \`${cmd('dashboard push')}\`.`,
    );
  return mine;
}

function widgetFor(d: PushedDashboard, metric: string, groupBy?: string) {
  return dashboardQueries(d.json).find((q) => {
    const shape = queryShape(q.query);
    return shape.metric === metric && (!groupBy || shape.groupBy.includes(groupBy));
  });
}

export const checks = defineChecks([
  {
    id: 'dashboard',
    title: `The dashboard of ${FILE} exists (read through the API)`,
    async run(ctx) {
      const d = await business(ctx);
      return `"${d.title}", ${dashboardQueries(d.json).length} queries`;
    },
  },
  {
    title: 'A widget shows ecommerce.purchase_amount',
    needs: ['dashboard'],
    async run(ctx) {
      const w = widgetFor(await business(ctx), 'ecommerce.purchase_amount');
      if (!w)
        fail('no widget queries ecommerce.purchase_amount', 'Add a timeseries or query_value widget for it.');
      return `${w.widgetType}: ${w.query}`;
    },
  },
  {
    title: 'A widget shows ecommerce.purchase_count by product_id',
    needs: ['dashboard'],
    async run(ctx) {
      const d = await business(ctx);
      const w = widgetFor(d, 'ecommerce.purchase_count', 'product_id');
      if (!w) {
        const ungrouped = widgetFor(d, 'ecommerce.purchase_count');
        fail(
          ungrouped
            ? `ecommerce.purchase_count is not grouped by product_id: ${ungrouped.query}`
            : 'no widget queries ecommerce.purchase_count',
          'Query sum:ecommerce.purchase_count{*} by {product_id}.as_count() (a toplist shows it best).',
        );
      }
      return `${w.widgetType}: ${w.query}`;
    },
  },
  {
    title: 'A widget shows the p95 of ecommerce.processing_time, with percentiles enabled',
    needs: ['dashboard'],
    async run(ctx) {
      const d = await business(ctx);
      const w = dashboardQueries(d.json).find((q) => {
        const shape = queryShape(q.query);
        return shape.metric === 'ecommerce.processing_time' && shape.aggregation === 'p95';
      });
      if (!w)
        fail(
          'no widget queries p95:ecommerce.processing_time',
          'Add a timeseries widget with p95:ecommerce.processing_time{*}.',
        );
      if (!(await ctx.percentilesEnabled('ecommerce.processing_time')))
        fail(
          'percentiles are not enabled for ecommerce.processing_time: the widget would stay empty',
          `\`${cmd('metrics percentiles ecommerce.processing_time')}\`, then send purchases.`,
        );
      return `${w.widgetType}: ${w.query}`;
    },
  },
]);
