/**
 * What the trace agent does to database spans before they leave the host (datadog-agent
 * `pkg/trace/agent/obfuscate.go`): a span of type `sql` or `cassandra` has its resource replaced
 * by the obfuscated statement (literals `?`), also kept as the `sql.query` tag, so no value a
 * student's query carried reaches the spans store. Pure: returns the spans it was given, changed.
 */
import { obfuscateSql } from '../database/obfuscate-sql.js';
import type { Span } from './decode.js';

const SQL_TYPES = new Set(['sql', 'cassandra']);

export function obfuscateDatabaseSpans(spans: Span[]): Span[] {
  for (const span of spans) {
    if (!SQL_TYPES.has(span.type) || span.resource === '') continue;
    span.resource = obfuscateSql(span.resource);
    span.meta['sql.query'] = span.resource;
  }
  return spans;
}
