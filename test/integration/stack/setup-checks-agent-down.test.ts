/**
 * setup's checks with the agent (the offline intake) down: one line that says it did not answer,
 * with its log and `up` — not the real agent's DogStatsD and APM settings, which were printed when
 * the intake had been killed during setup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../../cli/stack/run-setup.js';
import { stackContext } from '../../../cli/stack/stack-context.js';
import { copyProject, type ProjectCopy } from '../../support/project-copy.js';

let project: ProjectCopy;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  project = await copyProject();
  // The copy's ports and folder, as the CLI would read them (nothing of the stack runs).
  for (const [k, v] of Object.entries({ ...project.env, DDWORKSHOP_DIR: project.dir })) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  project.remove();
});

describe('setup’s checks when the agent is down', () => {
  it('say it did not answer, with its log and up — no real-agent settings', async () => {
    const ctx = await stackContext({ runtime: 'local', offline: true });
    const checks = await runChecks(ctx);
    const agent = checks.find((c) => c.name === 'agent status');
    expect(agent, JSON.stringify(checks)).toBeDefined();
    expect(agent?.ok).toBe(false);
    expect(agent?.detail).toMatch(/did not answer/);
    expect(agent?.remedy).toMatch(/logs .*up/);
    const all = JSON.stringify(checks);
    expect(all).not.toMatch(/DD_DOGSTATSD_NON_LOCAL_TRAFFIC|DD_APM_ENABLED/);
  });
});
