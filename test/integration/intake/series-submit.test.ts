/**
 * Metrics submitted through Datadog's API (`POST /api/v1/series`, `/api/v2/series`) by the real
 * API client, compressed and not: answered 202 as the recorded exchanges are, stored as DogStatsD
 * points (gauges as they are, counts counted, rates as the count they stand for), readable at
 * once through the query API.
 */
import { deflateSync, gzipSync } from 'node:zlib';
import { client, v1, v2 } from '@datadog/datadog-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { recordedExchange } from '../../support/cassettes.js';
import { startTestIntake } from '../../support/intake.js';

let intake: Intake;
let config: client.Configuration;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  intake = await startTestIntake({ apiKey: 'api-key', appKey: 'app-key' });
  config = client.createConfiguration({
    // Submitting takes the API key alone, as on Datadog.
    authMethods: { apiKeyAuth: 'api-key' },
    baseServer: new client.BaseServerConfiguration(`http://127.0.0.1:${intake.ports.api}`, {}),
    httpConfig: { compress: false },
  });
});

afterAll(() => intake?.stop());

function total(query: string): number {
  return (intake.engine.query(query, now() - 120, now() + 60)[0]?.points ?? []).reduce(
    (n, p) => n + (p[1] ?? 0),
    0,
  );
}

describe('metrics submitted through the API', () => {
  it('v1: 202 {"status": "ok"}, gauges, counts and rates stored, the host a tag', async () => {
    const api = new v1.MetricsApi(config);
    const t = now();
    const answer = await api.submitMetrics({
      body: {
        series: [
          {
            metric: 'api.gauge',
            points: [[t, 1.5]],
            type: 'gauge',
            host: 'laptop',
            tags: ['Team:Workshop Crew'],
          },
          {
            metric: 'api.count',
            points: [
              [t, 3],
              [t - 1, 4],
            ],
            type: 'count',
            tags: ['k:v'],
          },
          { metric: 'api.rate', points: [[t, 2]], type: 'rate', interval: 10 },
        ],
      },
    });
    expect(answer).toEqual({ status: 'ok' });
    expect(total('max:api.gauge{host:laptop,team:workshop_crew}')).toBe(1.5);
    expect(total('sum:api.count{k:v}.as_count()')).toBe(7);
    expect(total('sum:api.rate{*}.as_count()')).toBe(20);
  });

  it('v2: 202 {"errors": []}, gzip-compressed or not, the host resource a tag', async () => {
    const api = new v2.MetricsApi(config);
    for (const contentEncoding of [undefined, 'gzip'] as const) {
      const answer = await api.submitMetrics({
        body: {
          series: [
            {
              metric: `api.v2.${contentEncoding ?? 'plain'}`,
              type: 1,
              points: [{ timestamp: now(), value: 5 }],
              resources: [{ name: 'dummyhost', type: 'host' }],
            },
          ],
        },
        ...(contentEncoding ? { contentEncoding } : {}),
      });
      expect(answer.errors).toEqual([]);
      expect(total(`sum:api.v2.${contentEncoding ?? 'plain'}{host:dummyhost}.as_count()`)).toBe(5);
    }
  });

  it('answers the recorded exchange’s status and body for the recorded request', async () => {
    const recorded = recordedExchange(
      'v2/Metrics_2046978582',
      'Submit-metrics-returns-Payload-accepted-response',
    );
    // The recording's timestamp is from 2022: today's stands in, so the point is kept.
    const body = recorded.requestText.replace(/"timestamp":\d+/, `"timestamp":${now()}`);
    const res = await fetch(`http://127.0.0.1:${intake.ports.api}${recorded.url.pathname}`, {
      method: 'POST',
      headers: { 'dd-api-key': 'api-key', 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(recorded.status);
    expect(await res.json()).toEqual(JSON.parse(recorded.responseText));
  });

  it('refuses what is not a series, a point too old is dropped and counted, and keys are checked', async () => {
    const base = `http://127.0.0.1:${intake.ports.api}/api/v1/series`;
    const post = (body: unknown, key = 'api-key') =>
      fetch(base, {
        method: 'POST',
        headers: { 'dd-api-key': key, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await post({ series: [{ metric: 'x', points: [['now', 1]] }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: string[] }).errors[0]).toMatch(/position 0: each point/);
    expect((await post({ nope: 1 })).status).toBe(400);
    expect((await post({ series: [] }, 'wrong')).status).toBe(403);
    const before = intake.engine.counters.parseErrors['timestamp out of range'] ?? 0;
    expect((await post({ series: [{ metric: 'api.old', points: [[now() - 7200, 1]] }] })).status).toBe(202);
    expect(intake.engine.counters.parseErrors['timestamp out of range']).toBe(before + 1);
  });

  it('reads gzip and deflate bodies, refuses other encodings and a body that inflates past 16 MiB', async () => {
    const base = `http://127.0.0.1:${intake.ports.api}/api/v1/series`;
    const send = (body: Buffer, encoding: string) =>
      fetch(base, {
        method: 'POST',
        headers: {
          'dd-api-key': 'api-key',
          'content-type': 'application/json',
          'content-encoding': encoding,
        },
        body: new Uint8Array(body),
      });
    const json = (metric: string) => JSON.stringify({ series: [{ metric, points: [[now(), 2]] }] });
    expect((await send(gzipSync(json('api.gz')), 'gzip')).status).toBe(202);
    expect((await send(deflateSync(json('api.deflate')), 'deflate')).status).toBe(202);
    expect(total('max:api.gz{*}') + total('max:api.deflate{*}')).toBe(4);
    expect((await send(Buffer.from(json('api.z')), 'zstd')).status).toBe(415);
    // 32 MiB of spaces compress to ~32 KiB: refused once decompressed, without holding it all.
    expect((await send(gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20)), 'gzip')).status).toBe(413);
    expect((await send(Buffer.from('not gzip'), 'gzip')).status).toBe(400);
  });
});
