/** `dashboard push|list|open`: dashboards as code through Datadog's DashboardsApi (or the intake's). */
import type { Dashboard } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/Dashboard.js';
import { dashboardKey, withDashboardKey } from '../as-code/managed-key.js';
import { planPush } from '../as-code/plan-push.js';
import {
  type AsCodeOptions,
  asCodeContext,
  type PushResult,
  printPushResults,
} from '../as-code/push-output.js';
import { dashboardSummaries, managedDashboards } from '../as-code/remote.js';
import { readResourceFiles } from '../as-code/resource-files.js';
import { cmd } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import { consoleBase } from '../console/console-urls.js';
import { openPage } from '../console/run-open.js';
import { renderTable } from '../ui/table.js';

type Options = AsCodeOptions;

export async function pushDashboards(files: string[], options: Options): Promise<void> {
  const { config, api } = await asCodeContext(options);
  const local = (await readResourceFiles(config.projectDir, 'dashboards', files)).map((f) => ({
    ...f,
    json: withDashboardKey(f.json, f.key),
  }));
  const dashboards = await api.dashboards();
  const remotes = await managedDashboards(api);
  const plan = planPush(
    local,
    remotes,
    (r) => r.key,
    (r) => r.json,
  );
  const results: PushResult[] = [];
  for (const [i, action] of plan.entries()) {
    const file = local[i] as (typeof local)[number];
    const body = await api.v1Model<Dashboard>('Dashboard', file.json);
    let dashboard: Dashboard;
    if (action.kind === 'create') dashboard = await api.call(() => dashboards.createDashboard({ body }));
    else if (action.kind === 'update')
      dashboard = await api.call(() =>
        dashboards.updateDashboard({ dashboardId: action.remote.dashboard.id ?? '', body }),
      );
    else dashboard = action.remote.dashboard;
    const url = new URL(dashboard.url ?? `/dashboard/${dashboard.id}`, consoleBase(config)).href;
    results.push({
      file: file.path,
      action: action.kind,
      id: dashboard.id,
      title: dashboard.title,
      label: dashboard.title ?? '',
      url,
    });
  }
  printPushResults(results, options.json);
}

export async function listDashboards(options: Options): Promise<void> {
  const { config, api } = await asCodeContext(options);
  const summaries = await dashboardSummaries(api);
  const rows = summaries.map((s) => ({
    id: s.id,
    title: s.title,
    file: dashboardKey(s.description) ? `dashboards/${dashboardKey(s.description)}.json` : '',
    url: new URL(s.url ?? '/', consoleBase(config)).href,
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(
      `No dashboards yet: write dashboards/<name>.json and run ${cmd('dashboard push')}.\n`,
    );
    return;
  }
  process.stdout.write(
    `${renderTable(
      ['TITLE', 'FILE', 'URL'],
      rows.map((r) => [r.title ?? '', r.file, r.url]),
    )}\n`,
  );
}

export async function openDashboard(title: string, options: Options & { browser: boolean }): Promise<void> {
  const { api } = await asCodeContext(options);
  const summaries = await dashboardSummaries(api);
  const wanted = title.toLowerCase();
  const match =
    summaries.find((s) => s.title?.toLowerCase() === wanted) ??
    summaries.find((s) => dashboardKey(s.description) === title) ??
    summaries.find((s) => s.title?.toLowerCase().includes(wanted));
  if (!match)
    throw new UserError(
      `No dashboard is called ${title}`,
      `${cmd('dashboard list')} shows them; ${cmd('dashboard push')} creates yours from dashboards/*.json.`,
    );
  await openPage(match.url ?? `/dashboard/${match.id}`, options);
}
