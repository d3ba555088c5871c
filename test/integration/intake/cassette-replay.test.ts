/**
 * Datadog's recorded exchanges (datadog-api-client-typescript `cassettes/` for the Spans, Logs,
 * Metrics, Monitors and Dashboards APIs, vendored in test/fixtures/cassettes) replayed against an
 * intake seeded with equivalent data: each recording's requests in order, ids mapped, and each
 * answer compared with the recorded one — the status, and the JSON's key sets and value types,
 * recursively. Where the intake differs on purpose, test/fixtures/cassette-exceptions.json says
 * so with the reason, and this test holds the exception to its word: an endpoint "not served" is
 * a 404 or 405 here, a refusal says it is valid on Datadog, and no exception is left unused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { CASSETTES, type Exchange, recordedExchanges } from '../../support/cassettes.js';
import { startTestIntake } from '../../support/intake.js';
import { replayRecording, shapeDifferences } from '../../support/replay.js';

interface Rule {
  request?: string;
  recording?: string;
  key?: string;
  reason: string;
}
const exceptions = JSON.parse(readFileSync(join(CASSETTES, '../cassette-exceptions.json'), 'utf8')) as Record<
  'notServedOffline' | 'refusedOffline' | 'dataDependent' | 'ignoredKeys',
  Rule[]
>;
const used = new Set<Rule>();
const matching = (rules: Rule[], test: (r: Rule) => boolean) => {
  const rule = rules.find(test);
  if (rule) used.add(rule);
  return rule;
};
const requestOf = (e: Exchange) => `${e.method} ${e.url.pathname}`;
const ignored = (difference: string) =>
  matching(exceptions.ignoredKeys, (r) => difference.includes(r.key ?? '$^'));

let intake: Intake;
let base: string;

beforeAll(async () => {
  intake = await startTestIntake();
  base = `http://127.0.0.1:${intake.ports.api}`;
  // Equivalent data: three spans of a `python*` service and three logs in the last minutes, as
  // the recordings' organisation had (their pages of two run out on the third request).
  const now = Date.now();
  intake.spans.add(
    Array.from({ length: 3 }, (_, i) => ({
      traceId: String(1000 + i),
      spanId: String(2000 + i),
      parentId: '0',
      service: 'python-sample-app',
      name: 'flask.request',
      resource: 'GET /',
      type: 'web',
      startMs: now - 60_000 + i * 1000,
      durationMs: 3,
      error: false,
      meta: { env: 'demo', 'http.status_code': '200', 'http.method': 'GET', version: '1.0.0' },
      metrics: { process_id: 437 },
    })),
  );
  for (let i = 0; i < 3; i++)
    intake.ingestLog(JSON.stringify({ level: 'info', message: `request ${i}`, http: { status_code: 200 } }), {
      service: 'python-app',
      source: 'python',
      host: 'demo',
    });
});

afterAll(() => intake?.stop());

async function send(method: string, path: string, body: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'dd-api-key': 'k', 'dd-application-key': 'k', 'content-type': 'application/json' },
    body: method === 'GET' || method === 'HEAD' || !body ? undefined : body,
  });
  return { status: res.status, text: await res.text() };
}

/** Recorded timestamps are years old: points and windows are moved to now, as the recording's day was. */
const today = (body: string) =>
  body.replace(/"timestamp":\s*\d{10}/g, `"timestamp":${Math.floor(Date.now() / 1000)}`);

describe('Datadog’s recorded exchanges, replayed', () => {
  it('are answered as recorded, but for the exceptions listed with their reason', async () => {
    const byRecording = new Map<string, Exchange[]>();
    for (const e of recordedExchanges())
      byRecording.set(e.recording, [...(byRecording.get(e.recording) ?? []), e]);
    const problems: string[] = [];
    let agreed = 0;
    for (const [recording, exchanges] of byRecording) {
      const notServed = exchanges.filter((e) =>
        matching(exceptions.notServedOffline, (r) => new RegExp(r.request ?? '$^').test(requestOf(e))),
      );
      if (notServed.length) {
        // Held to its word: not served here means 404 or 405.
        for (const e of notServed) {
          const { status } = await send(e.method, `${e.url.pathname}${e.url.search}`, e.requestText);
          if (status !== 404 && status !== 405)
            problems.push(`${requestOf(e)} is listed as not served but answers ${status}`);
        }
        continue;
      }
      if (matching(exceptions.dataDependent, (r) => new RegExp(r.recording ?? '$^').test(recording)))
        continue;
      const results = await replayRecording(exchanges, send, today);
      if (matching(exceptions.refusedOffline, (r) => new RegExp(r.recording ?? '$^').test(recording))) {
        const refusals = results.filter((r) => r.status === 400 || r.status === 422);
        if (!refusals.length)
          problems.push(`${recording}: listed as refused offline, but nothing was refused`);
        continue;
      }
      for (const r of results) {
        const differences = r.differences.filter((d) => !ignored(d));
        if (r.status !== r.exchange.status || differences.length)
          problems.push(
            `${recording}: ${requestOf(r.exchange)} answered ${r.status} (recorded ${r.exchange.status}) ${differences.slice(0, 5).join('; ')}`,
          );
        else agreed++;
      }
    }
    if (process.env.REPLAY_SUMMARY) console.log(`agreed ${agreed}`);
    expect(problems).toEqual([]);
    const all = [
      ...exceptions.notServedOffline,
      ...exceptions.refusedOffline,
      ...exceptions.dataDependent,
      ...exceptions.ignoredKeys,
    ];
    expect(all.filter((r) => !used.has(r)).map((r) => r.reason)).toEqual([]);
    // Most recorded exchanges are answered as Datadog answered them.
    expect(agreed).toBeGreaterThan(200);
  }, 120_000);

  it('compare shapes by key sets and types, a list by its first element', () => {
    expect(shapeDifferences({ a: 1, b: [{ c: 'x' }] }, { a: 2, b: [{ c: 'y' }] })).toEqual([]);
    expect(shapeDifferences({ a: '1', e: 1 }, { a: 1, d: null })).toEqual([
      '.d: missing',
      '.e: not in the recording',
      '.a: string, recorded number',
    ]);
    expect(shapeDifferences({ b: [{}] }, { b: [{ c: 1 }] })).toEqual(['.b[].c: missing']);
  });
});
