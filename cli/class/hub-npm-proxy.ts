/**
 * The hub's door to the room's npm cache: `/npm/<class code>/…` is verdaccio's registry, read-only,
 * on the loopback port it listens on. The class code in the path is the token (npm sends none of
 * its own to a registry without one configured); the hub's Host check has already run.
 */
import { type IncomingMessage, request, type ServerResponse } from 'node:http';

/** What npm sends that the cache needs; nothing else (no cookie, no authorization) is passed on. */
const FORWARDED = [
  'accept',
  'accept-encoding',
  'if-none-match',
  'if-modified-since',
  'user-agent',
  'npm-command',
];

export function proxyToNpmCache(req: IncomingMessage, res: ServerResponse, path: string, port: number): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: "the room's npm cache is read-only" }));
    return;
  }
  const headers: Record<string, string> = {
    // verdaccio writes tarball URLs for the address the student used, under the prefix it was given.
    host: req.headers.host ?? '',
    'x-forwarded-proto': String(req.headers['x-forwarded-proto'] ?? 'http').split(',')[0] ?? 'http',
  };
  for (const name of FORWARDED) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const upstream = request({ host: '127.0.0.1', port, path, method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.once('error', () => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: "the room's npm cache does not answer: restart the hub" }));
  });
  res.once('close', () => upstream.destroy());
  upstream.end();
}
