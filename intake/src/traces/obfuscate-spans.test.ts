import { describe, expect, it } from 'vitest';
import type { Span } from './decode.js';
import { obfuscateDatabaseSpans } from './obfuscate-spans.js';

const span = (type: string, resource: string): Span => ({
  traceId: '1',
  spanId: '2',
  parentId: '1',
  service: 'webapp-postgres',
  name: 'pg.query',
  resource,
  type,
  startMs: 0,
  durationMs: 1,
  error: false,
  meta: {},
  metrics: {},
});

// datadog-agent pkg/trace/agent/obfuscate.go: `case "sql", "cassandra": … span.Resource = oq.Query;
// traceutil.SetMeta(span, tagSQLQuery, oq.Query)` with tagSQLQuery = "sql.query".
describe('database spans as the trace agent sends them', () => {
  it('have their literals obfuscated in the resource and in sql.query', () => {
    const [s] = obfuscateDatabaseSpans([
      span('sql', "SELECT * FROM users WHERE email = 'ada@example.com' AND id IN (1, 2, 3)"),
    ]);
    expect(s?.resource).toBe('SELECT * FROM users WHERE email = ? AND id IN (?)');
    expect(s?.meta['sql.query']).toBe(s?.resource);
  });

  it('leave other spans, and a statement already obfuscated, as they are', () => {
    const [web, again] = obfuscateDatabaseSpans([
      span('web', 'GET /users/42'),
      span('sql', 'SELECT * FROM users WHERE id = ?'),
    ]);
    expect(web?.resource).toBe('GET /users/42');
    expect(web?.meta).toEqual({});
    expect(again?.resource).toBe('SELECT * FROM users WHERE id = ?');
  });
});
