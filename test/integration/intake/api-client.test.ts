/**
 * Real clients against the intake: hot-shots over UDP in, @datadog/datadog-api-client out,
 * the same calls `verify` makes against Datadog.
 */
import { client, v1, v2 } from '@datadog/datadog-api-client';
import { StatsD } from 'hot-shots';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake } from '../../support/intake.js';

let intake: Intake;
let statsd: StatsD;

function apiConfig(keys: { apiKeyAuth: string; appKeyAuth: string }) {
  const configuration = client.createConfiguration({
    authMethods: keys,
    baseServer: new client.BaseServerConfiguration(`http://127.0.0.1:${intake.ports.api}`, {}),
    httpConfig: { compress: false },
  });
  configuration.unstableOperations['v2.queryTimeseriesData'] = true;
  configuration.unstableOperations['v2.queryScalarData'] = true;
  return configuration;
}

const nowSec = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  intake = await startTestIntake({ apiKey: 'test-api-key', appKey: 'test-app-key' });
  statsd = new StatsD({
    host: '127.0.0.1',
    port: intake.ports.dogstatsd,
    globalTags: ['service:webapp'],
    maxBufferSize: 0,
  });
  const send = (fn: (cb: () => void) => void) => new Promise<void>((resolve) => fn(() => resolve()));
  for (const [endpoint, n] of [
    ['/users', 3],
    ['/health', 2],
  ] as const) {
    for (let i = 0; i < n; i++) {
      await send((cb) => statsd.increment('request_count', 1, [`endpoint:${endpoint}`, 'method:GET'], cb));
      await send((cb) =>
        statsd.histogram('request_latency_seconds_hist', 0.1 * (i + 1), [`endpoint:${endpoint}`], cb),
      );
    }
  }
  await send((cb) => statsd.gauge('memory_usage_bytes', 5 * 1048576, ['operation:memory_allocation'], cb));
  await send((cb) => statsd.gauge('memory_usage_bytes', 7 * 1048576, ['operation:memory_allocation'], cb));
  // A point before percentiles are enabled: Datadog never computes percentiles from it.
  await send((cb) => statsd.distribution('ecommerce.processing_time', 9, ['operation:purchase'], cb));
  await waitForSamples(1);
  await new v2.MetricsApi(apiConfig(keys)).createTagConfiguration({
    metricName: 'ecommerce.processing_time',
    body: {
      data: {
        type: 'manage_tags',
        id: 'ecommerce.processing_time',
        attributes: { metricType: 'distribution', includePercentiles: true, excludeTagsMode: true, tags: [] },
      },
    },
  });
  for (const v of [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]) {
    await send((cb) => statsd.distribution('ecommerce.processing_time', v, ['operation:purchase'], cb));
  }
  await send((cb) => statsd.set('unique_users', 'a', [], cb));
  await send((cb) => statsd.set('unique_users', 'b', [], cb));
  await send((cb) => statsd.set('unique_users', 'a', [], cb));
  await waitForSamples(26);
});

/** UDP is asynchronous: wait until the intake has counted this many samples. */
async function waitForSamples(n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (intake.engine.stats().metricSamples < n && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
}

const keys = { apiKeyAuth: 'test-api-key', appKeyAuth: 'test-app-key' };

afterAll(async () => {
  await new Promise<void>((r) => statsd.close(() => r()));
  await intake.stop();
});

describe('the intake behind the Datadog API client', () => {
  it('validates the API key and refuses a wrong one with 403 in Datadog’s shape', async () => {
    const ok = await new v1.AuthenticationApi(
      apiConfig({ apiKeyAuth: 'test-api-key', appKeyAuth: 'x' }),
    ).validate();
    expect(ok.valid).toBe(true);
    const bad = await new v1.AuthenticationApi(apiConfig({ apiKeyAuth: 'wrong', appKeyAuth: 'x' }))
      .validate()
      .catch((e: unknown) => e);
    expect((bad as { code?: number }).code).toBe(403);
    const res = await fetch(`http://127.0.0.1:${intake.ports.api}/api/v1/metrics?from=0`, {
      headers: { 'DD-API-KEY': 'test-api-key' },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ errors: ['Forbidden'] });
  });

  const api = () => apiConfig({ apiKeyAuth: 'test-api-key', appKeyAuth: 'test-app-key' });

  it('lists active metrics, histogram suffixes included', async () => {
    const list = await new v1.MetricsApi(api()).listActiveMetrics({ from: nowSec() - 60 });
    expect(list.metrics).toEqual(
      expect.arrayContaining([
        'request_count',
        'request_latency_seconds_hist.avg',
        'request_latency_seconds_hist.95percentile',
        'memory_usage_bytes',
        'ecommerce.processing_time',
        'unique_users',
      ]),
    );
  });

  it('answers counts as counts, grouped by tag', async () => {
    const res = await new v1.MetricsApi(api()).queryMetrics({
      from: nowSec() - 60,
      to: nowSec() + 10,
      query: 'sum:request_count{service:webapp} by {endpoint}.as_count()',
    });
    const totals = Object.fromEntries(
      (res.series ?? []).map((s) => [
        s.tagSet?.[0],
        (s.pointlist ?? []).reduce((n, p) => n + (p[1] ?? 0), 0),
      ]),
    );
    expect(totals).toEqual({ 'endpoint:/users': 3, 'endpoint:/health': 2 });
    expect(res.series?.[0]?.scope).toMatch(/^endpoint:/);
  });

  it('answers gauges with the last value, histograms by suffix, sets as unique counts', async () => {
    const m = new v1.MetricsApi(api());
    const q = async (query: string) => {
      const r = await m.queryMetrics({ from: nowSec() - 60, to: nowSec() + 10, query });
      return (r.series ?? []).flatMap((s) => (s.pointlist ?? []).map((p) => p[1]));
    };
    expect(await q('avg:memory_usage_bytes{operation:memory_allocation}')).toEqual([7 * 1048576]);
    expect(await q('max:request_latency_seconds_hist.max{endpoint:/users}')).toEqual([
      expect.closeTo(0.3, 2),
    ]);
    expect(await q('sum:request_latency_seconds_hist.count{*}.as_count()')).toEqual([5]);
    expect(await q('avg:unique_users{*}')).toEqual([2]);
    expect(await q('avg:memory_usage_bytes{operation:other}')).toEqual([]);
  });

  it('honours the v2 interval (rollup) as Datadog does', async () => {
    const res = await new v2.MetricsApi(apiConfig(keys)).queryTimeseriesData({
      body: {
        data: {
          type: 'timeseries_request',
          attributes: {
            from: Date.now() - 300_000,
            to: Date.now() + 10_000,
            interval: 60_000,
            queries: [{ dataSource: 'metrics', query: 'sum:request_count{*}.as_count()', name: 'a' }],
            formulas: [{ formula: 'a' }],
          },
        },
      },
    });
    const times = res.data?.attributes?.times ?? [];
    const values = (res.data?.attributes?.values?.[0] ?? []).filter((v): v is number => v !== null);
    expect(times.length).toBeGreaterThan(0);
    for (const t of times) expect(t % 60_000).toBe(0);
    expect(values.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('computes distribution percentiles server-side (v2 timeseries)', async () => {
    const res = await new v2.MetricsApi(api()).queryTimeseriesData({
      body: {
        data: {
          type: 'timeseries_request',
          attributes: {
            from: Date.now() - 60_000,
            to: Date.now() + 10_000,
            queries: [
              {
                dataSource: 'metrics',
                query: 'p50:ecommerce.processing_time{operation:purchase}',
                name: 'a',
              },
              { dataSource: 'metrics', query: 'p99:ecommerce.processing_time{*}', name: 'b' },
              { dataSource: 'metrics', query: 'count:ecommerce.processing_time{*}', name: 'c' },
            ],
            formulas: [{ formula: 'a' }, { formula: 'b' }, { formula: 'c' }],
          },
        },
      },
    });
    const values = res.data?.attributes?.values?.map((col) => col.find((v) => v !== null));
    expect(values?.[0]).toBeCloseTo(0.5, 1);
    // DDSketch ranks at q·(n−1): the 9th of 10 values, within its 1% relative accuracy.
    expect(values?.[1]).toBeGreaterThan(0.89);
    expect(values?.[1]).toBeLessThan(1.01);
    // count counts every point; the percentiles only those after they were enabled (not the 9).
    expect(values?.[2]).toBe(11);
  });

  it('serves tag configurations as Datadog does: percentiles off until enabled, then from new points only', async () => {
    const metrics = new v2.MetricsApi(apiConfig(keys));
    const v1api = new v1.MetricsApi(apiConfig(keys));
    const query = async (q: string) =>
      ((await v1api.queryMetrics({ from: nowSec() - 60, to: nowSec() + 10, query: q })).series ?? []).flatMap(
        (x) => (x.pointlist ?? []).map((p) => p[1]),
      );
    await new Promise<void>((r) =>
      statsd.distribution('lesson.dist', 4, ['region:eu', 'shard:1'], () => r()),
    );
    await waitForSamples(27);
    expect(await query('count:lesson.dist{*}')).toEqual([1]);
    expect(await query('p95:lesson.dist{*}')).toEqual([]);
    const missing = await metrics
      .listTagConfigurationByName({ metricName: 'lesson.dist' })
      .catch((e: unknown) => e);
    expect((missing as { code?: number }).code).toBe(404);
    const body = (attributes: Record<string, unknown>) => ({
      data: { type: 'manage_tags' as const, id: 'lesson.dist', attributes: attributes as never },
    });
    // An allow-list keeps only the tags it names queryable.
    await metrics.createTagConfiguration({
      metricName: 'lesson.dist',
      body: body({ metricType: 'distribution', includePercentiles: true, tags: ['region'] }),
    });
    const again = await metrics
      .createTagConfiguration({
        metricName: 'lesson.dist',
        body: body({ metricType: 'distribution', tags: [] }),
      })
      .catch((e: unknown) => e);
    expect((again as { code?: number }).code).toBe(409);
    expect(await query('p95:lesson.dist{*}')).toEqual([]);
    await new Promise<void>((r) =>
      statsd.distribution('lesson.dist', 8, ['region:eu', 'shard:1'], () => r()),
    );
    await waitForSamples(28);
    const [p95] = await query('p95:lesson.dist{*}');
    expect(p95).toBeCloseTo(8, 0);
    expect(await query('count:lesson.dist{shard:1}')).toEqual([]);
    // Both points, whether or not a rollup boundary fell between the two sends.
    const counts = await query('count:lesson.dist{region:eu}');
    expect(counts.reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(2);
    const read = await metrics.listTagConfigurationByName({ metricName: 'lesson.dist' });
    expect(read.data?.attributes).toMatchObject({
      includePercentiles: true,
      tags: ['region'],
      metricType: 'distribution',
    });
    // Percentiles belong to distributions only.
    const gauge = await metrics
      .createTagConfiguration({
        metricName: 'memory_usage_bytes',
        body: {
          data: {
            type: 'manage_tags',
            id: 'memory_usage_bytes',
            attributes: { metricType: 'gauge', includePercentiles: true, tags: [] },
          },
        },
      })
      .catch((e: unknown) => e);
    expect((gauge as { code?: number }).code).toBe(400);
    await metrics.deleteTagConfiguration({ metricName: 'lesson.dist' });
    expect(await query('count:lesson.dist{shard:1}')).toEqual([2]);
  });

  it('lists all tags of a metric and 404s an unknown one', async () => {
    const tags = await new v2.MetricsApi(api()).listTagsByMetricName({ metricName: 'request_count' });
    expect(tags.data?.attributes?.tags).toEqual([
      'endpoint:/health',
      'endpoint:/users',
      'method:get',
      'service:webapp',
    ]);
    const missing = await new v2.MetricsApi(api())
      .listTagsByMetricName({ metricName: 'nope' })
      .catch((e: unknown) => e);
    expect((missing as { code?: number }).code).toBe(404);
  });

  it('rejects a query it cannot parse with a 400 and the reason', async () => {
    const res = await fetch(
      `http://127.0.0.1:${intake.ports.api}/api/v1/query?from=0&to=${nowSec()}&query=${encodeURIComponent('avg:request_count{')}`,
      { headers: { 'DD-API-KEY': 'test-api-key', 'DD-APPLICATION-KEY': 'test-app-key' } },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: string[] }).errors[0]).toContain('Error parsing query');
  });

  it('after a 413 the next request on a keep-alive client goes through at once', async () => {
    const client = new Client(`http://127.0.0.1:${intake.ports.api}`, { keepAliveTimeout: 10_000 });
    const headers = {
      'dd-api-key': 'test-api-key',
      'dd-application-key': 'test-app-key',
      'content-type': 'application/json',
    };
    try {
      const big = await client.request({
        method: 'POST',
        path: '/api/v2/query/timeseries',
        headers,
        body: Buffer.alloc(6 * 1024 * 1024, 0x20),
      });
      expect(big.statusCode).toBe(413);
      await big.body.dump();
      const started = performance.now();
      const next = await client.request({ method: 'GET', path: '/api/v1/validate', headers });
      expect(next.statusCode).toBe(200);
      await next.body.dump();
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await client.close();
    }
  });

  it('refuses absurd windows and bodies at once with 400, and answers a wide window in time', async () => {
    const api = `http://127.0.0.1:${intake.ports.api}`;
    const headers = { 'DD-API-KEY': 'test-api-key', 'DD-APPLICATION-KEY': 'test-app-key' };
    const q = encodeURIComponent('sum:request_count{*}');
    let started = performance.now();
    const huge = await fetch(`${api}/api/v1/query?from=${nowSec() - 600}&to=1e308&query=${q}`, { headers });
    expect(huge.status).toBe(400);
    expect(((await huge.json()) as { errors: string[] }).errors[0]).toContain('Invalid time range');
    expect(performance.now() - started).toBeLessThan(1_000);
    // From the epoch: the work follows the data stored, not the 56 years asked for.
    started = performance.now();
    const wide = await fetch(`${api}/api/v1/query?from=0&to=${nowSec()}&query=${q}`, { headers });
    expect(wide.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
    const shape = await fetch(`${api}/api/v2/query/timeseries`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { attributes: { from: 0, to: Date.now(), queries: { a: 1 } } } }),
    });
    expect(shape.status).toBe(400);
    expect(JSON.stringify(await shape.json())).not.toMatch(/is not a function|TypeError/);
  });

  it('reduces each group over the window in a scalar query, percentiles from the merged sketches', async () => {
    const res = await new v2.MetricsApi(api()).queryScalarData({
      body: {
        data: {
          type: 'scalar_request',
          attributes: {
            from: Date.now() - 60_000,
            to: Date.now() + 10_000,
            queries: [
              {
                dataSource: 'metrics',
                name: 'hits',
                query: 'sum:request_count{*} by {endpoint}.as_count()',
                aggregator: 'sum',
              },
              {
                dataSource: 'metrics',
                name: 'p99',
                query: 'p99:ecommerce.processing_time{*}',
                aggregator: 'avg',
              },
            ],
            formulas: [{ formula: 'hits' }, { formula: 'p99' }],
          },
        },
      },
    });
    const columns = res.data?.attributes?.columns ?? [];
    const groups = (columns[0] as v2.GroupScalarColumn).values ?? [];
    const hits = (columns[1] as v2.DataScalarColumn).values ?? [];
    const byEndpoint = Object.fromEntries(groups.map((g, i) => [g.join(','), hits[i]]));
    expect(byEndpoint).toMatchObject({ 'endpoint:/users': 3, 'endpoint:/health': 2 });
    const p99 = (columns[2] as v2.DataScalarColumn).values ?? [];
    expect(p99.find((v) => v !== null)).toBeGreaterThan(0.89);
    const bad = await fetch(`http://127.0.0.1:${intake.ports.api}/api/v2/query/scalar`, {
      method: 'POST',
      headers: { 'dd-api-key': keys.apiKeyAuth, 'dd-application-key': keys.appKeyAuth },
      body: JSON.stringify({
        data: {
          attributes: {
            from: 0,
            to: 1000,
            queries: [{ name: 'a', query: 'avg:x{*}', aggregator: 'median' }],
          },
        },
      }),
    });
    expect(bad.status).toBe(400);
  });

  it('reports a metric’s distinct volume, and ingested vs indexed once it has a tag configuration', async () => {
    const metrics = new v2.MetricsApi(api());
    const plain = await metrics.listVolumesByMetricName({ metricName: 'request_count' });
    expect(plain.data).toMatchObject({ type: 'distinct_metric_volumes', id: 'request_count' });
    expect((plain.data as v2.MetricDistinctVolume).attributes?.distinctVolume).toBe(2);
    const configured = await metrics.listVolumesByMetricName({ metricName: 'ecommerce.processing_time' });
    expect(configured.data).toMatchObject({ type: 'metric_volumes' });
    await expect(metrics.listVolumesByMetricName({ metricName: 'no.such.metric' })).rejects.toMatchObject({
      code: 404,
    });
  });
});

describe('the HTTP side', () => {
  const base = () => `http://127.0.0.1:${intake.ports.api}`;

  it('answers a wrong method with 405 and the methods that exist', async () => {
    const res = await fetch(`${base()}/api/v1/query?from=1&to=2&query=avg:a{*}`, {
      method: 'POST',
      headers: { 'dd-api-key': keys.apiKeyAuth, 'dd-application-key': keys.appKeyAuth },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect(await res.json()).toEqual({ errors: ['Method not allowed'] });
    expect((await fetch(`${base()}/no/such/page`)).status).toBe(404);
  });

  it('refuses a foreign Host (DNS rebinding) on the console and the API alike', async () => {
    const http = new Client(base());
    for (const path of ['/', '/metric/explorer', '/api/v1/validate', '/intake/status']) {
      const res = await http.request({
        path,
        method: 'GET',
        headers: { host: 'evil.example:8127', 'dd-api-key': keys.apiKeyAuth },
      });
      expect(res.statusCode).toBe(403);
      await res.body.text();
    }
    const ok = await http.request({
      path: '/',
      method: 'GET',
      headers: { host: `localhost:${intake.ports.api}` },
    });
    expect(ok.statusCode).toBe(200);
    await ok.body.text();
    await http.close();
  });

  it('serves the console with a strict content security policy, its assets, and nothing outside them', async () => {
    const page = await fetch(`${base()}/apm/services/webapp`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    const token = /name="ddworkshop-token" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(token.length).toBeGreaterThan(16);
    for (const asset of [
      '/console/app/main.js',
      '/console/app/pages/home.js',
      '/console/vendor/preact.mjs',
      '/console/vendor/uplot.mjs',
      '/console/static/console.css',
    ]) {
      const res = await fetch(`${base()}${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript|css/);
    }
    for (const evil of [
      '/console/app/../../package.json',
      '/console/app/%2e%2e/%2e%2e/package.json',
      '/console/static/..%2Fpackage.json',
      '/console/vendor/fs.mjs',
      '/console/app/.tsbuildinfo',
    ])
      expect((await fetch(`${base()}${evil}`)).status, evil).toBe(404);
    // The page's token stands in for the keys, and only the page's token.
    const withToken = await fetch(`${base()}/api/v1/metrics?from=0`, {
      headers: { 'x-ddworkshop-console': token },
    });
    expect(withToken.status).toBe(200);
    const wrong = await fetch(`${base()}/api/v1/metrics?from=0`, {
      headers: { 'x-ddworkshop-console': 'guess' },
    });
    expect(wrong.status).toBe(403);
  });
});
