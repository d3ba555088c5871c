/** The trace agent's /info lists exactly the routes it answers: one table builds both. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { ENDPOINTS } from '../../../intake/src/traces/trace-server.js';
import { startTestIntake } from '../../support/intake.js';

let intake: Intake;
let base = '';
beforeAll(async () => {
  intake = await startTestIntake();
  base = `http://127.0.0.1:${intake.ports.trace}`;
});
afterAll(() => intake?.stop());

describe('the trace agent’s routes', () => {
  it('answers every endpoint /info advertises, and nothing it does not', async () => {
    const info = (await (await fetch(`${base}/info`)).json()) as { endpoints: string[] };
    expect(info.endpoints).toEqual(ENDPOINTS.map((e) => e.path));
    for (const path of info.endpoints) {
      const url = `${base}${path}${path.endsWith('/') ? 'api/v2/apmtelemetry' : ''}`;
      const method = /traces$/.test(path) ? 'PUT' : 'POST';
      // An empty payload: v0.5 is [strings, traces]; the others a list of traces.
      const body =
        path === '/v0.5/traces'
          ? new Uint8Array([0x92, 0x90, 0x90])
          : /traces$/.test(path)
            ? new Uint8Array([0x90])
            : '{}';
      const res = await fetch(url, {
        method,
        body,
        headers: { 'content-type': /traces$/.test(path) ? 'application/msgpack' : 'application/json' },
      });
      expect(res.status, path).not.toBe(404);
      expect(res.status, path).toBeLessThan(300);
    }
    for (const path of ['/v0.9/traces', '/debugger/v9/elsewhere', '/nothing'])
      expect((await fetch(`${base}${path}`, { method: 'POST', body: '{}' })).status, path).toBe(404);
  });
});
