/**
 * The room's npm cache: the hub's own store of the lock file's tarballs and a real verdaccio
 * (installed on demand, as `class start --npm-cache` does) behind a real hub, and real `npm ci`
 * runs of a student's project whose lock file names the public registry's tarballs. The uplink is
 * a registry of our own on loopback serving two packages made with `npm pack` (one scoped), and
 * counting what it is asked: each tarball leaves "the internet" once however many students install
 * at once, nothing else does, and a room whose uplink is gone still installs.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub } from '../../../cli/class/hub-server.js';
import { type NpmCache, startNpmCache } from '../../../cli/class/npm-cache.js';
import { lockTarballs, npmRegistryFor } from '../../../cli/class/npm-cache-plan.js';
import { createTarballStore, type TarballStore, warmTarballs } from '../../../cli/class/tarball-store.js';
import { freePort } from '../../support/free-port.js';
import { startPostgres } from '../../support/postgres.js';
import { runCli } from '../../support/run-cli.js';
import { waitUntil } from '../../support/wait-until.js';

const repo = resolve(import.meta.dirname, '../../..');
const cli = join(repo, 'bin', 'ddworkshop.js');
const CODE = 'N9PM4C';
const PACKAGES = [
  { name: 'ddw-fixture-a', file: 'ddw-fixture-a-1.0.0.tgz' },
  { name: '@ddw-fixture/b', file: 'b-1.0.0.tgz' },
];

let dir: string;
let uplink: Server;
let uplinkUrl: string;
/** What the uplink was asked: method and path, and the Accept header of metadata requests. */
const asked: Array<{ path: string; accept: string }> = [];
const tarballs = new Map<string, Buffer>();
let cache: NpmCache;
let store: TarballStore;
let hub: ReturnType<typeof createHub>;
let hubUrl: string;
let lock: object;

/** `npm pack` of a one-file package: a real tarball, with its integrity as a lock file writes it. */
function pack(name: string): { data: Buffer; integrity: string; shasum: string } {
  const src = join(dir, 'src', name.replace('/', '__'));
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js' }));
  writeFileSync(join(src, 'index.js'), `module.exports = ${JSON.stringify(name)};\n`);
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', src], {
    cwd: src,
    encoding: 'utf8',
  });
  const data = readFileSync(join(src, (JSON.parse(out) as Array<{ filename: string }>)[0]?.filename ?? ''));
  return {
    data,
    integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
    shasum: createHash('sha1').update(data).digest('hex'),
  };
}

/** The "internet": a registry on loopback that serves the packages and counts what it is asked. */
function startUplink(port: number, meta: Map<string, object>): Promise<void> {
  uplink = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '/');
    asked.push({ path, accept: String(req.headers.accept ?? '') });
    const tarball = tarballs.get(path);
    const doc = meta.get(path.slice(1));
    if (tarball) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball);
    else if (doc) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
    else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
  });
  return new Promise((r) => uplink.listen(port, '127.0.0.1', () => r()));
}

/** A student's folder: the two packages, locked at the public registry's URLs as our lock files are. */
function studentProject(name: string): string {
  const project = join(dir, name);
  mkdirSync(project);
  const dependencies = Object.fromEntries(PACKAGES.map((p) => [p.name, '1.0.0']));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'student', version: '1.0.0', dependencies }),
  );
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lock));
  return project;
}

/** `npm ci` with an empty npm cache of its own, the registry the hub prints (a process: the hub answers meanwhile). */
async function studentInstall(project: string, registry = npmRegistryFor(hubUrl, CODE)): Promise<void> {
  const args = ['ci', '--no-audit', '--no-fund', '--registry', registry, '--cache', join(project, '.npm')];
  await promisify(execFile)('npm', args, {
    cwd: project,
    // npm's own check for a newer npm asks the registry for npm's metadata: not the install's.
    env: {
      PATH: process.env.PATH,
      HOME: project,
      npm_config_fetch_retries: '0',
      npm_config_update_notifier: 'false',
    },
  });
}

const tarballAsks = (file: string) => asked.filter((a) => a.path.endsWith(`/-/${file}`)).length;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ddw-npm-cache-'));
  const uplinkPort = await freePort();
  uplinkUrl = `http://127.0.0.1:${uplinkPort}/`;
  const meta = new Map<string, object>();
  const locked: Record<string, object> = {};
  for (const p of PACKAGES) {
    const { data, integrity, shasum } = pack(p.name);
    tarballs.set(`/${p.name}/-/${p.file}`, data);
    const tarball = `${uplinkUrl}${p.name}/-/${p.file}`;
    meta.set(p.name, {
      name: p.name,
      'dist-tags': { latest: '1.0.0' },
      versions: { '1.0.0': { name: p.name, version: '1.0.0', dist: { tarball, integrity, shasum } } },
    });
    locked[`node_modules/${p.name}`] = {
      version: '1.0.0',
      resolved: `https://registry.npmjs.org/${p.name}/-/${p.file}`,
      integrity,
    };
  }
  await startUplink(uplinkPort, meta);
  const dependencies = Object.fromEntries(PACKAGES.map((p) => [p.name, '1.0.0']));
  lock = {
    name: 'student',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: 'student', version: '1.0.0', dependencies }, ...locked },
  };
  cache = await startNpmCache({
    stateDir: join(dir, 'state'),
    workshopDir: repo,
    code: CODE,
    uplink: uplinkUrl,
    say: () => {},
  });
  store = createTarballStore({
    dir: join(dir, 'state', 'class-npm', 'tarballs'),
    uplink: uplinkUrl,
    tarballs: lockTarballs(lock),
  });
  const port = await freePort();
  hubUrl = `http://127.0.0.1:${port}`;
  hub = createHub({
    bind: '127.0.0.1',
    port,
    hosts: ['127.0.0.1'],
    code: CODE,
    instructorToken: 'instructor-token-npm-cache-test',
    file: join(dir, 'hub.json'),
    npmCache: { port: cache.port, tarballs: store },
  });
  await hub.listen();
}, 240_000);

afterAll(async () => {
  await hub?.close();
  await cache?.stop();
  uplink?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the room's npm cache", () => {
  it('installs students at once through the hub, each tarball fetched from the uplink once and nothing else', async () => {
    await Promise.all([studentInstall(studentProject('ada')), studentInstall(studentProject('grace'))]);
    for (const student of ['ada', 'grace'])
      for (const p of PACKAGES) {
        const installed = JSON.parse(
          readFileSync(join(dir, student, 'node_modules', p.name, 'package.json'), 'utf8'),
        );
        expect(installed.name).toBe(p.name);
      }
    for (const p of PACKAGES) expect(tarballAsks(p.file)).toBe(1);
    // The lock file names every tarball: no package metadata crosses the room's uplink.
    expect(asked.filter((a) => !a.path.includes('/-/'))).toEqual([]);
    const head = await fetch(`${hubUrl}/npm/${CODE}/ddw-fixture-a/-/ddw-fixture-a-1.0.0.tgz`, {
      method: 'HEAD',
    });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(
      tarballs.get('/ddw-fixture-a/-/ddw-fixture-a-1.0.0.tgz')?.length,
    );
  });

  it('keeps nothing the lock file does not vouch for, and says when the registry is out of reach', async () => {
    const path = '/ddw-fixture-a/-/ddw-fixture-a-1.0.0.tgz';
    const wary = createTarballStore({
      dir: join(dir, 'wary'),
      uplink: uplinkUrl,
      tarballs: new Map([[path, `sha512-${createHash('sha512').update('something else').digest('base64')}`]]),
    });
    await expect(wary.file(path)).rejects.toThrow(/does not match the lock file's integrity/);
    const kept = join(dir, 'wary', 'ddw-fixture-a', '-');
    expect(readdirSync(kept)).toEqual([]);
    const offline = createTarballStore({
      dir: join(dir, 'offline'),
      uplink: `http://127.0.0.1:${await freePort()}/`,
      tarballs: lockTarballs(lock),
    });
    await expect(offline.file(path)).rejects.toThrow(/cannot be reached/);
  });

  it('writes tarball URLs that lead back through the hub, under the class code', async () => {
    const res = await fetch(`${hubUrl}/npm/${CODE}/ddw-fixture-a`);
    const doc = (await res.json()) as { versions: Record<string, { dist: { tarball: string } }> };
    expect(doc.versions['1.0.0']?.dist.tarball).toBe(
      `${hubUrl}/npm/${CODE}/ddw-fixture-a/-/ddw-fixture-a-1.0.0.tgz`,
    );
    // Metadata is verdaccio's: it asks the uplink for the short form npm itself uses, not every readme.
    const metadata = asked.filter((a) => !a.path.includes('/-/'));
    expect(metadata.length).toBeGreaterThan(0);
    for (const m of metadata) expect(m.accept).toMatch(/^application\/vnd\.npm\.install-v1\+json/);
  });

  it('refuses a wrong code, a write, a foreign Host', async () => {
    expect((await fetch(`${hubUrl}/npm/WRONG1/ddw-fixture-a`)).status).toBe(403);
    const put = await fetch(`${hubUrl}/npm/${CODE}/ddw-fixture-a`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    const overwrite = await fetch(`${hubUrl}/npm/${CODE}/ddw-fixture-a/-/ddw-fixture-a-1.0.0.tgz`, {
      method: 'PUT',
      body: 'x',
    });
    expect(overwrite.status).toBe(405);
    expect((await fetch(`${hubUrl}/npm/WRONG1/ddw-fixture-a/-/ddw-fixture-a-1.0.0.tgz`)).status).toBe(403);
    const foreign = await new Promise<number | undefined>((done) =>
      request(`${hubUrl}/npm/${CODE}/ddw-fixture-a`, { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        done(res.statusCode);
      }).end(),
    );
    expect(foreign).toBe(403);
  });

  it('warms every tarball of a lock file, and names what the uplink does not have', async () => {
    const asksBefore = PACKAGES.map((p) => tarballAsks(p.file));
    const paths = [...lockTarballs(lock).keys()];
    expect(paths).toEqual(['/@ddw-fixture/b/-/b-1.0.0.tgz', '/ddw-fixture-a/-/ddw-fixture-a-1.0.0.tgz']);
    const seen: number[] = [];
    const warmed = await warmTarballs(
      store,
      [...paths, '/ddw-fixture-missing/-/ddw-fixture-missing-1.0.0.tgz'],
      (n) => seen.push(n),
    );
    expect(warmed.ready).toBe(2);
    expect(warmed.failed).toEqual(['/ddw-fixture-missing/-/ddw-fixture-missing-1.0.0.tgz']);
    expect(seen.at(-1)).toBe(3);
    // A hub stopped during the warm: nothing more is asked for.
    const stopped = await warmTarballs(store, paths, () => {}, AbortSignal.abort());
    expect(stopped).toEqual({ ready: 0, failed: [] });
    // What the store keeps already is not asked for again.
    expect(PACKAGES.map((p) => tarballAsks(p.file))).toEqual(asksBefore);
  });

  it("class start --npm-cache prints the students' install line and warms the cache from the lock file", async () => {
    const project = join(dir, 'instructor');
    mkdirSync(join(project, 'cli', 'class'), { recursive: true });
    cpSync(join(repo, 'cli', 'class', 'npm-cache'), join(project, 'cli', 'class', 'npm-cache'), {
      recursive: true,
    });
    // verdaccio installed already (the first start installs it: the cache above did), so no second download.
    cpSync(join(dir, 'state', 'class-npm'), join(project, '.ddworkshop', 'class-npm'), { recursive: true });
    writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(lock));
    const pg = await startPostgres();
    const port = await freePort();
    const args = ['class', 'start', '--listen', '127.0.0.1', '--port', String(port), '--database', pg.url];
    const hubProcess = spawn(
      process.execPath,
      [cli, '-C', project, ...args, '--npm-cache', '--npm-uplink', uplinkUrl],
      {
        env: { PATH: process.env.PATH, HOME: project, FORCE_COLOR: '0', DDWORKSHOP_CLASS_SENDER: '0' },
      },
    );
    let output = '';
    hubProcess.stdout.on('data', (d: Buffer) => (output += d));
    hubProcess.stderr.on('data', (d: Buffer) => (output += d));
    try {
      await waitUntil(
        async () => output,
        (o) => /tarballs/.test(o) && /ready|could not/.test(o),
        'the warm',
        {
          timeoutMs: 60_000,
        },
      );
      const code = /--code (\w+)/.exec(output)?.[1] ?? '';
      expect(output).toContain(`npm ci --omit=dev --registry http://127.0.0.1:${port}/npm/${code}/`);
      expect(output).toContain(
        "npm cache: all 2 tarballs of the students' installs and image builds are ready",
      );
      // A student joining learns how their Docker image builds can use the cache too.
      const student = join(dir, 'student-joining');
      mkdirSync(student);
      writeFileSync(join(student, 'docker-compose.yml'), 'services: {}\n');
      const joined = await runCli(
        student,
        ['class', 'join', `http://127.0.0.1:${port}`, '--code', code.toLowerCase(), '--name', 'Hedy'],
        { DDWORKSHOP_CLASS_SENDER: '0' },
        30_000,
      );
      expect(joined.stdout).toContain(`NPM_REGISTRY=http://127.0.0.1:${port}/npm/${code}/ in .env`);
      await studentInstall(studentProject('hedy'), `http://127.0.0.1:${port}/npm/${code}/`);
      expect(
        readFileSync(join(dir, 'hedy', 'node_modules', '@ddw-fixture', 'b', 'index.js'), 'utf8'),
      ).toContain('b');
    } finally {
      hubProcess.kill('SIGINT');
      await once(hubProcess, 'exit');
      await pg.stop();
    }
  });

  it('still installs a student when the uplink is gone (a room without internet)', async () => {
    await new Promise<void>((r) => uplink.close(() => r()));
    await studentInstall(studentProject('katherine'));
    expect(
      readFileSync(join(dir, 'katherine', 'node_modules', 'ddw-fixture-a', 'index.js'), 'utf8'),
    ).toContain('ddw-fixture-a');
  });
});
