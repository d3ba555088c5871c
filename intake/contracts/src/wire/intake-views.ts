/**
 * The intake's own `/intake/*` answers (not Datadog's API): what the console shows beside
 * Datadog's data. The intake's handlers write them `satisfies` these types.
 */
import * as v from 'valibot';
import { SpanAttributesSchema } from './events.js';

/** A resource as its spans spell it, and as the trace metrics' `resource_name` tag holds it. */
export const ApmResourcesSchema = v.object({
  resources: v.optional(v.array(v.object({ name: v.string(), tag: v.string() })), []),
});
export type ApmResources = v.InferOutput<typeof ApmResourcesSchema>;

export const DbStatementSchema = v.object({
  signature: v.string(),
  query: v.string(),
  db: v.string(),
  user: v.string(),
  calls: v.number(),
  totalTimeMs: v.number(),
  rows: v.number(),
  sharedBlksHit: v.number(),
  sharedBlksRead: v.number(),
  lastSeenMs: v.number(),
});
export type DbStatement = v.InferOutput<typeof DbStatementSchema>;
export const DbStatementsSchema = v.object({
  statements: v.array(DbStatementSchema),
  enabled: v.boolean(),
  warning: v.optional(v.string()),
});
export type DbStatements = v.InferOutput<typeof DbStatementsSchema>;

export const DbPlanNodeSchema = v.object({
  depth: v.number(),
  nodeType: v.string(),
  relation: v.optional(v.string()),
  index: v.optional(v.string()),
  totalCost: v.number(),
  planRows: v.number(),
  details: v.array(v.string()),
});
export type DbPlanNode = v.InferOutput<typeof DbPlanNodeSchema>;
export const DbPlanSchema = v.object({
  signature: v.string(),
  query: v.string(),
  /** The plan as EXPLAIN prints it. */
  text: v.string(),
  plan: v.object({
    nodes: v.array(DbPlanNodeSchema),
    seqScans: v.array(v.string()),
    indexes: v.array(v.string()),
    totalCost: v.number(),
  }),
});
export type DbPlan = v.InferInput<typeof DbPlanSchema>;

export const DbSpansSchema = v.object({
  data: v.array(v.object({ attributes: SpanAttributesSchema })),
  total: v.number(),
});
export type DbSpans = v.InferInput<typeof DbSpansSchema>;

/** A facet or measure of the workshop. */
export const FacetSchema = v.object({
  source: v.picklist(['logs', 'spans']),
  path: v.string(),
  type: v.picklist(['facet', 'measure']),
  createdMs: v.number(),
});
export type FacetInfo = v.InferOutput<typeof FacetSchema>;
export const FacetsSchema = v.object({ facets: v.optional(v.array(FacetSchema), []) });
export type Facets = v.InferInput<typeof FacetsSchema>;

/** A monitor's evaluations as the console draws them (Datadog shows them in its UI). */
export const MonitorHistorySchema = v.object({
  id: v.number(),
  evaluated_every_sec: v.number(),
  last_evaluated: v.nullable(v.string()),
  groups: v.array(v.object({ group: v.string(), status: v.string(), value: v.optional(v.number()) })),
  transitions: v.array(
    v.object({
      atMs: v.number(),
      group: v.string(),
      from: v.nullable(v.string()),
      to: v.string(),
      value: v.optional(v.number()),
      notification: v.string(),
    }),
  ),
});
export type MonitorHistory = v.InferOutput<typeof MonitorHistorySchema>;

/** What the student looked at, and when (the intake's `GET /intake/looks?since=<ms>`). */
export const LookKindSchema = v.picklist(['metric', 'spans', 'logs', 'database']);
export type LookKind = v.InferOutput<typeof LookKindSchema>;
export const LookSchema = v.object({ atMs: v.number(), kind: LookKindSchema, text: v.string() });
export type Look = v.InferOutput<typeof LookSchema>;
export const LooksSchema = v.object({ looks: v.array(LookSchema) });
export type Looks = v.InferOutput<typeof LooksSchema>;
