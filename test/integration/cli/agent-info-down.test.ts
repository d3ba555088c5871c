/** `agent info` with nothing on the trace port: the reason in one line and what to do next. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../../support/free-port.js';
import { runCli } from '../../support/run-cli.js';

const project = mkdtempSync(join(tmpdir(), 'ddw-agent-info-'));
writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
afterAll(() => rmSync(project, { recursive: true, force: true }));

it('names the refused connection, not just a failed fetch, and the next step', async () => {
  const port = await freePort();
  const run = await runCli(project, ['agent', 'info'], {
    DDWORKSHOP_OFFLINE: '1',
    DD_TRACE_AGENT_PORT: String(port),
  });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(`GET http://127.0.0.1:${port}/info failed: ECONNREFUSED`);
  expect(run.stderr).toMatch(/Is the agent up\?/);
  expect(run.stderr).not.toMatch(/fetch failed|\n\s+at /);
});
