/** Wildcards of metric tag filters (`{endpoint:/users*}`), matched safely. */
import { wildcardMatch } from './search/wildcard.js';

/**
 * Tag-filter match: `*` any run, case-insensitive, in time linear in both lengths (no regex from
 * user input). The search syntax's matcher, with `?` and `\` taken literally as tag filters take them.
 */
export function globMatch(pattern: string, text: string): boolean {
  return wildcardMatch(pattern.replace(/[?\\]/g, '\\$&'), text, true);
}
