/**
 * The guided mode in a real terminal: tmux runs `ddworkshop learn`, send-keys presses keys and
 * capture-pane reads the screen. The stack is a bare HTTP server answering /health, so the
 * first check passes and the rest fail, which is what a student sees before sending traffic.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/free-port.js';
import { hasTmux, openTerminal, type Terminal } from '../../support/tmux.js';

const repo = resolve(import.meta.dirname, '../../..');
let term: Terminal;

describe.skipIf(!hasTmux)('ddworkshop learn in a terminal', () => {
  let project: string;
  let server: Server;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'ddw-learn-'));
    cpSync(join(repo, 'lessons'), join(project, 'lessons'), { recursive: true });
    cpSync(join(repo, 'webapp/src'), join(project, 'webapp/src'), { recursive: true });
    writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
    server = createServer((req, res) => {
      res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
      res.end('{"status":"healthy"}');
    });
    const webappPort = await freePort();
    await new Promise<void>((r) => server.listen(webappPort, '127.0.0.1', r));
    const env = {
      DDWORKSHOP_OFFLINE: '1',
      WEBAPP_PORT: String(webappPort),
      DD_TRACE_AGENT_PORT: String(await freePort()),
      INTAKE_API_PORT: String(await freePort()),
      FORCE_COLOR: '0',
    };
    const exports = Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    term = openTerminal(
      'ddw-learn',
      `cd ${project} && env ${exports} node ${join(repo, 'bin/ddworkshop.js')} -C ${project} learn --no-reload; sleep 30`,
    );
  });

  afterAll(() => {
    term?.close();
    server?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('shows the lesson and runs its checks', async () => {
    const first = await term.waitFor(/Lesson 1\/\d+: Explore the stack/);
    expect(first).toContain('[h]int');
    const checked = await term.waitFor(/Not yet/, 60_000);
    expect(checked).toMatch(/✔ The webapp and its database are healthy/);
    expect(checked).toMatch(/✖ The trace agent takes traces/);
    // Lesson 1 has no code to write: the screen says what to do instead of "edit and save".
    expect(checked).toContain('Not yet: run ./ddw traffic quick in another terminal, then press c');
    expect(checked).not.toContain('edit the webapp');
  });

  it('shows hints one at a time and the solution', async () => {
    term.keys('h');
    const one = await term.waitFor(/Hint 1\/3/);
    expect(one).not.toContain('Hint 2/3');
    term.keys('h');
    await term.waitFor(/Hint 2\/3/);
    term.keys('d');
    await term.waitFor(/changes no code/);
  });

  it('refuses to move on before the checks pass, then re-checks when a file is saved', async () => {
    term.keys('n');
    await term.waitFor(/has not passed its checks yet/);
    mkdirSync(join(project, 'webapp/src/routes'), { recursive: true });
    writeFileSync(join(project, 'webapp/src/routes/new-file.ts'), 'export {};\n');
    await term.waitFor(/Saved: webapp\/src\/routes\/new-file\.ts/);
    await term.waitFor(/Not yet/, 60_000);
    const progress = JSON.parse(readFileSync(join(project, '.ddworkshop/progress.json'), 'utf8'));
    expect(progress.current).toBe('01-explore-the-stack');
    expect(progress.lessons['01-explore-the-stack'].hintsShown).toBe(2);
  });

  it('quits on q', async () => {
    term.keys('q');
    await new Promise((r) => setTimeout(r, 1000));
    expect(term.screen()).not.toContain('Waiting for your changes');
  });
});
