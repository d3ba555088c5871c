/**
 * A restart on the local runtime starts the new process while the old one shuts down (SIGTERM
 * closes the old one's listening socket at once); when the old one still holds the port, the new
 * one is started again once the old one is gone. Real processes and sockets: a small HTTP service
 * declared in a compose file as the workshop's services are.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildModel } from '../../../cli/compose/build-model.js';
import { LocalRuntime } from '../../../cli/local/local-runtime.js';
import { isOurs, readPid } from '../../../cli/local/processes.js';
import { freePort } from '../../support/free-port.js';

// The service logs its start and its exit (epoch ms) to events.log. On SIGTERM it either closes
// its listener at once (the webapp's way) or keeps it for HOLD_MS (busy), then exits after EXIT_MS.
const server = `
const { appendFileSync } = require('node:fs');
const mark = (what) => appendFileSync(process.env.EVENTS, what + ' ' + process.pid + ' ' + Date.now() + '\\n');
mark('start');
const http = require('node:http');
const s = http.createServer((q, r) => r.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  setTimeout(() => s.close(), Number(process.env.HOLD_MS));
  setTimeout(() => { mark('exit'); process.exit(0); }, Number(process.env.EXIT_MS));
});
`;

let dir: string;
let port: number;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'overlap-'));
  port = await freePort();
  writeFileSync(join(dir, 'server.cjs'), server);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function project(holdMs: number, exitMs: number) {
  const compose = `
services:
  svc:
    image: none
    ports: ["127.0.0.1:${port}:${port}"]
    x-ddworkshop:
      local:
        command: [node, server.cjs]
        environment: { PORT: "${port}", EVENTS: "${join(dir, 'events.log')}", HOLD_MS: "${holdMs}", EXIT_MS: "${exitMs}" }
        healthcheck: { http: "http://127.0.0.1:${port}/" }
`;
  const model = buildModel(compose, { file: 'docker-compose.yml', projectDir: dir, env: {}, profiles: [] });
  return { model, runtime: new LocalRuntime(join(dir, '.ddworkshop'), dir) };
}

const events = () =>
  readFileSync(join(dir, 'events.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '))
    .map(([what, pid, at]) => ({ what, pid: Number(pid), at: Number(at) }));

describe('a restart on the local runtime', () => {
  it('starts the new process before the old one has finished shutting down', async () => {
    const { model, runtime } = project(0, 5000);
    await runtime.up(model);
    const old = await readPid(join(dir, '.ddworkshop'), 'svc');
    await runtime.reload(model, 'svc');
    const now = await readPid(join(dir, '.ddworkshop'), 'svc');
    expect(now?.pid).not.toBe(old?.pid);
    expect(await isOurs(old)).toBe(false);
    const e = events();
    const started = e.find((x) => x.what === 'start' && x.pid === now?.pid);
    const exited = e.find((x) => x.what === 'exit' && x.pid === old?.pid);
    expect(started && exited && started.at < exited.at).toBe(true);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    await runtime.down(model);
  }, 30_000);

  it('starts it again when the old one kept the port, once the old one is gone', async () => {
    const { model, runtime } = project(1500, 1600);
    await runtime.up(model);
    const old = await readPid(join(dir, '.ddworkshop'), 'svc');
    await runtime.reload(model, 'svc');
    const now = await readPid(join(dir, '.ddworkshop'), 'svc');
    const log = readFileSync(join(dir, '.ddworkshop/local/svc.log'), 'utf8');
    expect(log).toContain('EADDRINUSE');
    const e = events();
    const exited = e.find((x) => x.what === 'exit' && x.pid === old?.pid);
    const started = e.find((x) => x.what === 'start' && x.pid === now?.pid);
    // Three starts: the first, the one that lost the port, the one that runs.
    expect(e.filter((x) => x.what === 'start')).toHaveLength(3);
    expect(started && exited && started.at >= exited.at).toBe(true);
    expect(await isOurs(now)).toBe(true);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    await runtime.down(model);
  }, 30_000);
});
