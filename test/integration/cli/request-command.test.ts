/** `./ddw request`: curl for every shell, against a real HTTP server. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repo } from '../../support/project-copy.js';
import { runCli } from '../../support/run-cli.js';

let server: Server;
let base = '';
const seen: Array<{ method?: string; url?: string; type?: string; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
      res.writeHead(req.url === '/purchase' ? 201 : 400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ message: req.url === '/purchase' ? 'Purchase successful' : 'invalid quantity' }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => server.close());

describe('./ddw request', () => {
  it('sends lesson 2’s purchase as JSON and prints the status and body', async () => {
    const run = await runCli(
      repo,
      [
        'request',
        'POST',
        '/purchase',
        'user_id:=123',
        'product_id:=456',
        'quantity:=2',
        'price:=29.99',
        '--target',
        base,
      ],
      {},
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^HTTP 201 Created\n/);
    expect(run.stdout).toContain('Purchase successful');
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      url: '/purchase',
      type: 'application/json',
      body: '{"user_id":123,"product_id":456,"quantity":2,"price":29.99}',
    });
  });

  it('shows a 4xx answer as curl does (exit 0), and --json for scripts', async () => {
    const run = await runCli(
      repo,
      ['request', 'POST', '/bad', 'quantity:=-1', '--target', base, '--json'],
      {},
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ status: 400, body: { message: 'invalid quantity' } });
  });

  it('nothing listening: the path as typed and what to do', async () => {
    const run = await runCli(
      repo,
      ['request', 'GET', '/health?q=>100', '--target', 'http://127.0.0.1:9'],
      {},
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('GET http://127.0.0.1:9/health?q=>100 failed');
    expect(run.stderr).toContain('status');
  });
});
