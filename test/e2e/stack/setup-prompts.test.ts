/**
 * `setup` on a real terminal (tmux): Datadog mode, site from the list, the API key typed
 * hidden and validated before anything is written, a refused key asked again, `.env` written
 * with mode 0600. A local server answers as Datadog's /api/v1/validate does.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/free-port.js';
import { copyProject, type ProjectCopy, repo } from '../../support/project-copy.js';
import { runCli } from '../../support/run-cli.js';
import { hasTmux, openTerminal, type Terminal } from '../../support/tmux.js';

const GOOD = 'fake-good-key-for-the-prompt-test';
const BAD = 'fake-bad-key-for-the-prompt-test';
let term: Terminal;

describe.skipIf(!hasTmux)('setup asks on a terminal', () => {
  let project: ProjectCopy;
  let datadog: Server;
  const seenKeys: string[] = [];

  beforeAll(async () => {
    project = await copyProject();
    datadog = createServer((req, res) => {
      const key = String(req.headers['dd-api-key']);
      seenKeys.push(key);
      const ok = req.url === '/api/v1/validate' && key === GOOD;
      res.writeHead(ok ? 200 : 403, { 'content-type': 'application/json' });
      res.end(ok ? '{"valid":true}' : '{"errors":["Forbidden"]}');
    });
    const port = await freePort();
    await new Promise<void>((r) => datadog.listen(port, '127.0.0.1', r));
    const env = Object.entries({
      ...project.env,
      DDWORKSHOP_OFFLINE: '',
      DDWORKSHOP_DATADOG_API_URL: `http://127.0.0.1:${port}`,
    })
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    term = openTerminal(
      'ddw-setup',
      `env ${env} node ${join(repo, 'bin/ddworkshop.js')} -C ${project.dir} setup --runtime local; sleep 30`,
      { width: 150, height: 50 },
    );
  });

  afterAll(async () => {
    term?.close();
    datadog?.close();
    // Should the flow ever reach the stack, leave nothing running.
    await runCli(project.dir, ['down', '--runtime', 'local'], { ...project.env });
    project?.remove();
  });

  it('walks through mode, site and keys, and writes .env only after the key is valid', async () => {
    await term.waitFor(/How do you want to run the workshop\?/);
    term.keys('Up', 'Enter'); // without a key the cursor starts on offline
    await term.waitFor(/Your Datadog site/);
    term.keys('Down', 'Down', 'Down', 'Enter'); // datadoghq.eu
    await term.waitFor(/Datadog API key/);
    term.keys(BAD, 'Enter');
    await term.waitFor(/not valid for datadoghq\.eu/);
    expect(existsSync(join(project.dir, '.env'))).toBe(false);
    await term.waitFor(/Datadog API key[\s\S]*Datadog API key/);
    term.keys(GOOD, 'Enter');
    await term.waitFor(/Application key/);
    term.keys('Enter'); // skip
    // The real agent needs Docker; here the local runtime says so after .env is written.
    const last = await term.waitFor(/cannot run "datadog"/, 30_000);
    expect(last).not.toContain(GOOD);
    expect(last).not.toContain(BAD);
    expect(seenKeys).toEqual([BAD, GOOD]);
    const envFile = join(project.dir, '.env');
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const text = readFileSync(envFile, 'utf8');
    expect(text).toContain(`DD_API_KEY=${GOOD}`);
    expect(text).toContain('DD_SITE=datadoghq.eu');
  });
});
