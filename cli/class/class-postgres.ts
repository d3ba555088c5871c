/**
 * The class hub's own PostgreSQL on the instructor's laptop: the embedded server the local runtime
 * uses, in `.ddworkshop/class-db`, on a free loopback port, started by `class start` through
 * pg_ctl and stopped when the hub stops. Its password is made once and kept with the class's keys.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { UserError } from '../base/user-error.js';
import { initCluster, type PostgresPlan, pgCtlStart, pgCtlStop, ping } from '../local/postgres-local.js';
import { freePort } from '../util/free-port.js';

export interface ClassPostgres {
  url: string;
  stop(): Promise<void>;
}

export const newDbPassword = () => randomBytes(18).toString('base64url');

export async function startClassPostgres(stateDir: string, password: string): Promise<ClassPostgres> {
  const plan: PostgresPlan = {
    dataDir: join(stateDir, 'class-db'),
    port: await freePort(),
    user: 'ddworkshop',
    password,
    database: 'postgres',
    settings: [],
  };
  // A hub that died without stopping its server left it running: stopped first, then started anew.
  await pgCtlStop(plan);
  await initCluster(plan, stateDir);
  const started = await pgCtlStart(plan, join(stateDir, 'class-db.log'), {});
  if (started.error || !(await ping(plan)))
    throw new UserError(
      `The class's PostgreSQL did not start: ${started.error ?? 'it does not answer'}`,
      `Its log is ${join(stateDir, 'class-db.log')}; --database <url> uses another PostgreSQL.`,
    );
  return {
    url: `postgres://${plan.user}:${encodeURIComponent(password)}@127.0.0.1:${plan.port}/${plan.database}`,
    stop: async () => {
      await pgCtlStop(plan);
    },
  };
}

/** Stops the class's server if it runs (before its data is deleted). */
export async function stopClassPostgres(stateDir: string): Promise<void> {
  await pgCtlStop({
    dataDir: join(stateDir, 'class-db'),
    port: 0,
    user: '',
    password: '',
    database: '',
    settings: [],
  });
}
