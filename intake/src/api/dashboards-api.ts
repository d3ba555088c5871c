/** Datadog's dashboards API (`/api/v1/dashboard…`) over the intake's dashboard store. */

import { type DashboardStore, dashboardJson, dashboardSummary } from '../dashboards/dashboard-store.js';
import { DashboardError } from '../dashboards/validate-dashboard.js';
import { sendJson } from '../http/http-util.js';
import type { Router } from '../http/router.js';
import { ApiError, jsonBody } from './api-error.js';

function dashboardErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DashboardError) throw new ApiError(400, error.message);
    throw error;
  }
}

export function dashboardRoutes(router: Router, store: DashboardStore): void {
  const json = (res: Parameters<typeof sendJson>[0], body: unknown) => sendJson(res, 200, body);
  const found = (id: string | undefined) => {
    const d = id ? store.get(id) : undefined;
    if (!d) throw new ApiError(404, `Dashboard with ID ${id} not found`);
    return d;
  };
  router
    .on('GET', '/api/v1/dashboard', (_req, res, _p, q) => {
      const all = store.list().map(dashboardSummary);
      const start = Math.max(Number(q.get('start') ?? 0) || 0, 0);
      const count = Number(q.get('count') ?? 0) || all.length;
      json(res, { dashboards: all.slice(start, start + count) });
    })
    .on('POST', '/api/v1/dashboard', async (req, res) => {
      const body = await jsonBody(req);
      json(res, dashboardJson(dashboardErrors(() => store.create(body))));
    })
    .on('GET', '/api/v1/dashboard/:id', (_req, res, p) => json(res, dashboardJson(found(p.id))))
    .on('PUT', '/api/v1/dashboard/:id', async (req, res, p) => {
      found(p.id);
      const body = await jsonBody(req);
      json(
        res,
        dashboardJson(
          dashboardErrors(() => store.update(p.id ?? '', body)) as ReturnType<DashboardStore['create']>,
        ),
      );
    })
    .on('DELETE', '/api/v1/dashboard/:id', (_req, res, p) => {
      found(p.id);
      store.delete(p.id ?? '');
      json(res, { deleted_dashboard_id: p.id });
    });
}
