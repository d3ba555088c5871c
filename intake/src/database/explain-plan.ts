/**
 * An EXPLAIN (FORMAT JSON) plan as a list of nodes a person (and a lesson check) can read: node
 * type, relation, index, estimated cost and rows, conditions — obfuscated, as the agent obfuscates
 * plans, so a literal written into a query never reaches the page. Pure.
 */
import { obfuscateSql } from './obfuscate-sql.js';

export interface PlanNode {
  depth: number;
  nodeType: string;
  relation?: string;
  index?: string;
  startupCost: number;
  totalCost: number;
  planRows: number;
  /** Filter, Index Cond, Recheck Cond, Hash Cond, Join Filter, Sort Key… obfuscated. */
  details: string[];
}

export interface PlanSummary {
  nodes: PlanNode[];
  totalCost: number;
  /** The relations read by a sequential scan: what an index could spare. */
  seqScans: string[];
  /** The indexes the plan uses. */
  indexes: string[];
}

type RawNode = Record<string, unknown> & { Plans?: RawNode[] };

const DETAIL_KEYS = [
  'Index Cond',
  'Recheck Cond',
  'Filter',
  'Hash Cond',
  'Merge Cond',
  'Join Filter',
  'Sort Key',
  'Group Key',
];

function details(node: RawNode): string[] {
  const out: string[] = [];
  for (const key of DETAIL_KEYS) {
    const value = node[key];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.map(String).join(', ') : String(value);
    out.push(`${key}: ${obfuscateSql(text)}`);
  }
  return out;
}

function walk(node: RawNode, depth: number, into: PlanNode[]): void {
  const num = (k: string) => (typeof node[k] === 'number' ? (node[k] as number) : 0);
  const str = (k: string) => (typeof node[k] === 'string' ? (node[k] as string) : undefined);
  const relation = str('Relation Name');
  const index = str('Index Name');
  into.push({
    depth,
    nodeType: str('Node Type') ?? '?',
    ...(relation ? { relation } : {}),
    ...(index ? { index } : {}),
    startupCost: num('Startup Cost'),
    totalCost: num('Total Cost'),
    planRows: num('Plan Rows'),
    details: details(node),
  });
  for (const child of node.Plans ?? []) walk(child, depth + 1, into);
}

/** `explain` is what EXPLAIN (FORMAT JSON) returns: `[{ "Plan": {...} }]` (or that object). */
export function summarizePlan(explain: unknown): PlanSummary {
  const top = (Array.isArray(explain) ? explain[0] : explain) as { Plan?: RawNode } | undefined;
  if (!top?.Plan || typeof top.Plan !== 'object') throw new Error('not an EXPLAIN (FORMAT JSON) result');
  const nodes: PlanNode[] = [];
  walk(top.Plan, 0, nodes);
  return {
    nodes,
    totalCost: nodes[0]?.totalCost ?? 0,
    seqScans: nodes.filter((n) => n.nodeType === 'Seq Scan' && n.relation).map((n) => n.relation as string),
    indexes: [...new Set(nodes.flatMap((n) => (n.index ? [n.index] : [])))],
  };
}

/** The plan as indented text, for the terminal. */
export function planText(summary: PlanSummary): string {
  return summary.nodes
    .map((n) => {
      const on = n.relation ? ` on ${n.relation}` : '';
      const using = n.index ? ` using ${n.index}` : '';
      const head = `${'  '.repeat(n.depth)}${n.depth ? '-> ' : ''}${n.nodeType}${using}${on}  (cost=${n.startupCost.toFixed(2)}..${n.totalCost.toFixed(2)} rows=${n.planRows})`;
      return [head, ...n.details.map((d) => `${'  '.repeat(n.depth + 2)}${d}`)].join('\n');
    })
    .join('\n');
}
