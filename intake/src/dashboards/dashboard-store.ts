/** The intake's dashboards: kept as Datadog returns them (ids like `abc-def-ghi`, widget ids, urls). */
import { randomInt } from 'node:crypto';
import { datadogTimestamp as iso } from '../query/time.js';
import { DashboardError, validateDashboard } from './validate-dashboard.js';

export interface StoredDashboard {
  id: string;
  body: Record<string, unknown>;
  createdMs: number;
  modifiedMs: number;
}

const MAX_DASHBOARDS = 500;
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function newId(): string {
  const part = () => Array.from({ length: 3 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${part()}-${part()}-${part()}`;
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 80);
}

/** Widgets get ids as Datadog gives them, groups' widgets too. */
function withIds(widgets: unknown): unknown {
  if (!Array.isArray(widgets)) return widgets;
  return widgets.map((w: Record<string, unknown>) => {
    const def = w.definition as Record<string, unknown>;
    return {
      ...w,
      definition: def.type === 'group' ? { ...def, widgets: withIds(def.widgets) } : def,
      id: typeof w.id === 'number' ? w.id : randomInt(2 ** 47),
    };
  });
}

export function dashboardJson(d: StoredDashboard) {
  const b = d.body;
  return {
    id: d.id,
    title: b.title,
    description: b.description ?? null,
    author_handle: 'ddworkshop@localhost',
    author_name: null,
    layout_type: b.layout_type,
    url: `/dashboard/${d.id}/${slug(String(b.title))}`,
    // (Datadog's answers since 2026 carry no is_read_only: its recorded exchanges.)
    template_variables: b.template_variables ?? null,
    widgets: b.widgets,
    notify_list: b.notify_list ?? null,
    created_at: iso(d.createdMs),
    modified_at: iso(d.modifiedMs),
    restricted_roles: [],
    ...(b.tags ? { tags: b.tags } : {}),
    ...(b.reflow_type ? { reflow_type: b.reflow_type } : {}),
    // Echoed when given, as Datadog's recorded answers echo them.
    ...(b.default_timeframe !== undefined ? { default_timeframe: b.default_timeframe } : {}),
    ...(b.template_variable_presets !== undefined
      ? { template_variable_presets: b.template_variable_presets }
      : {}),
    ...(b.tabs !== undefined ? { tabs: b.tabs } : {}),
  };
}

export function dashboardSummary(d: StoredDashboard) {
  const full = dashboardJson(d);
  return {
    id: full.id,
    title: full.title,
    description: full.description,
    layout_type: full.layout_type,
    url: full.url,
    is_read_only: false,
    created_at: full.created_at,
    modified_at: full.modified_at,
    author_handle: full.author_handle,
    deleted_at: null,
  };
}

export function createDashboardStore(now = Date.now) {
  const dashboards = new Map<string, StoredDashboard>();
  const clean = (body: Record<string, unknown>) => {
    validateDashboard(body);
    const {
      id: _id,
      url: _url,
      created_at: _c,
      modified_at: _m,
      author_handle: _a,
      author_name: _n,
      ...rest
    } = body;
    return { ...rest, widgets: withIds(body.widgets) };
  };
  return {
    create(body: Record<string, unknown>): StoredDashboard {
      if (dashboards.size >= MAX_DASHBOARDS)
        throw new DashboardError(`At most ${MAX_DASHBOARDS} dashboards offline`);
      const at = now();
      const d = { id: newId(), body: clean(body), createdMs: at, modifiedMs: at };
      dashboards.set(d.id, d);
      return d;
    },
    get: (id: string) => dashboards.get(id),
    list: () => [...dashboards.values()],
    /** Datadog's update replaces the whole dashboard. */
    update(id: string, body: Record<string, unknown>): StoredDashboard | undefined {
      const d = dashboards.get(id);
      if (!d) return undefined;
      d.body = clean(body);
      d.modifiedMs = now();
      return d;
    },
    delete: (id: string) => dashboards.delete(id),
  };
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;
