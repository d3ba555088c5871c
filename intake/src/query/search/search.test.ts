/**
 * Datadog's search syntax, from its documentation (Log Search Syntax, Trace Explorer Query
 * Syntax): "AND (implicit) / OR / - or NOT, parentheses; @ for attributes; * and ? wildcards;
 * numerical values with <, >, <=, >= and [a TO b]; escape special characters with \".
 */
import { describe, expect, it } from 'vitest';
import { attributeAt, leavesOf, matchSearch, type SearchTarget } from './search-match.js';
import { MAX_DEPTH, parseSearch } from './search-syntax.js';
import { wildcardMatch } from './wildcard.js';

interface Doc {
  message: string;
  service: string;
  tags?: string[];
  attributes: Record<string, unknown>;
}

const target = (d: Doc): SearchTarget => ({
  text: d.message,
  reserved: (key) =>
    key === 'service' ? d.service : d.tags?.find((t) => t.startsWith(`${key}:`))?.slice(key.length + 1),
  attribute: (path) => attributeAt(d.attributes, path),
  leaves: () => leavesOf(d.attributes),
});

const docs: Record<string, Doc> = {
  big: {
    message: 'purchase completed',
    service: 'webapp',
    tags: ['env:workshop'],
    attributes: { purchase: { amount: 150, product_id: 'P-1' }, http: { url: 'http://x/a?b=1' } },
  },
  small: {
    message: 'Purchase completed quickly',
    service: 'webapp',
    attributes: { purchase: { amount: 20, product_id: 'p-2' } },
  },
  slow: {
    message: 'connection-refused by db',
    service: 'worker',
    attributes: { purchase: { amount: 100 }, tags: ['a', 'b'] },
  },
};

const hits = (q: string) =>
  Object.entries(docs)
    .filter(([, d]) => matchSearch(parseSearch(q), target(d)))
    .map(([k]) => k);

describe('search syntax', () => {
  it('numbers: comparisons and ranges on attributes, open ends with *', () => {
    expect(hits('@purchase.amount:>100')).toEqual(['big']);
    expect(hits('@purchase.amount:>=100')).toEqual(['big', 'slow']);
    expect(hits('@purchase.amount:<100')).toEqual(['small']);
    expect(hits('@purchase.amount:[100 TO 1000]')).toEqual(['big', 'slow']);
    expect(hits('@purchase.amount:[* TO 20]')).toEqual(['small']);
  });

  it('boolean operators: implicit AND, OR, -, NOT, parentheses', () => {
    expect(hits('service:webapp @purchase.amount:>100')).toEqual(['big']);
    expect(hits('service:worker OR @purchase.amount:<50')).toEqual(['small', 'slow']);
    expect(hits('NOT service:webapp')).toEqual(['slow']);
    expect(hits('-service:webapp')).toEqual(['slow']);
    expect(hits('(service:webapp)')).toEqual(['big', 'small']);
    expect(hits('service:webapp AND (@purchase.amount:>100 OR @purchase.amount:<30)')).toEqual([
      'big',
      'small',
    ]);
    expect(hits('service:(webapp OR worker) -@purchase.amount:20')).toEqual(['big', 'slow']);
  });

  it('free text matches whole words without case; phrases, words in order; wildcards within a word', () => {
    expect(hits('purchase')).toEqual(['big', 'small']);
    expect(hits('purch')).toEqual([]);
    expect(hits('purch*')).toEqual(['big', 'small']);
    expect(hits('"completed quickly"')).toEqual(['small']);
    expect(hits('"quickly completed"')).toEqual([]);
    expect(hits('connection-refused')).toEqual(['slow']);
    expect(hits('qu?ckly')).toEqual(['small']);
  });

  it('attribute values are case-sensitive; tags and reserved attributes are not', () => {
    expect(hits('@purchase.product_id:P-1')).toEqual(['big']);
    expect(hits('@purchase.product_id:p-1')).toEqual([]);
    expect(hits('@purchase.product_id:?-*')).toEqual(['big', 'small']);
    expect(hits('service:WEBAPP')).toEqual(['big', 'small']);
    expect(hits('env:workshop')).toEqual(['big']);
  });

  it('values with colons, negative numbers, arrays, escapes, and *: over every attribute', () => {
    expect(hits('@http.url:http\\://x/a*')).toEqual(['big']);
    expect(hits('@http.url:http://x/a*')).toEqual(['big']);
    expect(hits('@tags:b')).toEqual(['slow']);
    expect(hits('*:P-1')).toEqual(['big']);
    expect(parseSearch('@delta:-5')).toEqual({
      kind: 'field',
      key: 'delta',
      attribute: true,
      value: '-5',
      phrase: false,
    });
    expect(wildcardMatch('a\\*b', 'a*b', false)).toBe(true);
    expect(wildcardMatch('a\\*b', 'axb', false)).toBe(false);
  });

  it('prototype keys are no attributes: @constructor:* matches nothing', () => {
    expect(hits('@constructor:*')).toEqual([]);
    expect(hits('@__proto__:*')).toEqual([]);
    expect(hits('@purchase.constructor:*')).toEqual([]);
  });

  it('refuses what it cannot read, with the reason', () => {
    for (const [q, reason] of [
      ['(service:webapp', 'unbalanced "("'],
      ['service:webapp)', 'unbalanced ")"'],
      ['"open', 'unbalanced quotes'],
      ['@a:[1 TO', 'no closing bracket'],
      ['@a:[x TO y]', 'not a range of numbers'],
      ['@a:>abc', 'not a number'],
      ['service:', 'with no value'],
      ['service:webapp OR', 'nothing after it'],
      ['service:webapp -', 'negation with nothing after it'],
      [`${'('.repeat(MAX_DEPTH + 1)}a${')'.repeat(MAX_DEPTH + 1)}`, 'nested deeper'],
      ['x'.repeat(4001), 'longer than 4000'],
    ] as const)
      expect(() => parseSearch(q), q.slice(0, 40)).toThrow(reason);
  });

  it('parses long hostile queries in linear time', () => {
    const started = performance.now();
    expect(() => parseSearch(`${'('.repeat(2000)}`)).toThrow();
    parseSearch(`${'a '.repeat(1999)}`);
    expect(wildcardMatch('a*a*a*a*a*a*a*a*a*b', 'a'.repeat(3000), false)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
