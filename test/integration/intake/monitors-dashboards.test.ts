/**
 * Monitors and dashboards through the real @datadog/datadog-api-client against the intake —
 * the calls `monitor push` and `dashboard push` make — with hot-shots traffic tripping a monitor,
 * and the CLI's push run twice to show it changes nothing the second time.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { client, v1 } from '@datadog/datadog-api-client';
import { StatsD } from 'hot-shots';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake } from '../../support/intake.js';
import { runCli } from '../../support/run-cli.js';
import { waitUntil } from '../../support/wait-until.js';

const repo = resolve(import.meta.dirname, '../../..');
let intake: Intake;
let monitors: v1.MonitorsApi;
let dashboards: v1.DashboardsApi;

beforeAll(async () => {
  intake = await startTestIntake({ monitorIntervalSec: 1 });
  const configuration = client.createConfiguration({
    authMethods: { apiKeyAuth: 'k', appKeyAuth: 'k' },
    baseServer: new client.BaseServerConfiguration(`http://127.0.0.1:${intake.ports.api}`, {}),
    httpConfig: { compress: false },
  });
  monitors = new v1.MonitorsApi(configuration);
  dashboards = new v1.DashboardsApi(configuration);
});
afterAll(() => intake.stop());

describe('monitors through the API client', () => {
  it('creates a metric monitor as Datadog answers it, and finds, edits and deletes it', async () => {
    const created = await monitors.createMonitor({
      body: {
        name: 'errors',
        type: 'metric alert',
        query: 'sum(last_1m):sum:api.errors{service:web}.as_count() > 3',
        message: '{{#is_alert}}{{value}} errors{{/is_alert}}',
        tags: ['team:a'],
        options: { thresholds: { critical: 3, warning: 1 } },
      },
    });
    expect(created).toMatchObject({ type: 'query alert', overallState: 'No Data', multi: false });
    expect(created.id).toEqual(expect.any(Number));
    const listed = await monitors.listMonitors({ monitorTags: 'team:a' });
    expect(listed.map((m) => m.id)).toContain(created.id);
    expect(await monitors.listMonitors({ monitorTags: 'team:zzz' })).toEqual([]);
    const edited = await monitors.updateMonitor({ monitorId: created.id ?? 0, body: { name: 'errors!' } });
    expect(edited.name).toBe('errors!');
    expect(edited.query).toBe(created.query);
    await expect(
      monitors.validateMonitor({ body: { type: 'metric alert', query: 'query' } }),
    ).rejects.toMatchObject({
      code: 400,
      body: { errors: ["The value provided for parameter 'query' is invalid: invalid operator specified"] },
    });
    await expect(
      monitors.validateMonitor({
        body: { type: 'metric alert', query: created.query ?? '', options: { thresholds: { critical: 5 } } },
      }),
    ).rejects.toMatchObject({
      code: 400,
      body: { errors: ['Alert threshold (5.0) does not match that used in the query (3.0).'] },
    });
    expect(await monitors.deleteMonitor({ monitorId: created.id ?? 0 })).toEqual({
      deletedMonitorId: created.id,
    });
    await expect(monitors.getMonitor({ monitorId: created.id ?? 0 })).rejects.toMatchObject({
      code: 404,
      body: { errors: ['Monitor not found'] },
    });
  });

  it('goes from No Data to Alert when hot-shots traffic crosses the threshold, per group', async () => {
    const m = await monitors.createMonitor({
      body: {
        name: 'per service',
        type: 'metric alert',
        query: 'sum(last_1m):sum:api.failures{*} by {service}.as_count() > 3',
        message: '{{#is_alert}}{{service.name}} failed {{value}} times{{/is_alert}}',
        options: { thresholds: { critical: 3 } },
      },
    });
    const statsd = new StatsD({ host: '127.0.0.1', port: intake.ports.dogstatsd, maxBufferSize: 0 });
    const send = (fn: (cb: () => void) => void) => new Promise<void>((r) => fn(() => r()));
    for (let i = 0; i < 6; i++)
      await send((cb) => statsd.increment('api.failures', 1, ['service:checkout'], cb));
    await send((cb) => statsd.increment('api.failures', 1, ['service:search'], cb));
    statsd.close();
    const alerting = await waitUntil(
      () => monitors.getMonitor({ monitorId: m.id ?? 0, groupStates: 'all' }),
      (x) => x.overallState === 'Alert',
      'Alert',
    );
    expect(alerting.state?.groups?.['service:checkout']?.status).toBe('Alert');
    expect(alerting.state?.groups?.['service:search']?.status).toBe('OK');
    const history = (await (
      await fetch(`http://127.0.0.1:${intake.ports.api}/intake/monitors/${m.id}/history`)
    ).json()) as {
      transitions: Array<{ to: string; notification: string }>;
    };
    expect(history.transitions.find((t) => t.to === 'Alert')?.notification).toBe('checkout failed 6 times');
  });
});

describe('dashboards through the API client', () => {
  it('creates, reads, lists, updates and deletes, with Datadog’s errors', async () => {
    const body = {
      title: 'Ops',
      layoutType: 'ordered',
      widgets: [{ definition: { type: 'note', content: 'hello' } }],
    } as unknown as v1.Dashboard;
    const created = await dashboards.createDashboard({ body });
    expect(created.id).toMatch(/^\w{3}-\w{3}-\w{3}$/);
    expect(created.url).toBe(`/dashboard/${created.id}/ops`);
    expect((await dashboards.getDashboard({ dashboardId: created.id ?? '' })).widgets?.[0]?.id).toEqual(
      expect.any(Number),
    );
    expect((await dashboards.listDashboards({})).dashboards?.map((d) => d.id)).toContain(created.id);
    const updated = await dashboards.updateDashboard({
      dashboardId: created.id ?? '',
      body: { ...body, title: 'Ops 2' },
    });
    expect(updated.title).toBe('Ops 2');
    await expect(
      dashboards.createDashboard({
        body: {
          ...body,
          widgets: [{ definition: { type: 'timeseries', requests: [{ q: 'avg:cpu{*' }] } }],
        } as never,
      }),
    ).rejects.toMatchObject({ code: 400 });
    expect(await dashboards.deleteDashboard({ dashboardId: created.id ?? '' })).toEqual({
      deletedDashboardId: created.id,
    });
    await expect(dashboards.getDashboard({ dashboardId: created.id ?? '' })).rejects.toMatchObject({
      code: 404,
      body: { errors: [`Dashboard with ID ${created.id} not found`] },
    });
  });
});

describe('dashboard and monitor push from the CLI', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'ddw-as-code-'));
    writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
    mkdirSync(join(project, 'dashboards'));
    mkdirSync(join(project, 'monitors'));
    cpSync(
      join(repo, 'lessons/06-business-dashboard/business.json'),
      join(project, 'dashboards/business.json'),
    );
    cpSync(
      join(repo, 'lessons/07-error-rate-alert/error-rate.json'),
      join(project, 'monitors/error-rate.json'),
    );
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  const env = () => ({ DDWORKSHOP_OFFLINE: '1', INTAKE_API_PORT: String(intake.ports.api) });

  it('creates once, then changes nothing; a changed file updates the same object', async () => {
    for (const kind of ['dashboard', 'monitor']) {
      const first = await runCli(project, [kind, 'push', '--json'], env());
      expect(first.code, first.stderr).toBe(0);
      const second = await runCli(project, [kind, 'push', '--json'], env());
      expect(second.code, second.stderr).toBe(0);
      const [a] = JSON.parse(first.stdout) as Array<{ action: string; id: unknown }>;
      const [b] = JSON.parse(second.stdout) as Array<{ action: string; id: unknown }>;
      expect([a?.action, b?.action]).toEqual(['create', 'unchanged']);
      expect(b?.id).toEqual(a?.id);
    }
    writeFileSync(
      join(project, 'monitors/error-rate.json'),
      readJson('lessons/07-error-rate-alert/error-rate.json').replace('"priority": 2', '"priority": 3'),
    );
    const changed = JSON.parse(
      (await runCli(project, ['monitor', 'push', '--json'], env())).stdout,
    ) as Array<{ action: string }>;
    expect(changed[0]?.action).toBe('update');
    expect((await monitors.listMonitors({ monitorTags: 'ddworkshop:error-rate' })).length).toBe(1);
  });

  it('refuses a monitor Datadog would refuse before pushing anything, naming the file and the reason', async () => {
    writeFileSync(
      join(project, 'monitors/bad.json'),
      JSON.stringify({
        type: 'metric alert',
        query: 'avg(last_5m):avg:x{*} > 1',
        options: { thresholds: { critical: 2 } },
      }),
    );
    const run = await runCli(project, ['monitor', 'push'], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('monitors/bad.json is not a valid monitor');
    expect(run.stderr).toContain('Alert threshold (2.0) does not match that used in the query (1.0).');
    rmSync(join(project, 'monitors/bad.json'));
    writeFileSync(join(project, 'monitors/broken.json'), '{ "type": ');
    const broken = await runCli(project, ['monitor', 'push'], env());
    expect(broken.stderr).toContain('monitors/broken.json is not valid JSON');
    rmSync(join(project, 'monitors/broken.json'));
  });

  it('waits for a state with monitor status --wait, and says where it stands when time runs out', async () => {
    const statsd = new StatsD({
      host: '127.0.0.1',
      port: intake.ports.dogstatsd,
      globalTags: ['service:webapp'],
      maxBufferSize: 0,
    });
    const send = (fn: (cb: () => void) => void) => new Promise<void>((r) => fn(() => r()));
    const early = await runCli(
      project,
      ['monitor', 'status', 'error-rate', '--wait', 'alert', '--timeout', '3s'],
      env(),
    );
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/is (No Data|OK), not Alert, after 3 s/);
    for (let i = 0; i < 15; i++) await send((cb) => statsd.increment('error_count', 1, ['status:500'], cb));
    statsd.close();
    const run = await runCli(
      project,
      ['monitor', 'status', 'error-rate', '--wait', 'alert', '--timeout', '30s'],
      env(),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Webapp error rate is high is Alert');
  });
});

function readJson(path: string): string {
  return readFileSync(join(repo, path), 'utf8');
}
