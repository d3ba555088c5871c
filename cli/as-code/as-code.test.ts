import { describe, expect, it } from 'vitest';
import { dashboardQueries, queryShape } from './dashboard-queries.js';
import { dashboardKey, monitorKey, withDashboardKey, withMonitorKey } from './managed-key.js';
import { planPush, saysTheSame } from './plan-push.js';

describe('the key a pushed object carries', () => {
  it('is a tag on monitors and a last line on dashboards, replaced rather than repeated', () => {
    const m = withMonitorKey(withMonitorKey({ tags: ['team:x'] }, 'old'), 'error-rate');
    expect(m.tags).toEqual(['team:x', 'ddworkshop:error-rate']);
    expect(monitorKey(m.tags as string[])).toBe('error-rate');
    const d = withDashboardKey(withDashboardKey({ description: 'Revenue.' }, 'business'), 'business');
    expect(d.description).toBe('Revenue.\n\n(managed by ddworkshop: business)');
    expect(dashboardKey(d.description as string)).toBe('business');
    expect(dashboardKey('someone else’s dashboard')).toBeUndefined();
  });
});

describe('a push plan', () => {
  it('creates what is new, updates what changed, leaves alone what says the same', () => {
    const remotes = [
      { key: 'a', body: { name: 'A', options: { thresholds: { critical: 10 } }, id: 1, created: 'x' } },
      { key: 'b', body: { name: 'B' } },
    ];
    const plan = planPush(
      [
        { key: 'a', json: { name: 'A', options: { thresholds: { critical: 10.0 } } } },
        { key: 'b', json: { name: 'B2' } },
        { key: 'c', json: { name: 'C' } },
      ],
      remotes,
      (r) => r.key,
      (r) => r.body,
    );
    expect(plan.map((p) => [p.key, p.kind])).toEqual([
      ['a', 'unchanged'],
      ['b', 'update'],
      ['c', 'create'],
    ]);
    expect(
      saysTheSame(
        { widgets: [{ definition: { type: 'note' } }] },
        { widgets: [{ definition: { type: 'note' }, id: 5 }] },
      ),
    ).toBe(true);
    expect(saysTheSame({ widgets: [1, 2] }, { widgets: [1] })).toBe(false);
  });
});

describe('dashboard queries', () => {
  it('finds every metric query, inside groups too, and reads its shape', () => {
    const queries = dashboardQueries({
      widgets: [
        { definition: { type: 'timeseries', requests: [{ q: 'avg:a{*}' }] } },
        {
          definition: {
            type: 'group',
            widgets: [
              {
                definition: {
                  type: 'toplist',
                  title: 'T',
                  requests: [
                    {
                      queries: [
                        { name: 'x', query: 'sum:b{*} by {product_id}.as_count()' },
                        { name: 'l', data_source: 'logs', query: 'x' },
                      ],
                    },
                  ],
                },
              },
            ],
          },
        },
      ],
    });
    expect(queries).toEqual([
      { widgetType: 'timeseries', query: 'avg:a{*}' },
      { widgetType: 'toplist', title: 'T', query: 'sum:b{*} by {product_id}.as_count()' },
    ]);
    expect(queryShape('p95:ecommerce.processing_time{*}')).toEqual({
      aggregation: 'p95',
      metric: 'ecommerce.processing_time',
      groupBy: [],
    });
    expect(queryShape('sum:b{*} by {product_id, x}.as_count()').groupBy).toEqual(['product_id', 'x']);
  });
});
