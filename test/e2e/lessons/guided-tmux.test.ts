/**
 * The guided mode in a real terminal: tmux runs `ddworkshop learn`, send-keys presses keys and
 * capture-pane reads the screen. The stack is a bare HTTP server answering /health, so the
 * first check passes and the rest fail, which is what a student sees before sending traffic.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/free-port.js';

const repo = resolve(import.meta.dirname, '../../..');
const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

const session = `ddw-learn-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session, '-S', '-200');

async function waitForScreen(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`screen never matched ${pattern}:\n${last}`);
}

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
    tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '140',
      '-y',
      '60',
      `cd ${project} && env ${exports} node ${join(repo, 'bin/ddworkshop.js')} -C ${project} learn --no-reload; sleep 30`,
    );
  });

  afterAll(() => {
    try {
      tmux('kill-session', '-t', session);
    } catch {}
    server?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('shows the lesson and runs its checks', async () => {
    const first = await waitForScreen(/Lesson 1\/5: Explore the stack/);
    expect(first).toContain('[h]int');
    const checked = await waitForScreen(/Not yet/, 60_000);
    expect(checked).toMatch(/✔ The webapp and its database are healthy/);
    expect(checked).toMatch(/✖ The trace agent takes traces/);
  });

  it('shows hints one at a time and the solution', async () => {
    tmux('send-keys', '-t', session, 'h');
    const one = await waitForScreen(/Hint 1\/3/);
    expect(one).not.toContain('Hint 2/3');
    tmux('send-keys', '-t', session, 'h');
    await waitForScreen(/Hint 2\/3/);
    tmux('send-keys', '-t', session, 'd');
    await waitForScreen(/changes no code/);
  });

  it('refuses to move on before the checks pass, then re-checks when a file is saved', async () => {
    tmux('send-keys', '-t', session, 'n');
    await waitForScreen(/has not passed its checks yet/);
    mkdirSync(join(project, 'webapp/src/routes'), { recursive: true });
    writeFileSync(join(project, 'webapp/src/routes/new-file.ts'), 'export {};\n');
    await waitForScreen(/Saved: webapp\/src\/routes\/new-file\.ts/);
    await waitForScreen(/Not yet/, 60_000);
    const progress = JSON.parse(readFileSync(join(project, '.ddworkshop/progress.json'), 'utf8'));
    expect(progress.current).toBe('01-explore-the-stack');
    expect(progress.lessons['01-explore-the-stack'].hintsShown).toBe(2);
  });

  it('quits on q', async () => {
    tmux('send-keys', '-t', session, 'q');
    await new Promise((r) => setTimeout(r, 1000));
    expect(screen()).not.toContain('Waiting for your changes');
  });
});
