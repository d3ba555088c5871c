/** A parsed query's filters and groups applied to a series' tags (the grammar is #contracts/metric-query). */
import type { TagFilter } from '#contracts/metric-query.js';
import { globMatch } from './glob.js';

export function matchesFilters(tags: readonly string[], filters: readonly TagFilter[]): boolean {
  return filters.every((f) => {
    const hit = tags.some((tag) => {
      const colon = tag.indexOf(':');
      const key = colon < 0 ? tag : tag.slice(0, colon);
      if (key !== f.key) return false;
      return f.pattern === undefined || globMatch(f.pattern, colon < 0 ? '' : tag.slice(colon + 1));
    });
    return f.negate ? !hit : hit;
  });
}

/** The group of a series: its value of each group-by tag (`endpoint:/users`), or `key:N/A`. */
export function groupOf(tags: readonly string[], groupBy: readonly string[]): string[] {
  return groupBy.map((key) => tags.find((t) => t.startsWith(`${key}:`)) ?? `${key}:n/a`);
}
