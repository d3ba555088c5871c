/** Which console page a path shows, and its parameter (a service, a trace, a dashboard, a monitor). Pure. */
export type Route =
  | { page: 'home' | 'metrics' | 'summary' | 'services' | 'traces' | 'logs' | 'infrastructure' | 'database' }
  | { page: 'dashboards' | 'monitors' }
  | { page: 'service'; service: string }
  | { page: 'trace'; traceId: string }
  | { page: 'dashboard'; id: string }
  | { page: 'monitor'; id: string }
  | { page: 'none'; path: string };

const FIXED: Record<string, Route['page']> = {
  '/': 'home',
  '/console': 'home',
  '/metric/explorer': 'metrics',
  '/metric/summary': 'summary',
  '/apm/services': 'services',
  '/apm/traces': 'traces',
  '/logs': 'logs',
  '/infrastructure': 'infrastructure',
  '/databases/queries': 'database',
  '/dashboard/lists': 'dashboards',
  '/monitors/manage': 'monitors',
};

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function routeOf(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  const fixed = Object.hasOwn(FIXED, path) ? FIXED[path] : undefined;
  if (fixed) return { page: fixed } as Route;
  const service = /^\/apm\/services\/([^/]+)$/.exec(path);
  if (service) return { page: 'service', service: decode(service[1] ?? '') };
  const trace = /^\/apm\/trace\/([^/]+)$/.exec(path);
  if (trace) return { page: 'trace', traceId: decode(trace[1] ?? '') };
  const dashboard = /^\/dashboard\/([\w-]+)(?:\/[^/]*)?$/.exec(path);
  if (dashboard) return { page: 'dashboard', id: dashboard[1] ?? '' };
  const monitor = /^\/monitors\/(\d+)$/.exec(path);
  if (monitor) return { page: 'monitor', id: monitor[1] ?? '' };
  return { page: 'none', path };
}
