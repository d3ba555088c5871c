/**
 * The trace port is for tracers, not web pages: a page on another origin, in a real chromium,
 * cannot write a metric or a span through it (a no-cors "simple" POST needs no preflight), and a
 * rebound name (a foreign `Host`) is refused. Tracers are unaffected (traces-agent.test.ts).
 */
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { refusedRequest } from '../../../intake/src/traces/trace-server.js';
import { launchBrowser } from '../../support/browser.js';
import { startTestIntake } from '../../support/intake.js';

let intake: Intake;
let page: Server;
let browser: Browser;
let pageUrl = '';

beforeAll(async () => {
  intake = await startTestIntake({ traceHosts: ['datadog'] });
  page = createServer((_req, res) => res.end('<!doctype html><title>evil</title>'));
  await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
  pageUrl = `http://127.0.0.1:${(page.address() as { port: number }).port}/`;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  page?.close();
  await intake?.stop();
});

const metricArrived = () => intake.engine.activeMetrics(0).includes('evil.metric');

describe('the trace port and web pages', () => {
  it('a page on another origin writes nothing through it (no-cors text/plain POSTs)', async () => {
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    const base = `http://127.0.0.1:${intake.ports.trace}`;
    await tab.evaluate(async (base) => {
      const send = (path: string, body: string) =>
        fetch(`${base}${path}`, {
          method: 'POST',
          mode: 'no-cors',
          headers: { 'content-type': 'text/plain' },
          body,
        }).catch(() => undefined);
      await send('/dogstatsd/v2/proxy', 'evil.metric:1|c');
      await send('/dogstatsd/v1/proxy', 'evil.metric:1|c');
      await send('/v0.4/traces', '[]');
    }, base);
    await tab.close();
    expect(metricArrived()).toBe(false);
    // The same packet from a program (no Origin) is taken: the guard is about browsers.
    const res = await fetch(`${base}/dogstatsd/v2/proxy`, { method: 'POST', body: 'evil.metric:1|c' });
    expect(res.status).toBe(200);
    expect(metricArrived()).toBe(true);
  });

  it('refuses a foreign Host, answers loopback names and the names containers use', () => {
    expect(refusedRequest({ headers: { host: 'evil.example:8126' } })).toBe('foreign Host');
    expect(refusedRequest({ headers: { host: '127.0.0.1:8126' } })).toBeUndefined();
    expect(refusedRequest({ headers: { host: 'datadog:8126' } }, ['datadog'])).toBeUndefined();
    expect(refusedRequest({ headers: { host: 'localhost:8126', origin: 'https://evil.example' } })).toMatch(
      /web pages/,
    );
    expect(refusedRequest({ headers: { host: 'localhost:8126', 'sec-fetch-site': 'cross-site' } })).toMatch(
      /web pages/,
    );
  });

  it('answers a foreign Host with 403 on the wire', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: intake.ports.trace, path: '/info', headers: { host: 'evil.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});
