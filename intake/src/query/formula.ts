/**
 * Datadog's formulas over named queries (`a`, `a / b * 100`, `(query1 - query2) / query1`):
 * numbers, query names, + - * / and parentheses, evaluated point by point as Datadog does; a
 * division by zero gives no point. Parsed once into a tree; no `eval`, no regex from input.
 */
import { QueryError } from '#contracts/metric-query.js';

export type Formula =
  | { kind: 'number'; value: number }
  | { kind: 'ref'; name: string }
  | { kind: 'neg'; operand: Formula }
  | { kind: 'op'; op: '+' | '-' | '*' | '/'; left: Formula; right: Formula };

const MAX_LENGTH = 1000;

function tokens(text: string): string[] {
  const out: string[] = [];
  const re = /\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z_][\w]*|[-+*/()])/gy;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(at))) break;
      throw new QueryError(`Invalid formula "${text}": unexpected "${text.slice(at).trim().slice(0, 20)}"`);
    }
    out.push(m[1] as string);
    at = re.lastIndex;
  }
  return out;
}

export function parseFormula(text: string): Formula {
  if (text.length > MAX_LENGTH) throw new QueryError('Invalid formula: longer than 1000 characters');
  const toks = tokens(text);
  let i = 0;
  let depth = 0;
  const fail = (why: string): never => {
    throw new QueryError(`Invalid formula "${text}": ${why}`);
  };
  const primary = (): Formula => {
    const t = toks[i++];
    if (t === undefined) return fail('it ends too early');
    if (t === '(') {
      if (++depth > 50) fail('too deeply nested');
      const inner = sum();
      if (toks[i++] !== ')') fail('a parenthesis is not closed');
      depth--;
      return inner;
    }
    if (t === '-') return { kind: 'neg', operand: primary() };
    if (/^\d/.test(t)) return { kind: 'number', value: Number(t) };
    if (/^[A-Za-z_]/.test(t)) {
      if (toks[i] === '(') fail(`functions such as ${t}() are valid on Datadog, but not supported offline`);
      return { kind: 'ref', name: t };
    }
    return fail(`unexpected "${t}"`);
  };
  const product = (): Formula => {
    let left = primary();
    while (toks[i] === '*' || toks[i] === '/') {
      const op = toks[i++] as '*' | '/';
      left = { kind: 'op', op, left, right: primary() };
    }
    return left;
  };
  const sum = (): Formula => {
    let left = product();
    while (toks[i] === '+' || toks[i] === '-') {
      const op = toks[i++] as '+' | '-';
      left = { kind: 'op', op, left, right: product() };
    }
    return left;
  };
  const tree = sum();
  if (i < toks.length) fail(`unexpected "${toks[i]}"`);
  return tree;
}

/** The query names a formula reads. */
export function references(f: Formula, into = new Set<string>()): Set<string> {
  if (f.kind === 'ref') into.add(f.name);
  else if (f.kind === 'neg') references(f.operand, into);
  else if (f.kind === 'op') {
    references(f.left, into);
    references(f.right, into);
  }
  return into;
}

/** The formula's value given each query's value; undefined when an input is missing or it divides by zero. */
export function evaluateFormula(f: Formula, value: (name: string) => number | undefined): number | undefined {
  switch (f.kind) {
    case 'number':
      return f.value;
    case 'ref':
      return value(f.name);
    case 'neg': {
      const v = evaluateFormula(f.operand, value);
      return v === undefined ? undefined : -v;
    }
    case 'op': {
      const a = evaluateFormula(f.left, value);
      const b = evaluateFormula(f.right, value);
      if (a === undefined || b === undefined) return undefined;
      if (f.op === '+') return a + b;
      if (f.op === '-') return a - b;
      if (f.op === '*') return a * b;
      return b === 0 ? undefined : a / b;
    }
  }
}
