/** Datadog's monitors API (`/api/v1/monitor…`) over the intake's monitor store, in Datadog's JSON. */

import type { MonitorHistory } from '#contracts/wire/intake-views.js';
import { sendJson } from '../http/http-util.js';
import type { Router } from '../http/router.js';
import type { MonitorRecord, MonitorStore } from '../monitors/monitor-store.js';
import { MonitorError, validateMonitor } from '../monitors/validate-monitor.js';
import { datadogTimestamp as iso } from '../query/time.js';
import { ApiError, jsonBody } from './api-error.js';

const CREATOR = { name: 'ddworkshop', handle: 'ddworkshop@localhost', email: 'ddworkshop@localhost', id: 1 };

export function monitorJson(m: MonitorRecord, groupStates = false) {
  const d = m.def;
  return {
    id: m.id,
    org_id: 1,
    type: d.type,
    name: d.name,
    message: d.message,
    tags: d.tags,
    query: d.query,
    options: d.options,
    multi: d.parsed.groupBy.length > 0,
    created_at: m.createdMs,
    created: iso(m.createdMs),
    modified: iso(m.modifiedMs),
    deleted: null,
    restricted_roles: null,
    priority: d.priority,
    overall_state_modified: m.overallModifiedMs === null ? null : iso(m.overallModifiedMs),
    overall_state: m.overall,
    creator: CREATOR,
    ...(groupStates
      ? {
          state: {
            groups: Object.fromEntries(
              [...m.groups].map(([key, g]) => [
                key || '*',
                {
                  name: key || '*',
                  status: g.status,
                  last_triggered_ts: g.triggeredMs ? Math.floor(g.triggeredMs / 1000) : null,
                  last_nodata_ts: g.status === 'No Data' ? Math.floor(g.modifiedMs / 1000) : null,
                },
              ]),
            ),
          },
        }
      : {}),
  };
}

/** Decimal digits only, as Datadog's ids are written: `0x3e8`, `1e3` or ` 1000` name no monitor. */
export function idOf(raw: string | undefined): number {
  const id = /^\d{1,15}$/.test(raw ?? '') ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new ApiError(404, 'Monitor not found');
  return id;
}

function monitorErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof MonitorError) throw new ApiError(400, error.message);
    throw error;
  }
}

/** `monitor_tags` (all must be on the monitor) and `name` (a substring), as Datadog filters the list. */
function matches(m: MonitorRecord, q: URLSearchParams): boolean {
  const tags = (q.get('monitor_tags') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.some((t) => !m.def.tags.includes(t))) return false;
  const name = q.get('name');
  return !name || m.def.name.toLowerCase().includes(name.toLowerCase());
}

const GROUP_STATES = new Set(['all', 'alert', 'warn', 'no data', 'ok']);

export function monitorRoutes(router: Router, store: MonitorStore): void {
  const json = (res: Parameters<typeof sendJson>[0], body: unknown) => sendJson(res, 200, body);
  const found = (id: number) => {
    const m = store.get(id);
    if (!m) throw new ApiError(404, 'Monitor not found');
    return m;
  };
  router
    .on('GET', '/api/v1/monitor', (_req, res, _p, q) => {
      const groupStates = q.has('group_states');
      // Datadog's filter values (its recorded 400 for anything else).
      const states = (q.get('group_states') ?? '').split(',').map((s) => s.trim().toLowerCase());
      if (groupStates && states.some((s) => s !== '' && !GROUP_STATES.has(s)))
        throw new ApiError(400, 'Invalid group_state filters.');
      const all = store.list().filter((m) => matches(m, q));
      const size = Math.min(Math.max(Number(q.get('page_size') ?? 100) || 100, 1), 1000);
      const page = Math.max(Number(q.get('page') ?? 0) || 0, 0);
      const shown = q.has('page') ? all.slice(page * size, page * size + size) : all;
      json(
        res,
        shown.map((m) => monitorJson(m, groupStates)),
      );
    })
    .on('POST', '/api/v1/monitor', async (req, res) => {
      const body = await jsonBody(req);
      json(res, monitorJson(monitorErrors(() => store.create(body))));
    })
    .on('POST', '/api/v1/monitor/validate', async (req, res) => {
      const body = await jsonBody(req);
      monitorErrors(() => validateMonitor(body));
      json(res, {});
    })
    .on('GET', '/api/v1/monitor/:id', (_req, res, p, q) =>
      json(res, monitorJson(found(idOf(p.id)), q.has('group_states'))),
    )
    .on('PUT', '/api/v1/monitor/:id', async (req, res, p) => {
      const id = idOf(p.id);
      found(id);
      const body = await jsonBody(req);
      json(res, monitorJson(monitorErrors(() => store.update(id, body)) as MonitorRecord));
    })
    .on('DELETE', '/api/v1/monitor/:id', (_req, res, p) => {
      const id = idOf(p.id);
      found(id);
      store.delete(id);
      json(res, { deleted_monitor_id: id });
    })
    .on('POST', '/api/v1/monitor/:id/validate', async (req, res, p) => {
      const m = found(idOf(p.id));
      const body = await jsonBody(req);
      monitorErrors(() => validateMonitor({ ...m.body, ...body }));
      json(res, {});
    })
    // Not Datadog's API: the transitions and notifications the console shows (Datadog shows them in its UI).
    .on('GET', '/intake/monitors/:id/history', (_req, res, p) => {
      const m = found(idOf(p.id));
      json(res, {
        id: m.id,
        evaluated_every_sec: store.intervalSec,
        last_evaluated: m.lastEvaluatedMs ? iso(m.lastEvaluatedMs) : null,
        groups: [...m.groups].map(([key, g]) => ({ group: key || '*', ...g })),
        transitions: m.history,
      } satisfies MonitorHistory);
    });
}
