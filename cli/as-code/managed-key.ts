/**
 * How a pushed object carries its file's key, in something Datadog keeps: a tag on monitors
 * (`ddworkshop:<key>`), a last line of the description on dashboards (dashboard tags may only be
 * `team:`). Pure.
 */
const TAG = 'ddworkshop:';
const MARKER = /\n*\(managed by ddworkshop: ([\w.-]+)\)\s*$/;

export function withMonitorKey(json: Record<string, unknown>, key: string): Record<string, unknown> {
  const tags = Array.isArray(json.tags) ? (json.tags as string[]).filter((t) => !t.startsWith(TAG)) : [];
  return { ...json, tags: [...tags, `${TAG}${key}`] };
}

export function monitorKey(tags: readonly string[] | undefined): string | undefined {
  return tags?.find((t) => t.startsWith(TAG))?.slice(TAG.length);
}

export function withDashboardKey(json: Record<string, unknown>, key: string): Record<string, unknown> {
  const description = typeof json.description === 'string' ? json.description.replace(MARKER, '') : '';
  return {
    ...json,
    description: `${description}${description ? '\n\n' : ''}(managed by ddworkshop: ${key})`,
  };
}

export function dashboardKey(description: string | null | undefined): string | undefined {
  return description ? MARKER.exec(description)?.[1] : undefined;
}
