/**
 * Evaluates a parsed search (search-syntax.ts) against one event — a log or a span — seen
 * through a SearchTarget, so logs and spans share one evaluator. Attribute values match
 * case-sensitively (as Datadog's attribute search does), reserved attributes and tags without
 * case; free text matches whole words of the text (a phrase: its words in order). Pure.
 */
import type { SearchNode } from './search-syntax.js';
import { wildcardMatch } from './wildcard.js';

export interface SearchTarget {
  /** The free-text field (a log's message); undefined where free text cannot be searched. */
  text?: string;
  /** A reserved attribute or a tag, by its bare key (`service`, `status`, `env`…). */
  reserved(key: string): string | string[] | undefined;
  /** An attribute by its `@` path (`purchase.amount`, `http.status_code`). */
  attribute(path: string): unknown;
  /** Every attribute's leaf value, for `*:value`. */
  leaves(): Iterable<unknown>;
  /** A bare key that is a trace id: equal ids may be spelled differently (128-bit hex, 64-bit decimal). */
  sameTraceId?(value: string): boolean;
  /**
   * Whether a numeric search (`>`, `<`, `[a TO b]`) may find this event by the attribute: in
   * Datadog only once a facet or measure exists for it, and only for events that came after.
   */
  numericSearchable?(path: string): boolean;
}

const numericAllowed = (node: { key: string; attribute: boolean }, target: SearchTarget) =>
  !node.attribute || !target.numericSearchable || target.numericSearchable(node.key);

/** Words of a free-text field, as Datadog splits them: runs of letters, digits and `_`. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean);
}

function textMatches(node: Extract<SearchNode, { kind: 'text' }>, text: string): boolean {
  if (node.value === '*') return true;
  const all = words(text);
  if (node.phrase) {
    const want = words(node.value);
    if (want.length === 0) return true;
    for (let i = 0; i + want.length <= all.length; i++)
      if (want.every((w, j) => all[i + j] === w)) return true;
    return false;
  }
  const parts = words(node.value);
  // `connection-refused` is two words in a row, as the text is split.
  if (parts.length > 1 && !/[*?]/.test(node.value))
    return textMatches({ ...node, value: parts.join(' '), phrase: true }, text);
  return all.some((w) => wildcardMatch(node.value, w, true));
}

function scalars(value: unknown): Array<string | number | boolean> {
  if (Array.isArray(value))
    return value.filter((v) => v !== null && typeof v !== 'object') as Array<string | number>;
  return value === null || value === undefined || typeof value === 'object' ? [] : [value as string | number];
}

function numbers(value: unknown): number[] {
  return scalars(value)
    .map((v) =>
      typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN,
    )
    .filter(Number.isFinite);
}

function compare(op: string, v: number, want: number): boolean {
  return op === '>' ? v > want : op === '>=' ? v >= want : op === '<' ? v < want : v <= want;
}

function valuesOf(node: { key: string; attribute: boolean }, target: SearchTarget): unknown {
  return node.attribute ? target.attribute(node.key) : target.reserved(node.key);
}

export function matchSearch(node: SearchNode, target: SearchTarget): boolean {
  switch (node.kind) {
    case 'all':
      return true;
    case 'and':
      return node.children.every((c) => matchSearch(c, target));
    case 'or':
      return node.children.some((c) => matchSearch(c, target));
    case 'not':
      return !matchSearch(node.child, target);
    case 'text':
      return target.text !== undefined && textMatches(node, target.text);
    case 'field': {
      if (node.key === '*') {
        for (const leaf of target.leaves())
          if (scalars(leaf).some((v) => wildcardMatch(node.value, String(v), false))) return true;
        return false;
      }
      if (!node.attribute && node.key === 'trace_id' && target.sameTraceId)
        return target.sameTraceId(node.value);
      const pattern = node.phrase ? node.value.replace(/[*?\\]/g, (c) => `\\${c}`) : node.value;
      return scalars(valuesOf(node, target)).some((v) => wildcardMatch(pattern, String(v), !node.attribute));
    }
    case 'compare':
      return (
        numericAllowed(node, target) &&
        numbers(valuesOf(node, target)).some((v) => compare(node.op, v, node.value))
      );
    case 'range':
      return (
        numericAllowed(node, target) &&
        numbers(valuesOf(node, target)).some((v) => v >= node.low && v <= node.high)
      );
  }
}

/** Whether a search holds free text (span search refuses it: spans have no message). */
export function hasFreeText(node: SearchNode): boolean {
  switch (node.kind) {
    case 'text':
      return node.value !== '*';
    case 'and':
    case 'or':
      return node.children.some(hasFreeText);
    case 'not':
      return hasFreeText(node.child);
    default:
      return false;
  }
}

/** An attribute by dotted path, through own properties only (`@constructor` is no attribute). */
export function attributeAt(attrs: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(attrs, path)) return attrs[path];
  let v: unknown = attrs;
  for (const part of path.split('.')) {
    if (!v || typeof v !== 'object' || !Object.hasOwn(v, part)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Every leaf of a nested object, depth-bounded (stored data may be deep). */
export function* leavesOf(value: unknown, depth = 0): Iterable<unknown> {
  if (depth > 20) return;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const v of Object.values(value)) yield* leavesOf(v, depth + 1);
  } else yield value;
}
