/** The agent's system check run by a real intake on this machine, read back through the real API client. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, v1 } from '@datadog/datadog-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStatus } from '../../../intake/src/agent/status-report.js';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake } from '../../support/intake.js';
import { runCli } from '../../support/run-cli.js';
import { waitUntil } from '../../support/wait-until.js';

let intake: Intake;
beforeAll(async () => {
  intake = await startTestIntake({ systemCheck: true, checkIntervalMs: 300, hostname: 'test-host' });
});
afterAll(() => intake.stop());

describe('the system check', () => {
  it('reports cpu, load, memory and disk with the agent’s names, types and host tag', async () => {
    const metrics = new v1.MetricsApi(
      client.createConfiguration({
        authMethods: { apiKeyAuth: 'k', appKeyAuth: 'k' },
        baseServer: new client.BaseServerConfiguration(`http://127.0.0.1:${intake.ports.api}`, {}),
        httpConfig: { compress: false },
      }),
    );
    const names = await waitUntil(
      async () =>
        (await metrics.listActiveMetrics({ from: Math.floor(Date.now() / 1000) - 60 })).metrics ?? [],
      (found) => found.includes('system.cpu.user'),
      'the system check’s first metrics',
      { timeoutMs: 10_000 },
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'system.cpu.user',
        'system.cpu.idle',
        'system.load.1',
        'system.mem.total',
        'system.disk.in_use',
      ]),
    );
    const now = Math.floor(Date.now() / 1000);
    const total = await metrics.queryMetrics({
      from: now - 60,
      to: now + 10,
      query: 'avg:system.mem.total{host:test-host}',
    });
    const mib = total.series?.[0]?.pointlist?.at(-1)?.[1] ?? 0;
    const { totalmem } = await import('node:os');
    expect(mib).toBeCloseTo(totalmem() / 1024 / 1024, 0);
    expect((await metrics.getMetricMetadata({ metricName: 'system.cpu.user' })).type).toBe('gauge');
    const cpu = await metrics.queryMetrics({ from: now - 60, to: now + 10, query: 'avg:system.cpu.user{*}' });
    const pct = cpu.series?.[0]?.pointlist?.at(-1)?.[1] ?? -1;
    expect(pct).toBeGreaterThanOrEqual(0);
    expect(pct).toBeLessThanOrEqual(100);
    const text = renderStatus(intake.status());
    expect(text).toContain('Collector');
    expect(text).toMatch(/system: \[OK\] — runs \d+, metric samples \d+/);
  });

  it('verify metrics finds them through the API (scope *, by host), as it would against the real agent', async () => {
    const project = mkdtempSync(join(tmpdir(), 'ddw-infra-'));
    writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
    const run = await runCli(
      project,
      [
        'verify',
        'metrics',
        'system.cpu.user',
        'system.load.1',
        'system.disk.in_use',
        '--json',
        '--timeout',
        '20s',
      ],
      {
        DDWORKSHOP_OFFLINE: '1',
        INTAKE_API_PORT: String(intake.ports.api),
      },
    );
    rmSync(project, { recursive: true, force: true });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { ok: boolean; metrics: Array<{ metric: string; found: boolean }> };
    expect(out.ok).toBe(true);
    expect(out.metrics.map((m) => m.metric)).toContain('system.disk.in_use');
  });
});
