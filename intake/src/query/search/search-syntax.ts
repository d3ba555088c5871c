/**
 * Datadog's search syntax, shared by log search and span search: terms and boolean operators
 * (`AND`, implicit between terms; `OR`; `-` and `NOT`; parentheses), attributes with `@`, reserved
 * attributes and tags bare (`service:webapp`), values as words, `"phrases"`, wildcards (`*`, `?`),
 * numeric comparisons (`@amount:>100`, `>=`, `<`, `<=`) and ranges (`@amount:[100 TO 300]`),
 * `key:(a OR b)`, and `\` escapes. Parsed once, in time linear in the query's length, into a
 * tree; what cannot be parsed is a QueryError with the reason (a 400), never ignored. Pure.
 */
import { QueryError } from '#contracts/metric-query.js';

export type Comparison = '>' | '>=' | '<' | '<=';

export type SearchNode =
  | { kind: 'all' }
  | { kind: 'and'; children: SearchNode[] }
  | { kind: 'or'; children: SearchNode[] }
  | { kind: 'not'; child: SearchNode }
  /** Free text: a word (wildcards allowed) or a quoted phrase. */
  | { kind: 'text'; value: string; phrase: boolean }
  /** `key:value`: `attribute` when the key had `@`; `value` may hold wildcards unless a phrase. */
  | { kind: 'field'; key: string; attribute: boolean; value: string; phrase: boolean }
  | { kind: 'compare'; key: string; attribute: boolean; op: Comparison; value: number }
  | { kind: 'range'; key: string; attribute: boolean; low: number; high: number };

export const MAX_QUERY_LENGTH = 4000;
/** Parentheses nested deeper than this are refused: no stack to exhaust. */
export const MAX_DEPTH = 32;

type Token =
  | { t: 'lparen' }
  | { t: 'rparen' }
  | { t: 'or' }
  | { t: 'and' }
  | { t: 'not' }
  | { t: 'minus' }
  /** A term: `text` with escapes resolved; `quoted` when it was a "phrase"; `keyed` when it ends in an unescaped `:`. */
  | { t: 'word'; text: string; quoted: boolean; keyed: boolean; raw: string };

const SPECIAL = new Set(['(', ')', '"', ' ', '\t', '\n', '\r']);

function invalid(reason: string, query: string): QueryError {
  return new QueryError(`Invalid query: ${reason} in ${JSON.stringify(query.slice(0, 200))}`);
}

/** Splits the query into tokens in one pass. */
function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(') {
      tokens.push({ t: 'lparen' });
      i++;
    } else if (c === ')') {
      tokens.push({ t: 'rparen' });
      i++;
    } else if (c === '-' && !afterKey(tokens)) {
      if (i + 1 >= query.length || /\s/.test(query[i + 1] as string))
        throw invalid('a negation with nothing after it', query);
      tokens.push({ t: 'minus' });
      i++;
    } else if (c === '"') {
      let text = '';
      let j = i + 1;
      for (; j < query.length && query[j] !== '"'; j++) {
        if (query[j] === '\\' && j + 1 < query.length) j++;
        text += query[j];
      }
      if (j >= query.length) throw invalid('unbalanced quotes', query);
      tokens.push({ t: 'word', text, quoted: true, keyed: false, raw: query.slice(i, j + 1) });
      i = j + 1;
    } else i = readWord(query, i, tokens);
  }
  return tokens;
}

/** The previous token was `key:`: what follows is its value (`@delta:-5`, `@url:http://x`). */
function afterKey(tokens: Token[]): boolean {
  const prev = tokens.at(-1);
  return prev?.t === 'word' && prev.keyed;
}

/** A bare word up to whitespace, a parenthesis or a quote; a `key:` ends it so the value can follow. */
function readWord(query: string, start: number, tokens: Token[]): number {
  const value = afterKey(tokens);
  let text = '';
  let j = start;
  // Inside a range the words and `TO` run together up to the closing bracket.
  if (query[j] === '[' || query[j] === '{') {
    const end = query.indexOf(query[j] === '[' ? ']' : '}', j);
    if (end < 0) throw invalid('a range with no closing bracket', query);
    tokens.push({
      t: 'word',
      text: query.slice(j, end + 1),
      quoted: false,
      keyed: false,
      raw: query.slice(j, end + 1),
    });
    return end + 1;
  }
  while (j < query.length && !SPECIAL.has(query[j] as string)) {
    const c = query[j] as string;
    if (c === '\\' && j + 1 < query.length) {
      // Escaped: taken literally; `\*` and `\?` stay escaped for the wildcard matcher.
      const next = query[j + 1] as string;
      text += next === '*' || next === '?' || next === '\\' ? `\\${next}` : next;
      j += 2;
      continue;
    }
    text += c;
    j++;
    if (c === ':' && !value) {
      tokens.push({ t: 'word', text, quoted: false, keyed: true, raw: query.slice(start, j) });
      return j;
    }
  }
  if (!text) throw invalid(`an unexpected ${JSON.stringify(query[j])}`, query);
  if (!value && (text === 'OR' || text === '||')) tokens.push({ t: 'or' });
  else if (!value && (text === 'AND' || text === '&&')) tokens.push({ t: 'and' });
  else if (!value && (text === 'NOT' || text === '!')) tokens.push({ t: 'not' });
  else tokens.push({ t: 'word', text, quoted: false, keyed: false, raw: query.slice(start, j) });
  return j;
}

const RANGE = /^[[{]\s*(\*|-?\d+(?:\.\d+)?)\s+TO\s+(\*|-?\d+(?:\.\d+)?)\s*[\]}]$/;
const COMPARE = /^(>=|<=|>|<)(-?\d+(?:\.\d+)?)$/;

function valueNode(key: string, token: Extract<Token, { t: 'word' }>, query: string): SearchNode {
  const attribute = key.startsWith('@');
  const name = attribute ? key.slice(1) : key;
  if (!name) throw invalid('an attribute with no name', query);
  if (!token.quoted) {
    const range = RANGE.exec(token.text);
    if (range) {
      const low = range[1] === '*' ? Number.NEGATIVE_INFINITY : Number(range[1]);
      const high = range[2] === '*' ? Number.POSITIVE_INFINITY : Number(range[2]);
      return { kind: 'range', key: name, attribute, low, high };
    }
    if (token.text.startsWith('[') || token.text.startsWith('{'))
      throw invalid(`${token.text} is not a range of numbers ([low TO high])`, query);
    const cmp = COMPARE.exec(token.text);
    if (cmp)
      return { kind: 'compare', key: name, attribute, op: cmp[1] as Comparison, value: Number(cmp[2]) };
    if (/^[<>]/.test(token.text))
      throw invalid(`${token.text} compares with something that is not a number`, query);
  }
  return { kind: 'field', key: name, attribute, value: token.text, phrase: token.quoted };
}

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly query: string,
  ) {}

  parse(): SearchNode {
    if (this.tokens.length === 0) return { kind: 'all' };
    const node = this.or(0, undefined);
    if (this.at < this.tokens.length) throw invalid('an unbalanced ")"', this.query);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private or(depth: number, key: string | undefined): SearchNode {
    const children = [this.and(depth, key)];
    while (this.peek()?.t === 'or') {
      this.at++;
      children.push(this.and(depth, key));
    }
    return children.length === 1 ? (children[0] as SearchNode) : { kind: 'or', children };
  }

  private and(depth: number, key: string | undefined): SearchNode {
    const children: SearchNode[] = [];
    for (;;) {
      const next = this.peek();
      if (!next || next.t === 'rparen' || next.t === 'or') break;
      if (next.t === 'and') {
        this.at++;
        if (children.length === 0) throw invalid('AND with nothing before it', this.query);
        continue;
      }
      children.push(this.unary(depth, key));
    }
    if (children.length === 0) throw invalid('an operator with nothing after it', this.query);
    return children.length === 1 ? (children[0] as SearchNode) : { kind: 'and', children };
  }

  private unary(depth: number, key: string | undefined): SearchNode {
    const next = this.peek();
    if (next?.t === 'not' || next?.t === 'minus') {
      this.at++;
      if (!this.peek() || this.peek()?.t === 'rparen')
        throw invalid('a negation with nothing after it', this.query);
      return { kind: 'not', child: this.unary(depth, key) };
    }
    return this.primary(depth, key);
  }

  private primary(depth: number, key: string | undefined): SearchNode {
    const token = this.peek();
    if (!token) throw invalid('a query that ends too early', this.query);
    if (token.t === 'lparen') {
      if (depth >= MAX_DEPTH) throw invalid(`parentheses nested deeper than ${MAX_DEPTH}`, this.query);
      this.at++;
      const inner = this.or(depth + 1, key);
      if (this.peek()?.t !== 'rparen') throw invalid('an unbalanced "("', this.query);
      this.at++;
      return inner;
    }
    if (token.t !== 'word') throw invalid(`an unexpected ${token.t.toUpperCase()}`, this.query);
    this.at++;
    if (token.keyed) {
      if (key !== undefined) throw invalid(`${token.raw} inside ${key}:(…)`, this.query);
      const name = token.text.slice(0, -1);
      const value = this.peek();
      if (value?.t === 'lparen') return this.primary(depth, name);
      if (value?.t !== 'word' || value.keyed) throw invalid(`${token.raw} with no value`, this.query);
      this.at++;
      return valueNode(name, value, this.query);
    }
    if (key !== undefined) return valueNode(key, token, this.query);
    return { kind: 'text', value: token.text, phrase: token.quoted };
  }
}

export function parseSearch(query: string): SearchNode {
  if (query.length > MAX_QUERY_LENGTH)
    throw new QueryError(`Invalid query: longer than ${MAX_QUERY_LENGTH} characters`);
  const trimmed = query.trim();
  if (trimmed === '' || trimmed === '*') return { kind: 'all' };
  return new Parser(tokenize(query), query).parse();
}
