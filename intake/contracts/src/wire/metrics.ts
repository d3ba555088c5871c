/** Datadog's metrics API answers, as the console reads them (the fields it uses; others pass unread). */
import * as v from 'valibot';

const isNumberOrNull = (x: unknown) => x === null || typeof x === 'number';

/** `[[time, value], …]`: checked in one loop, as a graph's 90,000 points would cost ~15 ms item by item. */
export function isPointList(x: unknown): x is Array<[number, number | null]> {
  if (!Array.isArray(x)) return false;
  for (const p of x)
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'number' || !isNumberOrNull(p[1]))
      return false;
  return true;
}

/** A column of values (the v2 timeseries answer's), in one loop likewise. */
export function isValueColumn(x: unknown): x is Array<number | null> {
  if (!Array.isArray(x)) return false;
  for (const value of x) if (!isNumberOrNull(value)) return false;
  return true;
}

const pointList = v.custom<Array<[number, number | null]>>(isPointList, 'a list of [time, value] points');
const valueColumn = v.custom<Array<number | null>>(isValueColumn, 'a column of numbers or nulls');

export const V1SeriesSchema = v.object({
  metric: v.string(),
  scope: v.string(),
  expression: v.string(),
  tag_set: v.array(v.string()),
  pointlist: pointList,
  interval: v.number(),
});
export const V1QueryAnswerSchema = v.object({ series: v.array(V1SeriesSchema) });
export type V1Series = v.InferOutput<typeof V1SeriesSchema>;

export const MetricListSchema = v.object({ metrics: v.array(v.string()) });

export const MetricMetadataSchema = v.object({
  type: v.string(),
  unit: v.nullish(v.string(), null),
  statsd_interval: v.nullish(v.number(), null),
});
export type MetricMetadata = v.InferOutput<typeof MetricMetadataSchema>;

export const AllTagsSchema = v.object({
  data: v.object({
    attributes: v.object({ tags: v.array(v.string()), ingested_tags: v.optional(v.array(v.string())) }),
  }),
});

export const VolumesSchema = v.object({
  data: v.object({
    attributes: v.object({ indexed_volume: v.optional(v.number()), distinct_volume: v.optional(v.number()) }),
  }),
});

export const TagConfigurationSchema = v.object({
  tags: v.array(v.string()),
  include_percentiles: v.optional(v.boolean()),
  metric_type: v.string(),
});
export type TagConfiguration = v.InferOutput<typeof TagConfigurationSchema>;
export const TagConfigurationsSchema = v.object({
  data: v.array(v.object({ id: v.string(), attributes: TagConfigurationSchema })),
});

export const TimeseriesAnswerSchema = v.object({
  data: v.object({
    attributes: v.object({
      series: v.array(v.object({ group_tags: v.array(v.string()), query_index: v.number() })),
      times: v.array(v.number()),
      values: v.array(valueColumn),
    }),
  }),
});

export const ScalarAnswerSchema = v.object({
  data: v.object({
    attributes: v.object({
      columns: v.array(v.object({ type: v.string(), values: v.array(v.unknown()) })),
    }),
  }),
});
