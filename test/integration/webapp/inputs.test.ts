/**
 * Bad input gets a JSON error, never a stack trace; caps keep one request from taking the app
 * down; thousands of random requests leave it healthy; a lost database is reported, not hidden.
 */
import prand from 'pure-rand';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../support/postgres.js';
import { startWebapp, type WebappProcess } from '../../support/webapp-process.js';

let pg: TestPostgres;
let app: WebappProcess;

beforeAll(async () => {
  pg = await startPostgres();
  // Telemetry to a closed port: the app must not care.
  app = await startWebapp({
    ...pg.env,
    DD_AGENT_HOST: '127.0.0.1',
    DD_TRACE_AGENT_PORT: '9',
    DD_DOGSTATSD_PORT: '9',
    DD_TRACE_ENABLED: 'false',
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await pg?.stop();
});

async function call(method: string, path: string, body?: string, type = 'application/json') {
  const res = await fetch(`${app.url}${path}`, {
    method,
    body,
    headers: body === undefined ? {} : { 'content-type': type },
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: (() => {
      try {
        return JSON.parse(text) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    })(),
  };
}

const STACK = /\bat \S+ \(|node_modules|\.js:\d+/;

describe('where it listens', () => {
  it.skipIf(process.platform !== 'linux')('on loopback only by default, not every interface', async () => {
    const { readFileSync } = await import('node:fs');
    const hexPort = app.port.toString(16).toUpperCase().padStart(4, '0');
    const listening = (file: string) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f[3] === '0A' && f[1]?.endsWith(`:${hexPort}`))
        .map((f) => f[1]);
    // 127.0.0.1 in /proc/net/tcp is 0100007F; a wildcard listener would be 00000000 or :: in tcp6.
    expect(listening('/proc/net/tcp')).toEqual([`0100007F:${hexPort}`]);
    expect(listening('/proc/net/tcp6')).toEqual([]);
  });
});

describe('bad input', () => {
  it.each([
    ['POST', '/users', '{"username": ', 400, 'not valid JSON'],
    ['POST', '/users', JSON.stringify({ username: 'x'.repeat(200_000) }), 413, 'larger than 100 kB'],
    ['POST', '/users', '{"email":"a@example.com"}', 400, 'username is required'],
    ['POST', '/users', '{"username":"bad name!","email":"a@example.com"}', 400, 'username is required'],
    ['POST', '/users', '{"username":"ok_name","email":"nope"}', 400, 'email'],
    ['POST', '/users', '[1,2]', 400, 'JSON object'],
    ['GET', '/delay?seconds=11', undefined, 400, 'seconds must be a number from 0 to 10'],
    ['GET', '/delay?seconds=abc', undefined, 400, 'seconds'],
    ['GET', '/delay?seconds=-1', undefined, 400, 'seconds'],
    ['GET', '/error?rate=101', undefined, 400, 'rate must be a number from 0 to 100'],
    [
      'GET',
      '/cpu-intensive?iterations=99999999',
      undefined,
      400,
      'iterations must be a whole number from 1 to 5000000',
    ],
    ['GET', '/cpu-intensive?iterations=1.5', undefined, 400, 'iterations'],
    ['GET', '/memory-usage?size=101', undefined, 400, 'size must be a whole number from 1 to 100'],
    ['GET', '/database-query?type=drop', undefined, 400, 'type must be simple or complex'],
    ['GET', '/nowhere', undefined, 404, 'Not found'],
  ])('%s %s -> %i', async (method, path, body, status, message) => {
    const res = await call(method, path, body);
    expect(res.status).toBe(status);
    expect(String(res.json?.error)).toContain(message);
    expect(res.text).not.toMatch(STACK);
  });

  it('a duplicate username is a 409', async () => {
    const body = JSON.stringify({ username: 'twice', email: 'twice@example.com' });
    expect((await call('POST', '/users', body)).status).toBe(201);
    const again = await call('POST', '/users', body);
    expect(again.status).toBe(409);
    expect(again.json?.error).toBe('username twice is taken');
  });

  it('a foreign Host (a rebound page) is refused: no user’s email leaves', async () => {
    const { request } = await import('node:http');
    const get = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: app.port, path: '/users', headers: { host } },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const evil = await get('evil.example');
    expect(evil.status).toBe(403);
    expect(evil.body).not.toMatch(/@/);
    expect((await get(`localhost:${app.port}`)).status).toBe(200);
    expect((await get(`127.0.0.1:${app.port}`)).status).toBe(200);
  });

  it('an array-valued query parameter is refused, not crashed on', async () => {
    const res = await call('GET', '/delay?seconds=1&seconds=2');
    expect(res.status).toBe(400);
  });
});

describe('a fuzz of random requests', () => {
  it('no crash, no 5xx but /error, healthy afterwards', async () => {
    const rng = prand.xoroshiro128plus(424242);
    const int = (a: number, b: number) => prand.unsafeUniformIntDistribution(a, b, rng);
    const pick = <T>(xs: readonly T[]) => xs[int(0, xs.length - 1)] as T;
    const paths = [
      '/',
      '/health',
      '/users',
      '/delay',
      '/error',
      '/cpu-intensive',
      '/memory-usage',
      '/database-query',
      '/users/1',
      '/%',
      '/a/../b',
      `/${'x'.repeat(300)}`,
    ];
    const params = ['seconds', 'rate', 'iterations', 'size', 'type', 'username'];
    const values = [
      '',
      '0',
      '-1',
      '1e309',
      'NaN',
      '0.001',
      '5',
      '%00',
      'complex',
      'simple',
      '💥',
      'x'.repeat(100),
      '[]',
      '{}',
    ];
    const bodies = [
      '',
      '{',
      '{}',
      'null',
      '[]',
      '"s"',
      '{"username":1}',
      '{"username":"u","email":"e@x.io"}',
      '\u0000',
      'x'.repeat(5000),
    ];
    const types = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'];
    const unexpected: string[] = [];
    for (let batch = 0; batch < 150; batch++) {
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          const method = pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
          let path = pick(paths);
          if (int(0, 1)) path += `?${pick(params)}=${encodeURIComponent(pick(values))}`;
          if (path.startsWith('/delay')) path = '/delay?seconds=0';
          if (path.startsWith('/memory-usage') || path.startsWith('/cpu-intensive'))
            path = path.split('?')[0] ?? path;
          const hasBody = method !== 'GET' && method !== 'HEAD' && int(0, 1) === 1;
          const res = await fetch(`${app.url}${path}`, {
            method,
            ...(hasBody ? { body: pick(bodies), headers: { 'content-type': pick(types) } } : {}),
          });
          const text = await res.text();
          if (res.status >= 500 && !path.startsWith('/error'))
            unexpected.push(`${method} ${path} -> ${res.status} ${text.slice(0, 100)}`);
          if (STACK.test(text)) unexpected.push(`${method} ${path} leaked a stack`);
        }),
      );
    }
    expect(unexpected).toEqual([]);
    expect(app.child.exitCode).toBeNull();
    expect((await call('GET', '/health')).status).toBe(200);
  }, 120_000);
});

describe('when the database goes away', () => {
  it('/health answers 503 with the reason, and the app stays up', async () => {
    await pg.stop();
    const res = await call('GET', '/health');
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ status: 'unhealthy', database: 'disconnected' });
    expect(String(res.json?.reason).length).toBeGreaterThan(3);
    const users = await call('GET', '/users');
    expect(users.status).toBe(500);
    expect(users.text).not.toMatch(STACK);
    expect(app.child.exitCode).toBeNull();
  });

  it('SIGTERM finishes the request in flight, then stops cleanly', async () => {
    const inFlight = fetch(`${app.url}/delay?seconds=1`);
    await new Promise((r) => setTimeout(r, 200));
    const stopped = app.stop('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ delay_seconds: 1 });
    // fetch keeps its connection alive: the app must close it itself rather than wait it out.
    const answered = Date.now();
    expect(await stopped).toBe(0);
    expect(Date.now() - answered).toBeLessThan(3_000);
    expect(app.output()).toContain('webapp stopped');
  });
});
