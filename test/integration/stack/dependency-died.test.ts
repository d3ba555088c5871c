/**
 * A dependency that dies while a service starts is named as the cause (PostgreSQL killed during
 * setup was reported as "webapp exited while starting").
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
