/** Dashboards and monitors as Datadog's API answers them, as the console reads them. */
import * as v from 'valibot';

export const DashboardSummarySchema = v.object({
  id: v.string(),
  title: v.string(),
  description: v.nullish(v.string(), null),
  url: v.string(),
  modified_at: v.string(),
});
export type DashboardSummary = v.InferOutput<typeof DashboardSummarySchema>;
export const DashboardListSchema = v.object({ dashboards: v.array(DashboardSummarySchema) });

/** A widget's definition is drawn by type; every property is kept for the widget to read. */
export const WidgetSchema = v.object({
  id: v.optional(v.number()),
  definition: v.looseObject({ type: v.string(), title: v.optional(v.string()) }),
});
export type Widget = v.InferOutput<typeof WidgetSchema>;

export const DashboardSchema = v.object({
  id: v.string(),
  title: v.string(),
  description: v.nullish(v.string(), null),
  layout_type: v.string(),
  widgets: v.array(WidgetSchema),
});
export type DashboardJson = v.InferOutput<typeof DashboardSchema>;

export const MonitorSchema = v.object({
  id: v.number(),
  name: v.string(),
  query: v.string(),
  message: v.string(),
  tags: v.array(v.string()),
  overall_state: v.string(),
  overall_state_modified: v.nullish(v.string(), null),
  options: v.looseObject({
    thresholds: v.optional(v.object({ critical: v.optional(v.number()), warning: v.optional(v.number()) })),
  }),
  state: v.optional(
    v.object({
      groups: v.optional(v.record(v.string(), v.object({ status: v.string(), name: v.string() }))),
    }),
  ),
});
export type MonitorJson = v.InferOutput<typeof MonitorSchema>;
export const MonitorListSchema = v.array(MonitorSchema);
