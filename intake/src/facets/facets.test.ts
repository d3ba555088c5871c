import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testSpan } from '../../../test/support/test-span.js';
import { parseLogQuery } from '../logs/log-query.js';
import { createLogStore } from '../logs/log-store.js';
import { parseLogLine } from '../logs/parse-log.js';
import { createSpanStore } from '../traces/span-store.js';
import { createFacetStore } from './facet-store.js';
import { type Facet, FacetError, numericSearchSince, parseFacet, withFacet } from './facets.js';

const FROM = { service: 'webapp', source: 'nodejs', host: 'h' };

// Docs (Log Explorer, lesson 8's Datadog text): "@purchase.amount:>100 finds nothing until the
// attribute is a measure facet … new logs are then searchable"; standard facets exist from the start.
describe('facets', () => {
  it('make numeric searches find what came after them; standard ones always', () => {
    const facets: Facet[] = [{ source: 'logs', path: 'purchase.amount', type: 'measure', createdMs: 5_000 }];
    expect(numericSearchSince(facets, 'logs', 'purchase.amount')).toBe(5_000);
    expect(numericSearchSince(facets, 'spans', 'purchase.amount')).toBeUndefined();
    expect(numericSearchSince([], 'logs', 'http.status_code')).toBe(0);
  });

  it('are checked where they come in, one per attribute, at most 200', () => {
    expect(parseFacet({ source: 'logs', path: '@purchase.amount', type: 'measure' }, 7)).toEqual({
      source: 'logs',
      path: 'purchase.amount',
      type: 'measure',
      createdMs: 7,
    });
    expect(() => parseFacet({ source: 'logs', path: 'a b', type: 'facet' }, 0)).toThrow(FacetError);
    expect(() => parseFacet({ source: 'metrics', path: 'a', type: 'facet' }, 0)).toThrow(
      'source must be logs or spans',
    );
    const one = parseFacet({ source: 'logs', path: 'a', type: 'facet' }, 0);
    expect(withFacet(withFacet([], one), { ...one, type: 'measure', createdMs: 9 })).toEqual([
      { ...one, type: 'measure' },
    ]);
    let many: Facet[] = [];
    for (let i = 0; i < 200; i++) many = withFacet(many, { ...one, path: `p${i}` });
    expect(() => withFacet(many, { ...one, path: 'more' })).toThrow('at most 200');
  });

  it('gate log searches by range and comparison, not by equality', () => {
    let now = 1_000_000;
    const store = createFacetStore(undefined, () => now);
    const logs = createLogStore({ now: () => now, facets: store.list });
    const log = (amount: number) =>
      logs.add(parseLogLine(JSON.stringify({ message: 'purchase', purchase: { amount } }), FROM, now), 'k');
    log(150);
    const find = (q: string) => logs.search(parseLogQuery(q), 0, now + 1, 10).length;
    expect(find('@purchase.amount:>100')).toBe(0);
    expect(find('@purchase.amount:[100 TO 200]')).toBe(0);
    expect(find('@purchase.amount:150')).toBe(1);
    now += 1_000;
    store.add({ source: 'logs', path: 'purchase.amount', type: 'measure' });
    now += 1_000;
    log(120);
    expect(find('@purchase.amount:>100')).toBe(1);
    expect(find('-@purchase.amount:>100')).toBe(1);
  });

  it('gate span searches the same way, and are kept in their file across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddw-facets-'));
    try {
      const file = join(dir, 'facets.json');
      let now = 10;
      const store = createFacetStore(file, () => now);
      const spans = createSpanStore({ now: () => now, facets: store.list });
      const span = testSpan({ startMs: 0, meta: {}, metrics: { 'purchase.amount': 150 } });
      spans.add([span]);
      expect(spans.search('@purchase.amount:>100', 0, 100, 10)).toHaveLength(0);
      now = 20;
      store.add({ source: 'spans', path: 'purchase.amount', type: 'measure' });
      now = 30;
      spans.add([{ ...span, spanId: '2' }]);
      expect(spans.search('@purchase.amount:>100', 0, 100, 10).map((s) => s.spanId)).toEqual(['2']);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([
        { source: 'spans', path: 'purchase.amount', type: 'measure', createdMs: 20 },
      ]);
      expect(createFacetStore(file).list()).toEqual(store.list());
      expect(store.remove('spans', 'purchase.amount')).toBe(true);
      expect(createFacetStore(file).list()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
