/**
 * The platform-specific ways the local runtime starts and stops things, run here on Linux:
 * PostgreSQL through pg_ctl (Windows' way) with a stop that does not wait for open sessions,
 * initdb under a locale the system lacks (macOS), Node services stopped by their stop line
 * (Windows has no SIGTERM for another process), and the environment a Windows service needs.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  connect,
  initCluster,
  type PostgresPlan,
  pgCtlStart,
  pgCtlStop,
  ping,
  postmasterPid,
} from '../../../cli/local/postgres-local.js';
import { isOurs, readPid, spawnDetached, stopProcess } from '../../../cli/local/processes.js';
import { requestStop } from '../../../cli/local/stop-request.js';
import { currentHost, type Host } from '../../../cli/platform/host.js';
import { serviceBaseEnv } from '../../../cli/platform/service-env.js';
import { freePort } from '../../support/free-port.js';
import { waitUntil } from '../../support/wait-until.js';

const dirs: string[] = [];
function tempDir(): string {
  // Spaces and a non-ASCII letter, as in C:\Users\José\Workshop Folder.
  const dir = mkdtempSync(join(tmpdir(), 'ddw plat José-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  // A test that failed midway leaves its service running: stop each by its pid file.
  for (const d of dirs) await stopProcess(d, 'svc', 2_000, currentHost()).catch(() => false);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const linux = currentHost();
const asWindows: Host = { ...linux, os: 'win32' };

describe('PostgreSQL started and stopped through pg_ctl', () => {
  it('initdb works under a locale the system does not have (LANG=en_DE.UTF-8, as macOS sets)', async () => {
    const dir = tempDir();
    const plan: PostgresPlan = {
      dataDir: join(dir, 'local', 'postgres-data'),
      port: await freePort(),
      user: 'root',
      password: 'changeme',
      database: 'postgres',
      settings: ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'],
    };
    const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL };
    process.env.LANG = 'en_DE.UTF-8';
    process.env.LC_ALL = 'en_DE.UTF-8';
    try {
      expect(await initCluster(plan, dir)).toBe(true);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }

    const log = join(dir, 'postgres.log');
    const started = await pgCtlStart(plan, log, { PATH: process.env.PATH ?? '' });
    expect(started.error, existsSync(log) ? readFileSync(log, 'utf8') : '').toBeUndefined();
    expect(started.pid).toBe(await postmasterPid(plan.dataDir));
    expect(started.pid).toBeGreaterThan(0);
    expect(await ping(plan)).toBe(true);

    // An open session in a transaction: "smart" shutdown (SIGTERM) would wait for it; fast does not.
    const client = connect(plan);
    client.on('error', () => {});
    await client.connect();
    await client.query('BEGIN');
    const loaded = await client.query(
      "SELECT count(*)::int AS n FROM pg_settings WHERE name = 'pg_stat_statements.track'",
    );
    expect(loaded.rows[0].n).toBe(1);
    const began = Date.now();
    expect(await pgCtlStop(plan)).toBe(true);
    expect(Date.now() - began).toBeLessThan(20_000);
    expect(await ping(plan)).toBe(false);
    expect(existsSync(join(plan.dataDir, 'postmaster.pid'))).toBe(false);
    await client.end().catch(() => {});
  });
});

describe('Node services stop through their stop line', () => {
  const service = `
    const { writeFileSync } = require('node:fs');
    process.on('SIGTERM', () => { writeFileSync(process.argv[2], 'flushed on SIGTERM'); process.exit(0); });
    writeFileSync(process.argv[2] + '.env', JSON.stringify(process.env));
    setInterval(() => {}, 1000);
  `;

  async function startService(dir: string, env: Record<string, string>) {
    const script = join(dir, 'service.cjs');
    writeFileSync(script, service);
    const marker = join(dir, 'flushed.txt');
    const record = await spawnDetached(dir, 'svc', [process.execPath, script, marker], {
      env,
      cwd: dir,
      configHash: 'x',
    });
    await waitUntil(
      () => existsSync(record.control?.file ?? '') && existsSync(`${marker}.env`),
      Boolean,
      'the stop line',
    );
    return { record, marker };
  }

  it('as on Windows: asked through the stop line, the service runs its SIGTERM handler (its telemetry is flushed)', async () => {
    const dir = tempDir();
    const { record, marker } = await startService(dir, serviceBaseEnv(linux));
    expect(record.control?.token).toMatch(/^[0-9a-f]{48}$/);
    expect(await stopProcess(dir, 'svc', 10_000, asWindows)).toBe(true);
    expect(readFileSync(marker, 'utf8')).toBe('flushed on SIGTERM');
    expect(await isOurs(record)).toBe(false);
    expect(await readPid(dir, 'svc')).toBeUndefined();
  });

  it('refuses a stop line without the token, and the service never sees the token', async () => {
    const dir = tempDir();
    const { record, marker } = await startService(dir, serviceBaseEnv(linux));
    const control = record.control as { token: string; file: string };
    expect(await requestStop({ ...control, token: 'guess' })).toBe(false);
    expect(await isOurs(record)).toBe(true);
    const seen = JSON.parse(readFileSync(`${marker}.env`, 'utf8')) as Record<string, string>;
    expect(Object.keys(seen).filter((k) => k.startsWith('DDWORKSHOP_CONTROL'))).toEqual([]);
    expect(await stopProcess(dir, 'svc', 10_000, linux)).toBe(true);
    expect(readFileSync(marker, 'utf8')).toBe('flushed on SIGTERM');
  });

  it('a Windows service gets SystemRoot, windir, TEMP and COMSPEC, and not the student’s keys', async () => {
    const dir = tempDir();
    const windowsHost: Host = {
      os: 'win32',
      arch: 'x64',
      root: false,
      env: {
        Path: process.env.PATH,
        SystemRoot: 'C:\\WINDOWS',
        windir: 'C:\\WINDOWS',
        TEMP: 'C:\\T',
        ComSpec: 'C:\\WINDOWS\\system32\\cmd.exe',
        DD_API_KEY: 'abc',
      },
    };
    const { marker } = await startService(dir, serviceBaseEnv(windowsHost));
    const seen = JSON.parse(readFileSync(`${marker}.env`, 'utf8')) as Record<string, string>;
    expect(seen).toMatchObject({
      SystemRoot: 'C:\\WINDOWS',
      windir: 'C:\\WINDOWS',
      TEMP: 'C:\\T',
      COMSPEC: 'C:\\WINDOWS\\system32\\cmd.exe',
    });
    expect(seen.DD_API_KEY).toBeUndefined();
    await stopProcess(dir, 'svc', 10_000, linux);
  });
});
