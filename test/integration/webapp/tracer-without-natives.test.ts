/**
 * The webapp as a student's laptop runs it, with dd-trace's unused natives replaced by an empty
 * package (package.json `overrides`): on a laptop where a Datadog Agent is installed, dd-trace
 * finds the host-wide `application_monitoring.yaml` and reaches for libdatadog's extras to read
 * it; a student may also turn on profiling, App and API Protection or IAST from habit. None of
 * that may stop the webapp: it still serves, traces and sends run-time metrics. (With IAST's
 * module replaced too, `DD_IAST_ENABLED=true` left dd-trace without a tracer: it is kept.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake, webappAgentEnv } from '../../support/intake.js';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';
import { waitUntil } from '../../support/wait-until.js';
import { startWebapp, type WebappProcess } from '../../support/webapp-process.js';

let pg: TestPostgres;
let intake: Intake;
let app: WebappProcess;
let dir: string;

beforeAll(async () => {
  [pg, intake] = await Promise.all([startPostgres(), startTestIntake()]);
  dir = mkdtempSync(join(tmpdir(), 'ddw-host-config-'));
  const hostConfig = join(dir, 'application_monitoring.yaml');
  writeFileSync(hostConfig, 'apm_configuration_default:\n  DD_TRACE_SAMPLE_RATE: 1\n');
  app = await startWebapp({
    ...pg.env,
    ...webappAgentEnv(intake),
    DD_TRACE_FLUSH_INTERVAL: '100',
    DD_RUNTIME_METRICS_ENABLED: 'true',
    // Where dd-trace looks for the Agent's host-wide file is per OS; this points it here.
    DD_TEST_LOCAL_CONFIG_PATH: hostConfig,
    DD_PROFILING_ENABLED: 'true',
    DD_APPSEC_ENABLED: 'true',
    DD_IAST_ENABLED: 'true',
    DD_CRASHTRACKING_ENABLED: 'true',
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await intake?.stop();
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('dd-trace without its unused natives', () => {
  it('serves and traces a database request', async () => {
    const before = Date.now() - 1000;
    expect((await fetch(`${app.url}/users`)).status).toBe(200);
    const spans = await waitUntil(
      () => intake.spans.search('service:webapp resource_name:"GET /users"', before, Date.now() + 60_000, 10),
      (found) => found.length > 0,
      'the GET /users span',
    );
    const trace = intake.spans.search(`trace_id:${spans[0]?.traceId}`, before, Date.now() + 60_000, 50);
    expect(trace.some((s) => s.name === 'pg.query')).toBe(true);
  });

  it('sends run-time metrics (their native module is kept)', async () => {
    // dd-trace flushes run-time metrics every 10 s, through the agent's DogStatsD proxy.
    const seen = (name: string) => (intake.engine.contexts(name)?.length ?? 0) > 0;
    await waitUntil(
      () => seen('runtime.node.mem.rss') && seen('runtime.node.event_loop.delay.max'),
      (ok) => ok,
      'runtime.node metrics',
      { timeoutMs: 25_000 },
    );
    expect(app.child.exitCode).toBeNull();
  }, 30_000);
});
