/**
 * SQL obfuscation as the agent does it before anything leaves the host: comments dropped (dd-trace's
 * DBM comment carries a traceparent per query), string, number, hex and dollar-quoted literals and
 * bind parameters (`$1`) become `?`, `IN (?, ?, ?)` lists collapse to `IN (?)`, whitespace is
 * collapsed. Two spellings of one statement — the application's text with its literals and
 * pg_stat_statements' normalised text with `$n` — give the same result, hence the same signature.
 * Pure.
 */
import { createHash } from 'node:crypto';

const TOKEN =
  /--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^']|'')*(?:'|$)|E'(?:[^'\\]|\\.|'')*(?:'|$)|(\$[A-Za-z_]*\$)[\s\S]*?(?:\1|$)|"(?:[^"]|"")*"|\$\d+|\b0x[0-9a-f]+\b|(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b|\s+|[A-Za-z_][\w$]*|./gi;

export function obfuscateSql(sql: string): string {
  let out = '';
  for (const match of sql.matchAll(TOKEN)) {
    const t = match[0];
    if (t.startsWith('--') || t.startsWith('/*')) out += ' ';
    else if (/^\s+$/.test(t)) out += ' ';
    else if (isLiteral(t)) out += '?';
    else out += t;
  }
  return out
    .replace(/\s+/g, ' ')
    .replace(/\(\s*\?(?:\s*,\s*\?)+\s*\)/g, '(?)')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .replace(/\s*,\s*/g, ', ')
    .trim();
}

function isLiteral(t: string): boolean {
  const c = t[0] ?? '';
  if (c === "'" || t.startsWith("E'") || t.startsWith("e'")) return true;
  if (c === '$') return true; // $1 bind parameters and $tag$…$tag$ strings
  return /^-?\d|^0x/i.test(t);
}

/** A stable hex id of an obfuscated statement (Datadog's query_signature plays this part). */
export function querySignature(obfuscated: string): string {
  return createHash('sha256').update(obfuscated).digest('hex').slice(0, 16);
}

/** The `query` tag: Datadog truncates it to 200 characters. */
export function queryTag(obfuscated: string): string {
  return obfuscated.length > 200 ? `${obfuscated.slice(0, 197)}...` : obfuscated;
}

/** The statements an explain plan is asked for: reading ones only, as the agent explains. */
export function isExplainable(obfuscated: string): boolean {
  return (
    /^\s*(select|with|table|values)\b/i.test(obfuscated) &&
    !/\b(insert|update|delete|into)\b/i.test(obfuscated)
  );
}
