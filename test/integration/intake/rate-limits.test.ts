/**
 * Rate limits as Datadog sends them: the intake refuses past the allowance with 429 and the
 * X-RateLimit-* headers, and the CLI's one client layer waits for the reset and goes on — real
 * HTTP, the real API client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../cli/config/workshop-config.js';
import { ApiFailure, createDatadogApi } from '../../../cli/datadog/client.js';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake } from '../../support/intake.js';

let intake: Intake;
beforeAll(async () => {
  intake = await startTestIntake({ rateLimits: { spans_search: { limit: 2, periodSec: 3 } } });
});
afterAll(() => intake.stop());

const config = () =>
  resolveConfig({
    projectDir: '/tmp',
    env: { DDWORKSHOP_OFFLINE: '1', INTAKE_API_PORT: String(intake.ports.api) },
  });
const body = {
  data: {
    type: 'search_request' as const,
    attributes: { filter: { query: '*', from: 'now-15m', to: 'now' } },
  },
};

describe('rate limits', () => {
  it('answers 429 with the X-RateLimit headers past the allowance', async () => {
    const url = `http://127.0.0.1:${intake.ports.api}/api/v2/spans/events/search`;
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'dd-api-key': 'k', 'dd-application-key': 'a' },
        body: JSON.stringify(body),
      });
    // A fresh window: wait until one starts so the three calls share it.
    await new Promise((r) => setTimeout(r, 3000 - (Date.now() % 3000) + 50));
    const statuses = [];
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) {
      last = await post();
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(last?.headers.get('x-ratelimit-limit')).toBe('2');
    expect(last?.headers.get('x-ratelimit-period')).toBe('3');
    expect(last?.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(last?.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    expect(await last?.json()).toEqual({ errors: ['Too many requests'] });
  });

  it("the CLI's client layer waits for X-RateLimit-Reset, then succeeds; past its deadline it says why", async () => {
    const api = await createDatadogApi(config());
    const spans = await api.spans();
    await new Promise((r) => setTimeout(r, 3000 - (Date.now() % 3000) + 50));
    await api.call(() => spans.listSpans({ body }));
    await api.call(() => spans.listSpans({ body }));
    const before = Date.now();
    await api.call(() => spans.listSpans({ body }), { deadline: Date.now() + 10_000 });
    expect(Date.now() - before).toBeGreaterThan(900);
    await api.call(() => spans.listSpans({ body }));
    const refused = await api
      .call(() => spans.listSpans({ body }), { deadline: Date.now() + 100 })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiFailure);
    expect((refused as ApiFailure).status).toBe(429);
    expect((refused as ApiFailure).message).toContain('rate-limiting us (429)');
  });
});
