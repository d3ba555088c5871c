/** `monitor push|list|status`: monitors as code through Datadog's MonitorsApi (or the intake's). */
import type { Monitor } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/Monitor.js';
import chalk from 'chalk';
import { monitorKey, withMonitorKey } from '../as-code/managed-key.js';
import { planPush } from '../as-code/plan-push.js';
import {
  type AsCodeOptions,
  asCodeContext,
  type PushResult,
  printPushResults,
} from '../as-code/push-output.js';
import { managedMonitors } from '../as-code/remote.js';
import { readResourceFiles } from '../as-code/resource-files.js';
import { cmd } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import { consoleBase } from '../console/console-urls.js';
import { type ApiFailure, apiPollOptions, noAnswer } from '../datadog/client.js';
import { onInterrupt } from '../ui/interrupt.js';
import { createProgress } from '../ui/progress.js';
import { renderTable } from '../ui/table.js';
import { pollUntil } from '../util/poll.js';

type Options = AsCodeOptions;

/** What to do when `--wait` ran out, from the state wanted and the state the monitor is in. Pure. */
export function waitAdvice(want: string, got: string): string {
  if (want === 'Alert' || want === 'Warn')
    return `Send the traffic that should trip it (e.g. ${cmd('traffic errors')}) and wait again.`;
  if (want === 'OK' && got === 'No Data')
    return `Nothing reports the metric any more (the agent stops sending an idle counter 5 minutes after its last update): send normal traffic (${cmd('traffic quick')}) so it reports zeros, and wait again — or set "on_missing_data": "default" in its options, so an empty window of a count query counts as 0.`;
  if (want === 'OK')
    return `The window still holds more than the threshold: stop the traffic that trips it, and wait one evaluation window (the query's last_…) again.`;
  return `Stop all traffic to the webapp; with no metric reported for the monitor's window, it goes to No Data (with "on_missing_data": "show_no_data" or "show_and_notify_no_data", or without on_missing_data).`;
}

/** `--wait` values as Datadog names the states. */
export const STATES: Record<string, string> = {
  ok: 'OK',
  warn: 'Warn',
  alert: 'Alert',
  'no-data': 'No Data',
};

function monitorUrl(base: string, id: number | undefined): string {
  return new URL(`/monitors/${id}`, base).href;
}

export async function pushMonitors(files: string[], options: Options): Promise<void> {
  const { config, api } = await asCodeContext(options);
  const local = (await readResourceFiles(config.projectDir, 'monitors', files)).map((f) => ({
    ...f,
    json: withMonitorKey(f.json, f.key),
  }));
  const monitors = await api.monitors();
  // Validated first, every file, as Datadog's validate endpoint judges it: nothing is pushed if one is wrong.
  for (const f of local) {
    const body = await api.v1Model<Monitor>('Monitor', f.json);
    await api
      .call(() => monitors.validateMonitor({ body }))
      .catch((error: ApiFailure) => {
        if (error.status !== 400) throw error;
        throw new UserError(
          `${f.path} is not a valid monitor: ${error.message}`,
          'Fix the file and push again.',
        );
      });
  }
  const remotes = await managedMonitors(api);
  const remoteJson = new Map(
    await Promise.all(remotes.map(async (r) => [r.id, await api.v1Json('Monitor', r)] as const)),
  );
  // Datadog stores a `metric alert` as a `query alert`: the file still says the same thing.
  const asStored = local.map((f) => ({
    ...f,
    json: { ...f.json, type: f.json.type === 'metric alert' ? 'query alert' : f.json.type },
  }));
  const plan = planPush(
    asStored,
    remotes,
    (r) => monitorKey(r.tags),
    (r) => remoteJson.get(r.id),
  );
  const results: PushResult[] = [];
  for (const [i, action] of plan.entries()) {
    const file = local[i] as (typeof local)[number];
    const body = await api.v1Model<Monitor>('Monitor', file.json);
    let monitor: Monitor;
    if (action.kind === 'create') monitor = await api.call(() => monitors.createMonitor({ body }));
    else if (action.kind === 'update')
      monitor = await api.call(() =>
        monitors.updateMonitor({ monitorId: action.remote.id ?? 0, body: body as never }),
      );
    else monitor = action.remote;
    results.push({
      file: file.path,
      action: action.kind,
      id: monitor.id,
      name: monitor.name,
      state: monitor.overallState,
      label: `${monitor.name} (${String(monitor.overallState)})`,
      url: monitorUrl(consoleBase(config), monitor.id),
    });
  }
  printPushResults(results, options.json);
  if (options.json) return;
  process.stdout.write(chalk.dim(`Next: ${cmd('monitor status --wait alert')} while traffic runs.\n`));
}

export async function listMonitors(options: Options): Promise<void> {
  const { config, api } = await asCodeContext(options);
  const rows = (await managedMonitors(api)).map((m) => ({
    id: m.id,
    name: m.name,
    state: String(m.overallState ?? ''),
    query: m.query,
    file: `monitors/${monitorKey(m.tags)}.json`,
    url: monitorUrl(consoleBase(config), m.id),
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(`No monitors yet: write monitors/<name>.json and run ${cmd('monitor push')}.\n`);
    return;
  }
  process.stdout.write(
    `${renderTable(
      ['NAME', 'STATE', 'FILE', 'QUERY'],
      rows.map((r) => [r.name ?? '', r.state ?? '', r.file, r.query ?? '']),
    )}\n`,
  );
}

/** The managed monitor a name, file key or id names; the only one when none is given. */
function pick(monitors: Monitor[], which: string | undefined): Monitor {
  if (!which && monitors.length === 1) return monitors[0] as Monitor;
  const found = monitors.find(
    (m) =>
      String(m.id) === which ||
      monitorKey(m.tags) === which?.replace(/^monitors\//, '').replace(/\.json$/, '') ||
      m.name === which,
  );
  if (found) return found;
  throw new UserError(
    which
      ? `No monitor pushed from this workshop is called ${which}`
      : `Name the monitor: ${monitors.length} were pushed from this workshop`,
    monitors.length
      ? `One of: ${monitors.map((m) => monitorKey(m.tags)).join(', ')}`
      : `Push one first: ${cmd('monitor push')}.`,
  );
}

export async function monitorStatus(
  which: string | undefined,
  options: Options & { wait?: string; timeout?: number },
): Promise<void> {
  const { config, api } = await asCodeContext(options);
  const monitor = pick(await managedMonitors(api), which);
  const id = monitor.id ?? 0;
  const monitors = await api.monitors();
  const want = options.wait ? STATES[options.wait] : undefined;
  const read = async () => api.call(() => monitors.getMonitor({ monitorId: id, groupStates: 'all' }));
  if (!want) {
    const m = await read();
    if (options.json)
      process.stdout.write(`${JSON.stringify({ id, name: m.name, state: m.overallState }, null, 2)}\n`);
    else process.stdout.write(`${m.name}: ${m.overallState}\n  ${monitorUrl(consoleBase(config), id)}\n`);
    return;
  }
  const timeoutMs = options.timeout ?? (config.mode === 'offline' ? 180_000 : 600_000);
  const progress = await createProgress({ json: options.json });
  const interrupt = onInterrupt();
  let last: string | undefined;
  try {
    progress.update(
      `waiting for ${monitor.name} to reach ${want} (offline the intake evaluates every 10 s; Datadog every minute)`,
    );
    const outcome = await pollUntil(
      async () => {
        const m = await read();
        if (m.overallState !== last) progress.info(`${monitor.name}: ${String(m.overallState)}`);
        last = String(m.overallState);
        return m;
      },
      (m) => m.overallState === want,
      apiPollOptions(config, api, Date.now() + timeoutMs, interrupt.signal),
    );
    progress.stop();
    if (!outcome.ok) {
      if (outcome.reason === 'aborted' || !outcome.value) throw noAnswer(outcome, interrupt.exitCode());
      throw new UserError(
        `${monitor.name} is ${outcome.value.overallState}, not ${want}, after ${Math.round(timeoutMs / 1000)} s`,
        waitAdvice(want, String(outcome.value.overallState)),
      );
    }
    if (options.json)
      process.stdout.write(`${JSON.stringify({ id, name: monitor.name, state: want }, null, 2)}\n`);
    else
      process.stdout.write(
        `${chalk.green('✔')} ${monitor.name} is ${want}\n  ${monitorUrl(consoleBase(config), id)}\n`,
      );
  } finally {
    progress.stop();
    interrupt.dispose();
  }
}
