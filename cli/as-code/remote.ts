/** The dashboards and monitors this workshop pushed, read back through the API (one home for push, list, status and the lesson checks). */
import type { Dashboard } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/Dashboard.js';
import type { DashboardSummaryDefinition } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/DashboardSummaryDefinition.js';
import type { Monitor } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/Monitor.js';
import type { DatadogApi } from '../datadog/client.js';
import { dashboardKey, monitorKey } from './managed-key.js';

type Limits = { deadline?: number; signal?: AbortSignal };

export async function dashboardSummaries(
  api: DatadogApi,
  limits?: Limits,
): Promise<DashboardSummaryDefinition[]> {
  const dashboards = await api.dashboards();
  return (await api.call(() => dashboards.listDashboards({}), limits)).dashboards ?? [];
}

/** Every dashboard that carries a file key, in full, with its JSON as Datadog's wire format has it. */
export async function managedDashboards(
  api: DatadogApi,
  limits?: Limits,
): Promise<Array<{ key: string; dashboard: Dashboard; json: Record<string, unknown> }>> {
  const dashboards = await api.dashboards();
  const managed = (await dashboardSummaries(api, limits)).filter((s) => dashboardKey(s.description));
  return Promise.all(
    managed.map(async (s) => {
      const dashboard = await api.call(() => dashboards.getDashboard({ dashboardId: s.id ?? '' }), limits);
      const json = (await api.v1Json('Dashboard', dashboard)) as Record<string, unknown>;
      return { key: dashboardKey(s.description) as string, dashboard, json };
    }),
  );
}

/** Every monitor that carries a file key (the `ddworkshop:<key>` tag), with its group states. */
export async function managedMonitors(api: DatadogApi, limits?: Limits): Promise<Monitor[]> {
  const monitors = await api.monitors();
  return (await api.call(() => monitors.listMonitors({ groupStates: 'all' }), limits)).filter((m) =>
    monitorKey(m.tags),
  );
}
