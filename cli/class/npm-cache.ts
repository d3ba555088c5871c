/**
 * The room's npm cache: verdaccio, installed on the instructor's laptop the first time
 * `class start --npm-cache` runs (never a dependency of a student's install), run beside the hub
 * on a loopback port, and reached by students only through the hub — for what the hub's own
 * tarball store (tarball-store.ts) does not keep.
 */
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { UserError } from '../base/user-error.js';
import { freePort } from '../util/free-port.js';
import { sleep } from '../util/poll.js';
import { npmCachePrefix, verdaccioConfig } from './npm-cache-plan.js';

export interface NpmCache {
  port: number;
  stop(): Promise<void>;
}

const pinned = (workshopDir: string) => join(workshopDir, 'cli', 'class', 'npm-cache');

async function readPackage(
  file: string,
): Promise<{ version?: string; dependencies?: Record<string, string> }> {
  return readFile(file, 'utf8').then(JSON.parse, () => ({}));
}

/** verdaccio at the version the workshop pins, installed from its lock file when it is not there yet. */
async function ensureVerdaccio(workshopDir: string, home: string, say: (line: string) => void) {
  const wanted = (await readPackage(join(pinned(workshopDir), 'package.json'))).dependencies?.verdaccio;
  const installed = (await readPackage(join(home, 'node_modules', 'verdaccio', 'package.json'))).version;
  if (wanted && installed === wanted) return join(home, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  await mkdir(home, { recursive: true });
  for (const f of ['package.json', 'package-lock.json', '.npmrc'])
    await copyFile(join(pinned(workshopDir), f), join(home, f));
  say(`Installing verdaccio ${wanted} for the room's npm cache (once, about 40 MB)…`);
  await execa('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: home,
  }).catch((error: { stderr?: string; message: string }) => {
    throw new UserError(
      `verdaccio (the room's npm cache) could not be installed: ${(error.stderr || error.message).split('\n')[0]}`,
      'Start the hub once with --npm-cache while this laptop is online (before class), or start it without --npm-cache.',
    );
  });
  return join(home, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
}

async function answers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/-/ping`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

async function waitForVerdaccio(child: ResultPromise, port: number, log: string): Promise<void> {
  let exited = false;
  child.catch(() => {}).finally(() => (exited = true));
  for (let i = 0; i < 150 && !exited; i++) {
    if (await answers(port)) return;
    await sleep(200);
  }
  child.kill();
  throw new UserError(`The room's npm cache (verdaccio) did not start`, `Its log: ${log}`);
}

export async function startNpmCache(options: {
  stateDir: string;
  workshopDir: string;
  code: string;
  uplink: string;
  say: (line: string) => void;
}): Promise<NpmCache> {
  const home = join(options.stateDir, 'class-npm');
  const bin = await ensureVerdaccio(options.workshopDir, home, options.say);
  const storage = join(home, 'storage');
  await mkdir(storage, { recursive: true });
  const port = await freePort();
  const config = join(home, 'config.yaml');
  const plan = { storage, port, uplink: options.uplink, urlPrefix: npmCachePrefix(options.code) };
  await writeFile(config, verdaccioConfig(plan), { mode: 0o600 });
  const log = join(home, 'verdaccio.log');
  const out = createWriteStream(log, { flags: 'a' });
  const child = execa(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
    cwd: home,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Tarball URLs follow the address each student used (the hub's Host), never a public URL
    // the instructor's shell may carry for another verdaccio.
    env: { VERDACCIO_PUBLIC_URL: '' },
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  await waitForVerdaccio(child, port, log);
  return {
    port,
    async stop() {
      child.kill();
      await child.catch(() => {});
      out.end();
    },
  };
}
