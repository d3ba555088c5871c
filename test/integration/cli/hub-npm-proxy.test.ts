/**
 * The hub's door to the npm cache, against a recording server on loopback in verdaccio's place:
 * what is passed on (npm's headers and the Host the student used) and what never is (the
 * instructor's cookie, a bearer token), reads only, and a clear answer when the cache is gone.
 */
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxyToNpmCache } from '../../../cli/class/hub-npm-proxy.js';

let upstream: Server;
let door: Server;
let seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders }> = [];
const port = (s: Server) => (s.address() as AddressInfo).port;
let upstreamPort = 0;

function ask(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: port(door), method, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' }).end('{"name":"chalk"}');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  upstreamPort = port(upstream);
  door = createServer((req, res) =>
    proxyToNpmCache(req, res, (req.url ?? '/').replace(/^\/npm\/CODE/, ''), upstreamPort),
  );
  await new Promise<void>((r) => door.listen(0, '127.0.0.1', () => r()));
});

afterAll(() => {
  door?.close();
  upstream?.close();
});

describe("the hub's door to the npm cache", () => {
  it("passes npm's request on, with the Host the student used, and nothing of the hub's", async () => {
    seen = [];
    const res = await ask('GET', '/npm/CODE/chalk', {
      host: '192.168.1.20:4321',
      accept: 'application/vnd.npm.install-v1+json',
      'npm-command': 'ci',
      cookie: 'hub_token=instructor-secret-token',
      authorization: 'Bearer student-secret-token',
    });
    expect(res).toEqual({ status: 200, body: '{"name":"chalk"}' });
    const [got] = seen;
    expect(got?.url).toBe('/chalk');
    expect(got?.headers.host).toBe('192.168.1.20:4321');
    expect(got?.headers['x-forwarded-proto']).toBe('http');
    expect(got?.headers.accept).toBe('application/vnd.npm.install-v1+json');
    expect(got?.headers['npm-command']).toBe('ci');
    expect(got?.headers.cookie).toBeUndefined();
    expect(got?.headers.authorization).toBeUndefined();
  });

  it('keeps the scheme a TLS load balancer reports, and answers HEAD', async () => {
    seen = [];
    expect((await ask('HEAD', '/npm/CODE/chalk', { 'x-forwarded-proto': 'https, http' })).status).toBe(200);
    expect(seen[0]?.method).toBe('HEAD');
    expect(seen[0]?.headers['x-forwarded-proto']).toBe('https');
  });

  it('refuses writes, and never reaches the cache with one', async () => {
    seen = [];
    for (const method of ['PUT', 'POST', 'DELETE']) {
      const res = await ask(method, '/npm/CODE/chalk');
      expect(res.status).toBe(405);
      expect(res.body).toContain('read-only');
    }
    expect(seen).toEqual([]);
  });

  it('says so when the cache does not answer', async () => {
    await new Promise<void>((r) => upstream.close(() => r()));
    const res = await ask('GET', '/npm/CODE/chalk');
    expect(res.status).toBe(502);
    expect(res.body).toContain("the room's npm cache does not answer");
  });
});
