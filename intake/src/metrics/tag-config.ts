/**
 * Datadog's metric tag configurations (Metrics without Limits): which tag keys stay queryable
 * (an allow-list, or a deny-list with `exclude_tags_mode`), and for distributions whether
 * percentiles are computed. Datadog computes percentiles only for points that arrive after
 * they are enabled; the store models that. Parsing and validation here are pure.
 */
export type ConfigMetricType = 'gauge' | 'count' | 'rate' | 'distribution';

export interface TagConfiguration {
  metricType: ConfigMetricType;
  tags: string[];
  excludeTagsMode: boolean;
  includePercentiles: boolean;
  createdAt: string;
  modifiedAt: string;
}

export class TagConfigError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const TYPES = new Set(['gauge', 'count', 'rate', 'distribution']);

function attributesOf(body: unknown, name: string): Record<string, unknown> {
  const data = (body as { data?: Record<string, unknown> } | null)?.data;
  if (!data || typeof data !== 'object') throw new TagConfigError(400, "Invalid request: 'data' is required");
  if (data.type !== 'manage_tags')
    throw new TagConfigError(400, "Invalid request: data.type must be 'manage_tags'");
  if (data.id !== undefined && data.id !== name)
    throw new TagConfigError(
      400,
      `Invalid request: data.id ${JSON.stringify(data.id)} is not the metric in the path`,
    );
  const attributes = data.attributes;
  if (!attributes || typeof attributes !== 'object')
    throw new TagConfigError(400, "Invalid request: 'data.attributes' is required");
  return attributes as Record<string, unknown>;
}

function tagList(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((t) => typeof t === 'string'))
    throw new TagConfigError(400, 'Invalid request: tags must be a list of tag keys');
  return value;
}

function checkPercentiles(includePercentiles: boolean, metricType: ConfigMetricType): void {
  if (includePercentiles && metricType !== 'distribution')
    throw new TagConfigError(400, 'include_percentiles can only be applied to distribution metrics');
}

/** `POST /api/v2/metrics/{name}/tags`: a new configuration; `storedType` is what the metric arrived as. */
export function createConfiguration(
  body: unknown,
  name: string,
  storedType: string,
  now: Date,
): TagConfiguration {
  const a = attributesOf(body, name);
  if (typeof a.metric_type !== 'string' || !TYPES.has(a.metric_type))
    throw new TagConfigError(400, 'Invalid request: metric_type must be gauge, count, rate or distribution');
  const metricType = a.metric_type as ConfigMetricType;
  const arrived = storedType === 'rate' || storedType === 'count' ? ['count', 'rate'] : [storedType];
  if (!arrived.includes(metricType))
    throw new TagConfigError(
      400,
      `metric_type ${metricType} does not match the metric's type (${storedType})`,
    );
  const includePercentiles = a.include_percentiles === true;
  checkPercentiles(includePercentiles, metricType);
  const stamp = now.toISOString();
  return {
    metricType,
    tags: tagList(a.tags),
    excludeTagsMode: a.exclude_tags_mode === true,
    includePercentiles,
    createdAt: stamp,
    modifiedAt: stamp,
  };
}

/** `PATCH /api/v2/metrics/{name}/tags`: the fields given replace the stored ones. */
export function updateConfiguration(
  current: TagConfiguration,
  body: unknown,
  name: string,
  now: Date,
): TagConfiguration {
  const a = attributesOf(body, name);
  const next: TagConfiguration = { ...current, modifiedAt: now.toISOString() };
  if (a.tags !== undefined) next.tags = tagList(a.tags);
  if (a.exclude_tags_mode !== undefined) next.excludeTagsMode = a.exclude_tags_mode === true;
  if (a.include_percentiles !== undefined) next.includePercentiles = a.include_percentiles === true;
  checkPercentiles(next.includePercentiles, next.metricType);
  return next;
}

/** The JSON Datadog answers with. */
export function configurationJson(name: string, c: TagConfiguration) {
  return {
    data: {
      type: 'manage_tags',
      id: name,
      attributes: {
        tags: c.tags,
        exclude_tags_mode: c.excludeTagsMode,
        include_percentiles: c.includePercentiles,
        metric_type: c.metricType,
        created_at: c.createdAt,
        modified_at: c.modifiedAt,
        aggregations: [],
      },
    },
  };
}

/** Which of a series' tags stay queryable under the configuration. */
export function queryable(c: TagConfiguration | undefined): (tag: string) => boolean {
  if (!c) return () => true;
  const keys = new Set(c.tags);
  return (tag) => {
    const key = tag.split(':')[0] ?? tag;
    return c.excludeTagsMode ? !keys.has(key) : keys.has(key);
  };
}
