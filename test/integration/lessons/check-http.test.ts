/**
 * A check's `ctx.http` (Node's fetch) against a real HTTP server: status, headers and JSON as
 * sent, a redirect left as it is, and a webapp that is not running said in plain words.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../cli/config/workshop-config.js';
import { defineChecks } from '../../../cli/lessons/check-api.js';
import { createCheckContext } from '../../../cli/lessons/check-context.js';
import { runChecks } from '../../../cli/lessons/run-checks.js';
import { freePort } from '../../support/free-port.js';

const server = createServer((req, res) => {
  if (req.url === '/moved') {
    res.writeHead(302, { location: '/elsewhere' }).end();
    return;
  }
  let body = '';
  req.on('data', (d: Buffer) => (body += d.toString()));
  req.on('end', () => {
    res.writeHead(201, { 'content-type': 'application/json', 'x-request-method': req.method ?? '' });
    res.end(JSON.stringify({ received: JSON.parse(body || 'null'), type: req.headers['content-type'] }));
  });
});

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});
afterAll(() => server.close());

async function contextFor(webappPort: number) {
  const config = resolveConfig({
    projectDir: '/nowhere',
    env: { WEBAPP_PORT: String(webappPort), INTAKE_API_PORT: String(await freePort()) },
  });
  return createCheckContext(config, {
    lessonStartMs: Date.now(),
    run: { startMs: Date.now(), productId: 1 },
  });
}

describe('ctx.http', () => {
  it('sends JSON and reads the status, headers and JSON answer', async () => {
    const ctx = await contextFor((server.address() as AddressInfo).port);
    const res = await ctx.http('/purchase', { method: 'POST', body: { product_id: 7 } });
    expect(res.status).toBe(201);
    expect(res.headers['x-request-method']).toBe('POST');
    expect(res.json).toEqual({ received: { product_id: 7 }, type: 'application/json' });
  });

  it('leaves a redirect as it is, as a check of a route wants', async () => {
    const ctx = await contextFor((server.address() as AddressInfo).port);
    const res = await ctx.http('/moved');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/elsewhere');
  });

  it('says that nothing is listening, not just that a fetch failed', async () => {
    const ctx = await contextFor(await freePort());
    const checks = defineChecks([
      {
        title: 'The route answers',
        async run(c) {
          await c.http('/purchase');
          return 'answered';
        },
      },
    ]);
    const [result] = await runChecks(checks, ctx);
    expect(result?.ok).toBe(false);
    expect(result?.message).toMatch(/ECONNREFUSED.*nothing is listening: is the stack up\?/);
  });
});
