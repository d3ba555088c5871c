/// <reference lib="dom" />
/**
 * The console in a real browser (chromium + playwright-core) over real data: the webapp with
 * dd-trace and hot-shots against a real intake and PostgreSQL, plus hostile tag values. Each
 * page is checked against the API's own answer; screenshots land in test-artifacts/console/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StatsD } from 'hot-shots';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { normalizeTag } from '../../../intake/src/metrics/normalize-tag.js';
import { launchBrowser, screenshot, watchErrors } from '../../support/browser.js';
import { startTestIntake, webappAgentEnv } from '../../support/intake.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';
import { waitUntil } from '../../support/wait-until.js';
import { startWebapp, type WebappProcess } from '../../support/webapp-process.js';

let pg: TestPostgres;
let intake: Intake;
let app: WebappProcess;
let browser: Browser;
let base: string;
let logDir: string;

const HOSTILE = [
  '<script>window.__pwned=1</script>',
  `<img src=x onerror="window.__pwned=2">`,
  `long:${'x'.repeat(3000)}`,
  'ünïcødé:日本語🙂',
];

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: { 'dd-api-key': 'k', 'dd-application-key': 'k', 'content-type': 'application/json' },
  });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

async function sendHostileMetrics(): Promise<void> {
  const statsd = new StatsD({ host: '127.0.0.1', port: intake.ports.dogstatsd, maxBufferSize: 0 });
  const send = (fn: (cb: () => void) => void) => new Promise<void>((r) => fn(() => r()));
  for (const [i, value] of HOSTILE.entries()) {
    await send((cb) => statsd.gauge('console.hostile', i + 1, [`name:${value}`], cb));
    await send((cb) => statsd.distribution('console.latency', (i + 1) * 10, [`name:${value}`], cb));
  }
  statsd.close();
}

beforeAll(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'ddw-console-logs-'));
  const logFile = join(logDir, 'webapp.log');
  writeFileSync(logFile, '');
  [pg, intake] = await Promise.all([
    startPostgres(),
    startTestIntake({ logFiles: [{ path: logFile, service: 'webapp', source: 'nodejs' }] }),
  ]);
  base = `http://127.0.0.1:${intake.ports.api}`;
  app = await startWebapp(
    { ...pg.env, ...webappAgentEnv(intake), DD_TRACE_FLUSH_INTERVAL: '100', DD_ENV: 'test' },
    { logFile },
  );
  for (const path of [
    '/',
    '/users',
    '/users',
    '/users',
    '/error?rate=100',
    '/error?rate=100',
    '/database-query?type=simple',
  ])
    await fetch(`${app.url}${path}`);
  await sendHostileMetrics();
  await waitUntil(
    () => (intake.spans.counts().byService.webapp?.traces ?? 0) >= 7,
    Boolean,
    'the webapp’s traces',
    { timeoutMs: 20_000, intervalMs: 100 },
  );
  await waitUntil(
    () => intake.engine.activeMetrics(0).includes('console.latency'),
    Boolean,
    'the hostile metrics',
    { timeoutMs: 20_000, intervalMs: 100 },
  );
  await waitUntil(() => intake.engine.activeMetrics(0).includes('request_count'), Boolean, 'request_count', {
    timeoutMs: 20_000,
    intervalMs: 100,
  });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await intake?.stop();
  await pg?.stop();
  rmSync(logDir, { recursive: true, force: true });
});

async function open(
  path: string,
  viewport = { width: 1280, height: 800 },
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors = watchErrors(page);
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(`${base}${path}`);
  return { page, errors };
}

describe('the console in a browser', () => {
  it('home: data arriving, traces per service, links to every page', async () => {
    const { page, errors } = await open('/');
    await page.locator('#traces-per-service').getByText('webapp', { exact: true }).waitFor();
    const links = await page
      .locator('.page-list a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual([
      '/metric/explorer',
      '/metric/summary',
      '/apm/services',
      '/apm/traces',
      '/logs',
      '/dashboard/lists',
      '/monitors/manage',
      '/infrastructure',
      '/databases/queries',
    ]);
    await expect.poll(() => page.locator('#intake-ports').textContent()).toContain(String(intake.ports.api));
    await screenshot(page, 'console', 'home');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Metrics Explorer: the chart and table hold exactly the API’s series and values', async () => {
    const query = 'sum:request_count{*} by {endpoint}.as_count()';
    const { page, errors } = await open(
      `/metric/explorer?query=${encodeURIComponent(query)}&range=1h&live=0`,
    );
    await page.locator('#series-table tbody tr').first().waitFor();
    const now = Math.floor(Date.now() / 1000);
    const answer = await api<{ series: Array<{ tag_set: string[]; pointlist: Array<[number, number]> }> }>(
      `/api/v1/query?from=${now - 3600}&to=${now}&query=${encodeURIComponent(query)}`,
    );
    const expected = answer.series
      .map((s) => [s.tag_set.join(', '), String(s.pointlist.reduce((m, p) => Math.max(m, p[1]), 0))])
      .sort();
    const shown = await page
      .locator('#series-table tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [r.children[0]?.textContent ?? '', r.children[4]?.textContent ?? '']),
      );
    expect(shown.sort()).toEqual(expected);
    expect(await page.locator('.chart-canvas').getAttribute('data-series')).toBe(
      String(answer.series.length),
    );
    expect(await page.locator('.chart-canvas canvas').count()).toBe(1);
    // The legend names every group, as text.
    for (const [label] of expected)
      await expect.poll(() => page.locator('.u-legend').textContent()).toContain(label);
    await screenshot(page, 'console', 'metrics-explorer');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Metrics Explorer: the builder writes the query, picking a first query by metric type', async () => {
    const { page } = await open('/metric/explorer?live=0');
    await page.getByLabel('Metric').fill('console.latency');
    await page.getByLabel('Metric').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('query')).toBe('p95:console.latency{*}');
    await page.getByLabel('Group by').fill('name');
    await page.getByLabel('Group by').press('Enter');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('query'))
      .toBe('p95:console.latency{*} by {name}');
    await page.locator('.metric-info .badge').getByText('distribution').waitFor();
    await page.close();
  });

  it('survives hostile tag values: shown as text, never run, layout intact', async () => {
    const query = 'avg:console.hostile{*} by {name}';
    const { page, errors } = await open(
      `/metric/explorer?query=${encodeURIComponent(query)}&range=1h&live=0`,
    );
    await page
      .locator('#series-table tbody tr')
      .nth(HOSTILE.length - 1)
      .waitFor();
    const text = (await page.locator('#series-table').textContent()) ?? '';
    // Tags are stored as Datadog stores them (normalizeTag): what is left of the markup is text.
    expect(text).toContain(normalizeTag(`name:${HOSTILE[0]}`));
    expect(normalizeTag(`name:${HOSTILE[0]}`)).toBe('name:_script_window._pwned_1_/script');
    expect(text).toContain('日本語');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#series-table script, #series-table img').count()).toBe(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.goto(`${base}/metric/summary`);
    await page.locator('tr[data-metric="console.hostile"]').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Metrics Summary: type, cardinality and the percentile switch, through the API', async () => {
    const { page, errors } = await open('/metric/summary');
    const row = page.locator('tr[data-metric="console.latency"]');
    await row.waitFor();
    await expect.poll(() => row.locator('.badge').textContent()).toBe('distribution');
    await expect
      .poll(async () => (await row.locator('td.num').textContent())?.trim())
      .toBe(String(HOSTILE.length));
    await expect
      .poll(() => page.locator('tr[data-metric="request_count"] .badge').textContent())
      .toBe('rate');
    await screenshot(page, 'console', 'metrics-summary');
    await row.getByRole('checkbox').check();
    await expect
      .poll(async () => {
        const res = await fetch(`${base}/api/v2/metrics/console.latency/tags`, {
          headers: { 'dd-api-key': 'k', 'dd-application-key': 'k' },
        });
        return res.ok
          ? ((await res.json()) as { data: { attributes: { include_percentiles: boolean } } }).data.attributes
              .include_percentiles
          : false;
      })
      .toBe(true);
    await page.getByLabel('Filter metrics').fill('console.');
    const listed = await api<{ metrics: string[] }>(
      `/api/v1/metrics?from=${Math.floor(Date.now() / 1000) - 3600}`,
    );
    const matching = listed.metrics.filter((m) => m.includes('console.')).sort();
    expect(matching).toEqual(['console.hostile', 'console.latency']);
    await expect
      .poll(() =>
        page
          .locator('#metrics-summary tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-metric'))),
      )
      .toEqual(matching);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('APM Services and the service page: requests and errors as the scalar API counts them', async () => {
    const { page, errors } = await open('/apm/services?range=1h');
    const row = page
      .locator('#services tbody tr', { hasText: 'express.request' })
      .filter({ hasText: 'webapp' });
    await row.waitFor();
    const now = Date.now();
    const scalar = await api<{ data: { attributes: { columns: Array<{ values: unknown[] }> } } }>(
      '/api/v2/query/scalar',
      {
        method: 'POST',
        body: JSON.stringify({
          data: {
            attributes: {
              from: now - 3_600_000,
              to: now,
              queries: [
                {
                  name: 'h',
                  query: 'sum:trace.express.request.hits{service:webapp}.as_count()',
                  aggregator: 'sum',
                },
                {
                  name: 'e',
                  query: 'sum:trace.express.request.errors{service:webapp}.as_count()',
                  aggregator: 'sum',
                },
              ],
            },
          },
        }),
      },
    );
    const [, hits, errs] = scalar.data.attributes.columns;
    const cells = await row.locator('td').allTextContents();
    expect(cells[1]).toBe(String(hits?.values[0]));
    expect(cells[3]).toBe(String(errs?.values[0]));
    expect(Number(errs?.values[0])).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'console', 'apm-services');
    await row.getByRole('link', { name: 'webapp' }).click();
    await page.waitForURL(/\/apm\/services\/webapp/);
    // Resources as their spans spell them (the trace metrics' tag is lowercased).
    await page.locator('#resources-express\\.request').getByText('GET /users', { exact: true }).waitFor();
    // uPlot draws its canvases a moment after the table renders.
    await expect.poll(() => page.locator('.chart-canvas canvas').count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'console', 'service-page');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Traces: a search filters the list; a trace view matches the spans sent, tags on click', async () => {
    const { page, errors } = await open(
      `/apm/traces?query=${encodeURIComponent('service:webapp status:error')}&range=1h`,
    );
    await page.locator('#span-list tbody tr').first().waitFor();
    const statuses = await page.locator('#span-list tbody tr td:last-child').allTextContents();
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(new Set(statuses)).toEqual(new Set(['error']));

    await page.getByLabel('Span search').fill('resource_name:"GET /users" operation_name:express.request');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#span-list tbody tr').count()).toBe(3);
    const resources = await page.locator('#span-list td.resource').allTextContents();
    expect(new Set(resources)).toEqual(new Set(['GET /users']));
    await screenshot(page, 'console', 'traces');

    await page.locator('#span-list tbody tr a').first().click();
    await page.waitForURL(/\/apm\/trace\//);
    const traceId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    const now = Date.now();
    const sent = await api<{
      data: Array<{ attributes: { span_id: string; parent_id: string; type: string } }>;
    }>('/api/v2/spans/events/search', {
      method: 'POST',
      body: JSON.stringify({
        data: {
          attributes: {
            filter: {
              query: `trace_id:${traceId}`,
              from: new Date(now - 3_600_000).toISOString(),
              to: new Date(now).toISOString(),
            },
            page: { limit: 1000 },
          },
        },
      }),
    });
    const rows = page.locator('.span-row');
    await expect.poll(() => rows.count()).toBe(sent.data.length);
    const depth = new Map<string, number>();
    for (const r of await rows.evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-span-id'), Number(e.getAttribute('data-depth'))] as const),
    ))
      depth.set(r[0] ?? '', r[1]);
    // Every span sits one level below its parent; the root first.
    const ids = new Set(sent.data.map((s) => s.attributes.span_id));
    for (const s of sent.data) {
      const { span_id, parent_id } = s.attributes;
      if (ids.has(parent_id)) expect(depth.get(span_id)).toBe((depth.get(parent_id) ?? -9) + 1);
    }
    // Datadog's answer names no operation: a database span is told by its type.
    expect(sent.data.some((s) => s.attributes.type === 'sql')).toBe(true);
    const pg = page.locator('.span-row', { hasText: 'pg.query' }).first();
    await pg.getByRole('button').click();
    await expect.poll(() => page.getByLabel('Span details').textContent()).toContain('db.type');
    await screenshot(page, 'console', 'trace-view');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Dashboards: widgets drawn from the JSON, values equal to the query API’s, placeholders for the rest', async () => {
    const widget = (definition: object) => ({ definition });
    const scalarRequest = (query: string, aggregator: string, formula = 'a') => ({
      queries: [{ data_source: 'metrics', name: 'a', query, aggregator }],
      formulas: [{ formula }],
      response_format: 'scalar',
    });
    const dashboard = await api<{ id: string; url: string }>('/api/v1/dashboard', {
      method: 'POST',
      body: JSON.stringify({
        title: 'Console test <b>board</b>',
        layout_type: 'ordered',
        widgets: [
          widget({ type: 'note', content: '<script>window.__pwned=3</script> plain text' }),
          widget({
            type: 'query_value',
            title: 'Requests ×10',
            requests: [scalarRequest('sum:request_count{*}.as_count()', 'sum', 'a * 10')],
            precision: 0,
          }),
          widget({
            type: 'toplist',
            title: 'By endpoint',
            requests: [scalarRequest('sum:request_count{*} by {endpoint}.as_count()', 'sum')],
          }),
          widget({
            type: 'group',
            layout_type: 'ordered',
            widgets: [
              widget({
                type: 'timeseries',
                title: 'Latency',
                requests: [{ q: 'avg:console.hostile{*} by {name}' }],
              }),
            ],
          }),
          widget({ type: 'hostmap', requests: { fill: { q: 'avg:cpu{*}' } } }),
        ],
      }),
    });
    const { page, errors } = await open(`${dashboard.url}?range=1h`);
    await page.locator('.query-value').waitFor();
    const now = Date.now();
    const scalar = await api<{ data: { attributes: { columns: Array<{ values: unknown[] }> } } }>(
      '/api/v2/query/scalar',
      {
        method: 'POST',
        body: JSON.stringify({
          data: {
            attributes: {
              from: now - 3_600_000,
              to: now,
              ...scalarRequest('sum:request_count{*}.as_count()', 'sum', 'a * 10'),
            },
          },
        }),
      },
    );
    const expected = Number(scalar.data.attributes.columns[1]?.values[0]);
    expect(expected).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.query-value').textContent()).toBe(expected.toFixed(0));
    const endpoints = await api<{ data: { attributes: { columns: Array<{ values: unknown[] }> } } }>(
      '/api/v2/query/scalar',
      {
        method: 'POST',
        body: JSON.stringify({
          data: {
            attributes: {
              from: now - 3_600_000,
              to: now,
              ...scalarRequest('sum:request_count{*} by {endpoint}.as_count()', 'sum'),
            },
          },
        }),
      },
    );
    await expect
      .poll(() => page.locator('.toplist li').count())
      .toBe(Math.min(10, endpoints.data.attributes.columns[0]?.values.length ?? 0));
    await page.locator('.widget-group .chart-canvas canvas').waitFor();
    expect(await page.locator('.placeholder').textContent()).toContain('hostmap');
    expect(await page.locator('.note-text').textContent()).toContain('<script>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await screenshot(page, 'console', 'dashboard');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a dashboard of 10,000 notes draws what fits and says what was left out', async () => {
    const dashboard = await api<{ id: string }>('/api/v1/dashboard', {
      method: 'POST',
      body: JSON.stringify({
        title: 'Huge',
        layout_type: 'ordered',
        widgets: Array.from({ length: 10_000 }, (_, i) => ({
          definition: { type: 'note', content: `note ${i}` },
        })),
      }),
    });
    const { page, errors } = await open(`/dashboard/${dashboard.id}`);
    await page.locator('#widgets-left-out').waitFor();
    expect(await page.locator('#dashboard-widgets > .widget').count()).toBe(100);
    expect(await page.locator('#widgets-left-out').textContent()).toContain(
      '9900 more widgets are not drawn',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Monitors: the state, the chart with its thresholds, the transitions and the rendered notification', async () => {
    const monitor = await api<{ id: number }>('/api/v1/monitor', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Too many users requests',
        type: 'metric alert',
        query: 'sum(last_1h):sum:request_count{endpoint:/users}.as_count() > 1',
        message: '{{#is_alert}}{{value}} requests to /users (more than {{threshold}}){{/is_alert}}',
        options: { thresholds: { critical: 1, warning: 0.5 } },
      }),
    });
    intake.monitors.evaluateAll();
    const { page, errors } = await open(`/monitors/${monitor.id}`);
    await page.locator('.monitor-state .state').getByText('Alert').waitFor();
    const users = await api<{ series: Array<{ pointlist: Array<[number, number]> }> }>(
      `/api/v1/query?from=${Math.floor(Date.now() / 1000) - 3600}&to=${Math.floor(Date.now() / 1000)}&query=${encodeURIComponent('sum:request_count{endpoint:/users}.as_count()')}`,
    );
    const total = users.series[0]?.pointlist.reduce((sum, p) => sum + p[1], 0);
    await expect
      .poll(() => page.locator('#notification').textContent())
      .toBe(`${total} requests to /users (more than 1)`);
    await expect.poll(() => page.locator('#monitor-transitions tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#monitor-transitions').textContent()).toContain('Alert');
    expect(await page.locator('.chart-canvas canvas').count()).toBe(1);
    await screenshot(page, 'console', 'monitor');
    await page.goto(`${base}/monitors/manage`);
    await page.locator(`tr[data-monitor="${monitor.id}"]`).getByText('Alert').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Logs: search with facets, a line’s JSON, and the links log → trace → logs', async () => {
    const { page, errors } = await open(
      `/logs?query=${encodeURIComponent('service:webapp status:error')}&range=1h`,
    );
    await page.locator('#log-list tbody tr').first().waitFor();
    const statuses = await page.locator('#log-list tbody tr td:nth-child(2)').allTextContents();
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(new Set(statuses)).toEqual(new Set(['error']));
    await page.getByLabel('Log search').fill('service:webapp @http.route:/users @http.method:GET');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('#log-list tbody tr').count()).toBe(3);
    await page.locator('#log-list tbody tr').first().click();
    await expect.poll(() => page.locator('#log-json').textContent()).toContain('"trace_id"');
    await screenshot(page, 'console', 'logs');
    await page.getByRole('link', { name: '→ its trace' }).click();
    await page.waitForURL(/\/apm\/trace\//);
    await expect.poll(() => page.locator('.span-row').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.span-row').first().textContent()).toContain('GET /users');
    await page.getByRole('link', { name: 'its logs' }).click();
    await page.waitForURL(/\/logs\?/);
    await expect.poll(() => page.locator('#log-list tbody tr').count()).toBe(1);
    expect(await page.locator('#log-list tbody tr').textContent()).toContain('GET /users 200');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Logs: a measure created on a log’s attribute makes range searches find the logs after it', async () => {
    const from = { service: 'webapp', source: 'nodejs', host: 'h' };
    const purchase = (amount: number) =>
      intake.ingestLog(
        JSON.stringify({ level: 'info', message: `purchase of ${amount}`, purchase: { amount } }),
        from,
      );
    purchase(150);
    const { page, errors } = await open(`/logs?query=${encodeURIComponent('@purchase.amount:150')}&range=1h`);
    await page.locator('#log-list tbody tr').first().click();
    const measures = page.getByRole('region', { name: 'Measures' });
    await measures.getByText('@purchase.amount').waitFor();
    // As on Datadog: no range finds it before the measure exists.
    await page.getByLabel('Log search').fill('@purchase.amount:>100');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No log matches this search in this time range.').waitFor();
    expect(await page.locator('#log-list tbody tr').count()).toBe(0);
    await page.goto(`${base}/logs?query=${encodeURIComponent('@purchase.amount:150')}&range=1h`);
    await page.locator('#log-list tbody tr').first().click();
    await page.getByRole('button', { name: 'Create measure' }).first().click();
    await expect.poll(() => measures.textContent()).toContain('measure ✓');
    expect(
      (await api<{ facets: Array<{ path: string; type: string }> }>('/intake/facets')).facets,
    ).toContainEqual(expect.objectContaining({ path: 'purchase.amount', type: 'measure' }));
    await new Promise((r) => setTimeout(r, 5));
    purchase(120);
    await page.goto(`${base}/logs?query=${encodeURIComponent('@purchase.amount:>100')}&range=1h`);
    await expect.poll(() => page.locator('#log-list tbody tr').count()).toBe(1);
    expect(await page.locator('#log-list tbody tr').textContent()).toContain('purchase of 120');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lays out in a narrow window without sideways scrolling', async () => {
    for (const path of [
      '/',
      '/apm/services?range=1h',
      '/metric/summary',
      '/monitors/manage',
      '/dashboard/lists',
      '/logs?range=1h',
    ]) {
      const { page } = await open(path, { width: 390, height: 800 });
      await page.locator('main h1').waitFor();
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await page.close();
    }
  });
});
