/**
 * One download for the room: BENCH_INSTALLS (default 10) students install the workshop (`npm ci
 * --omit=dev`, the README's first line, each with an empty npm cache) through a class hub's npm
 * cache, one after another, from a cold cache; and, in the same run, one student installs straight
 * from the npm registry. Every byte that leaves for the internet — the cache's uplink traffic and
 * the direct install's — goes through one counting HTTPS proxy on loopback (bytes as they cross
 * the wire, TLS included), so the two are measured alike. Goal (issue 29): the room's bytes no more
 * than one install's worth. Also the time per student: the first (the cache fetching) and the rest.
 * Scripts are skipped (`--ignore-scripts`): this measures the download, not the first build.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createHub } from '../cli/class/hub-server.js';
import { NPM_REGISTRY, npmRegistryFor } from '../cli/class/npm-cache-plan.js';
import { startRoomNpmCache } from '../cli/class/run-npm-cache.js';
import { freePort } from '../test/support/free-port.js';
import { line, median } from './support.js';

const repo = resolve(import.meta.dirname, '..');
const INSTALLS = Number(process.env.BENCH_INSTALLS ?? 10);
const CODE = 'BENCH2';
const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'ddw-bench-class-install-'));

/** An HTTPS proxy (CONNECT) for the npm registry only, counting the bytes that come back. */
let fromInternet = 0;
const proxy = createServer((_req, res) => res.writeHead(405).end());
proxy.on('connect', (req, client, head) => {
  const [host, port] = (req.url ?? '').split(':');
  if (host !== new URL(NPM_REGISTRY).hostname) return client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  const upstream = connect(Number(port ?? 443), host, () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('data', (chunk: Buffer) => (fromInternet += chunk.length));
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
});
const proxyPort = await freePort();
await new Promise<void>((r) => proxy.listen(proxyPort, '127.0.0.1', () => r()));
const proxyUrl = `http://127.0.0.1:${proxyPort}`;

async function install(name: string, registry: string): Promise<number> {
  const project = join(dir, name);
  mkdirSync(project);
  for (const f of ['package.json', 'package-lock.json']) copyFileSync(join(repo, f), join(project, f));
  const started = performance.now();
  const args = ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--registry', registry];
  await promisify(execFile)(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
    cwd: project,
    shell: process.platform === 'win32',
    // The direct install reaches the registry through the counter; the others reach the hub, on loopback.
    env: { ...process.env, npm_config_cache: join(project, '.npm-cache'), npm_config_https_proxy: proxyUrl },
    maxBuffer: 64 * MB,
  });
  const seconds = (performance.now() - started) / 1000;
  rmSync(project, { recursive: true, force: true });
  return seconds;
}

// verdaccio and the hub's tarball store read HTTPS_PROXY for their uplink: the cache's internet
// traffic crosses the counter too.
process.env.HTTPS_PROXY = proxyUrl;
process.env.NO_PROXY = '127.0.0.1,localhost';
const cache = await startRoomNpmCache({
  stateDir: join(dir, 'state'),
  workshopDir: repo,
  code: CODE,
  uplink: NPM_REGISTRY,
  say: (text) => line(text),
});
const hubPort = await freePort();
const hub = createHub({
  bind: '127.0.0.1',
  port: hubPort,
  hosts: ['127.0.0.1'],
  code: CODE,
  instructorToken: 'instructor-bench-install-token-0123',
  file: join(dir, 'hub.json'),
  npmCache: { port: cache.port, tarballs: cache.tarballs },
});
await hub.listen();

try {
  fromInternet = 0;
  const direct = await install('direct', NPM_REGISTRY);
  const oneInstall = fromInternet;
  line(
    `one install from the registry: ${(oneInstall / MB).toFixed(0)} MB from the internet, ${direct.toFixed(0)} s`,
  );

  fromInternet = 0;
  const times: number[] = [];
  for (let i = 0; i < INSTALLS; i++)
    times.push(await install(`student-${i}`, npmRegistryFor(`http://127.0.0.1:${hubPort}`, CODE)));
  const room = fromInternet;
  const rest = times.slice(1);
  line(
    `${INSTALLS} installs through the hub: ${(room / MB).toFixed(0)} MB from the internet; the first student ${times[0]?.toFixed(0)} s (the cache fetching), the others ${median(rest).toFixed(1)} s each (median)`,
  );
  line(`the room's bytes: ${(room / oneInstall).toFixed(2)} × one install's (goal ≤ 1.0)`);
} finally {
  await hub.close();
  await cache.stop();
  proxy.close();
  rmSync(dir, { recursive: true, force: true });
}
