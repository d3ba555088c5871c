import { leadingQuery } from '#contracts/metric-query.js';

/** Every metric query a dashboard's widgets make (groups included), for the lesson checks. Pure. */
export interface WidgetQuery {
  widgetType: string;
  title?: string;
  query: string;
}

function requestQueries(request: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof request.q === 'string') out.push(request.q);
  if (Array.isArray(request.queries))
    for (const q of request.queries as Array<Record<string, unknown>>)
      if (typeof q?.query === 'string' && (q.data_source ?? 'metrics') === 'metrics') out.push(q.query);
  return out;
}

export function dashboardQueries(json: Record<string, unknown>): WidgetQuery[] {
  const out: WidgetQuery[] = [];
  const walk = (widgets: unknown) => {
    if (!Array.isArray(widgets)) return;
    for (const w of widgets as Array<Record<string, unknown>>) {
      const def = (w?.definition ?? {}) as Record<string, unknown>;
      const type = String(def.type ?? '');
      if (type === 'group') walk(def.widgets);
      const requests = Array.isArray(def.requests) ? def.requests : def.requests ? [def.requests] : [];
      for (const r of requests as Array<Record<string, unknown>>)
        for (const query of requestQueries(r ?? {}))
          out.push({
            widgetType: type,
            ...(typeof def.title === 'string' ? { title: def.title } : {}),
            query,
          });
    }
  };
  walk(json.widgets);
  return out;
}

/** The metric a query reads, and what it groups by: `sum:a.b{x:y} by {k}.as_count()` → a.b, [k]. */
export function queryShape(query: string): { metric: string; aggregation: string; groupBy: string[] } {
  const head = leadingQuery(query);
  return { aggregation: head?.agg ?? 'avg', metric: head?.metric ?? '', groupBy: head?.groupBy ?? [] };
}
