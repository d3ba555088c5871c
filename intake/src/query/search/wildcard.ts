/**
 * Wildcard values of the search syntax: `*` any run, `?` one character, `\*` and `\?` literal.
 * Matched in time linear in both lengths (no regular expression is built from a query).
 */
type Part = { char: string } | { any: true } | { one: true };

export function wildcardParts(pattern: string): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) parts.push({ char: pattern[++i] as string });
    else if (c === '*') parts.push({ any: true });
    else if (c === '?') parts.push({ one: true });
    else parts.push({ char: c });
  }
  return parts;
}

export function hasWildcard(pattern: string): boolean {
  return wildcardParts(pattern).some((p) => !('char' in p));
}

/** The pattern's text with escapes resolved (a value with no wildcard). */
export function literalOf(pattern: string): string {
  return wildcardParts(pattern)
    .map((p) => ('char' in p ? p.char : '*'))
    .join('');
}

export function wildcardMatch(pattern: string, text: string, ignoreCase: boolean): boolean {
  const parts = wildcardParts(ignoreCase ? pattern.toLowerCase() : pattern);
  const t = ignoreCase ? text.toLowerCase() : text;
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    const p = parts[pi];
    if (p && !('any' in p) && ('one' in p || p.char === t[ti])) {
      pi++;
      ti++;
    } else if (p && 'any' in p) {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < parts.length && 'any' in (parts[pi] as Part)) pi++;
  return pi === parts.length;
}
