/**
 * The API key goes to a Datadog site or to the configured proxy, nowhere else: a DD_SITE that
 * smuggles another host (`x@127.0.0.1:PORT`) is refused before anything is sent. A real local
 * server stands where the key would have gone, and counts what reaches it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFinding } from '../../../cli/stack/run-doctor.js';
import { freePort } from '../../support/free-port.js';
import { runCli } from '../../support/run-cli.js';

let project: string;
let server: Server;
let port: number;
const seen: string[] = [];

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'ddw-key-'));
  writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
  server = createServer((req, res) => {
    seen.push(String(req.headers['dd-api-key'] ?? ''));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"valid":true}');
  });
  port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
});
afterAll(() => {
  server.close();
  rmSync(project, { recursive: true, force: true });
});

const env = () => ({ DD_API_KEY: 'fake-key-that-must-stay-home-0000', DD_SITE: `x@127.0.0.1:${port}` });

describe('the API key stays with Datadog', () => {
  it('setup -y refuses a DD_SITE that is not a Datadog site, and sends nothing', async () => {
    const run = await runCli(project, ['setup', '-y', '--runtime', 'local'], env(), 60_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not a Datadog site');
    expect(run.stdout + run.stderr).not.toContain('fake-key-that-must-stay-home');
    expect(seen).toEqual([]);
  });

  it('doctor says the same, and sends nothing', async () => {
    const run = await runCli(project, ['doctor'], env(), 60_000);
    expect(run.stdout).toContain('is not a Datadog site');
    expect(seen).toEqual([]);
  });
});

describe('doctor reads the Node requirement from package.json engines', () => {
  it('accepts the versions the range accepts, and names the range otherwise', () => {
    const range = '^20.19.0 || ^22.13.0 || >=24';
    expect(nodeFinding('20.19.1', range).level).toBe('ok');
    expect(nodeFinding('24.1.0', range).level).toBe('ok');
    const old = nodeFinding('20.18.0', range);
    expect(old.level).toBe('fail');
    expect(old.detail).toContain('does not satisfy ^20.19.0 || ^22.13.0 || >=24');
    expect(nodeFinding('23.1.0', range).level).toBe('fail');
  });
});
