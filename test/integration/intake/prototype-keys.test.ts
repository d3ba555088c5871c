/**
 * Names that are JavaScript's own (`__proto__`, `constructor`) or loosely numeric name nothing;
 * a body nested beyond reason is refused where it comes in, so no list it would join can break.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake } from '../../support/intake.js';

let intake: Intake;
let base = '';
const headers = { 'dd-api-key': 'k', 'dd-application-key': 'k' };

beforeAll(async () => {
  intake = await startTestIntake();
  base = `http://127.0.0.1:${intake.ports.api}`;
});
afterAll(() => intake?.stop());

describe('names that are not what they seem', () => {
  it('/console/vendor/__proto__ and /constructor are a 404, not a 500', async () => {
    for (const file of ['__proto__', 'constructor', 'toString']) {
      const res = await fetch(`${base}/console/vendor/${file}`);
      expect(res.status, file).toBe(404);
    }
  });

  it('a monitor id written 0x3e8 or 1e3 is not monitor 1000', async () => {
    const created = await fetch(`${base}/api/v1/monitor`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'metric alert',
        query: 'avg(last_5m):avg:x{*} > 1',
        name: 'm',
        message: 'm',
      }),
    });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: number };
    expect((await fetch(`${base}/api/v1/monitor/${id}`, { headers })).status).toBe(200);
    for (const spelled of [`0x${id.toString(16)}`, `${id / 1000}e3`, `${id}.0`])
      expect((await fetch(`${base}/api/v1/monitor/${spelled}`, { headers })).status, spelled).toBe(404);
  });

  it('a monitor or dashboard nested 50,000 deep is a 400, and the lists still answer', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const monitor = await fetch(`${base}/api/v1/monitor`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: `{"type":"metric alert","query":"avg(last_5m):avg:x{*} > 1","name":"deep","message":"m","options":{"x":${deep}}}`,
    });
    expect(monitor.status).toBe(400);
    expect(await monitor.text()).toMatch(/nested deeper than 32 levels/);
    const dashboard = await fetch(`${base}/api/v1/dashboard`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: `{"title":"deep","layout_type":"ordered","widgets":[],"template_variables":${deep}}`,
    });
    expect(dashboard.status).toBe(400);
    expect((await fetch(`${base}/api/v1/monitor`, { headers })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/dashboard`, { headers })).status).toBe(200);
  });
});
