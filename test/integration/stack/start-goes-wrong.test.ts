/**
 * A local stack start that goes wrong: a dependency that dies while a service starts is named as
 * the cause (PostgreSQL killed during setup was "webapp exited while starting"), and Ctrl-C stops
 * what that run had started (1 s into setup it left three services running).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../cli/compose/build-model.js';
import { LocalRuntime } from '../../../cli/local/local-runtime.js';
import { freePort } from '../../support/free-port.js';

const dir = mkdtempSync(join(tmpdir(), 'ddw-deps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a dependency that dies while a service starts', () => {
  it('is named as the cause, with its own log', async () => {
    // `db` starts, then dies; `app` waits on it and exits for want of it.
    writeFileSync(
      join(dir, 'db.js'),
      "console.log('db: fatal: terminated by an administrator'); setTimeout(() => process.exit(1), 300);",
    );
    writeFileSync(join(dir, 'app.js'), 'setTimeout(() => process.exit(1), 1500);');
    const port = await freePort();
    const model = buildModel(
      `services:
  db:
    image: x
    x-ddworkshop:
      local:
        command: [node, db.js]
  app:
    image: y
    depends_on: [db]
    x-ddworkshop:
      local:
        command: [node, app.js]
        healthcheck:
          http: http://127.0.0.1:${port}/health
`,
      { file: 'docker-compose.yml', projectDir: dir, env: {}, profiles: [] },
    );
    const runtime = new LocalRuntime(join(dir, '.ddworkshop'), dir);
    const error = await runtime
      .up(model, { timeoutMs: 20_000 })
      .catch((e: unknown) => e as Error & { next?: string });
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toMatch(/^db stopped while app was starting/);
    expect(error?.message).toContain('terminated by an administrator');
    expect(error?.next).toContain('logs db');
    await runtime.down(model);
  });
});

describe('Ctrl-C while the stack starts', () => {
  it('stops what that run had started, and says so', async () => {
    writeFileSync(join(dir, 'db2.js'), 'setInterval(() => {}, 1000);');
    writeFileSync(join(dir, 'app2.js'), 'setInterval(() => {}, 1000);');
    const port = await freePort();
    const model = buildModel(
      `services:
  db:
    image: x
    x-ddworkshop:
      local:
        command: [node, db2.js]
  app:
    image: y
    depends_on: [db]
    x-ddworkshop:
      local:
        command: [node, app2.js]
        healthcheck:
          http: http://127.0.0.1:${port}/health
`,
      { file: 'docker-compose.yml', projectDir: dir, env: {}, profiles: [] },
    );
    const state = join(dir, '.ddworkshop-ctrl-c');
    const runtime = new LocalRuntime(state, dir);
    const interrupt = new AbortController();
    const error = await runtime
      .up(model, {
        signal: interrupt.signal,
        timeoutMs: 20_000,
        // The student presses Ctrl-C while app waits to become healthy.
        onProgress: (e) => {
          if (e.service === 'app' && e.phase === 'wait') setTimeout(() => interrupt.abort(), 200);
        },
      })
      .catch((e: unknown) => e as Error & { next?: string });
    expect(error?.message).toMatch(/^Stopped: db, app \(started by this run\) stopped again/);
    expect(error?.next).toContain('up');
    const status = await runtime.status(model);
    expect(status.map((s) => [s.service, s.state])).toEqual([
      ['db', 'missing'],
      ['app', 'missing'],
    ]);
  });
});
