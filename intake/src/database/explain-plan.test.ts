import { describe, expect, it } from 'vitest';
import { planText, summarizePlan } from './explain-plan.js';

const seqScan = [
  {
    Plan: {
      'Node Type': 'Limit',
      'Startup Cost': 2041.1,
      'Total Cost': 2041.15,
      'Plan Rows': 20,
      Plans: [
        {
          'Node Type': 'Sort',
          'Startup Cost': 2041.1,
          'Total Cost': 2041.6,
          'Plan Rows': 200,
          'Sort Key': ['created_at DESC'],
          Plans: [
            {
              'Node Type': 'Seq Scan',
              'Relation Name': 'purchases',
              'Startup Cost': 0,
              'Total Cost': 2035.0,
              'Plan Rows': 200,
              Filter: "(product_id = $1) AND (note <> 'secret'::text)",
            },
          ],
        },
      ],
    },
  },
];

describe('summarizePlan', () => {
  it('lists nodes with depth, relation and obfuscated conditions', () => {
    const s = summarizePlan(seqScan);
    expect(s.nodes.map((n) => [n.depth, n.nodeType])).toEqual([
      [0, 'Limit'],
      [1, 'Sort'],
      [2, 'Seq Scan'],
    ]);
    expect(s.seqScans).toEqual(['purchases']);
    expect(s.indexes).toEqual([]);
    expect(s.totalCost).toBe(2041.15);
    expect(s.nodes[2]?.details).toEqual(['Filter: (product_id = ?) AND (note <> ?::text)']);
    expect(planText(s)).toContain('    -> Seq Scan on purchases  (cost=0.00..2035.00 rows=200)');
    expect(planText(s)).not.toContain('secret');
  });

  it('names the indexes of an index or bitmap scan', () => {
    const s = summarizePlan({
      Plan: {
        'Node Type': 'Bitmap Heap Scan',
        'Relation Name': 'purchases',
        'Total Cost': 12,
        Plans: [
          {
            'Node Type': 'Bitmap Index Scan',
            'Index Name': 'purchases_product_id_idx',
            'Index Cond': '(product_id = $1)',
          },
        ],
      },
    });
    expect(s.indexes).toEqual(['purchases_product_id_idx']);
    expect(s.seqScans).toEqual([]);
  });

  it('refuses what is not a plan', () => {
    expect(() => summarizePlan({ nope: 1 })).toThrow(/EXPLAIN/);
  });
});
