/**
 * The class hub: the one server meant for a LAN. It binds where the instructor says, answers only
 * the host names it advertises, and every request needs a token — the class code to join, then
 * the student's own token (one student cannot write as another), the instructor's for the page,
 * the broadcast and the results. Bodies are capped, each token rate-limited. What it holds is kept
 * in its store (a file, or PostgreSQL shared by several hubs), so a restarted hub loses nothing.
 */
import { spawn } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cmd } from '../base/command.js';
import { DRILLS, findDrill } from '../drills/scenarios.js';
import { DEFAULT_STUCK, parseEvent, resultsCsv, type StuckRules, withStuck } from './class-events.js';
import { fileStore } from './hub-file-store.js';
import { proxyToNpmCache } from './hub-npm-proxy.js';
import { hubAsset, hubPage } from './hub-page.js';
import { type HubStore, MAX_STUDENTS } from './hub-store.js';
import type { TarballStore } from './tarball-store.js';

export interface HubOptions {
  bind: string;
  port: number;
  /** Host names (and addresses) students and the instructor reach the hub by. */
  hosts: string[];
  code: string;
  instructorToken: string;
  /** Where the hub keeps its students, events and messages: a file, or any store (PostgreSQL). */
  file?: string;
  store?: HubStore;
  /** The instructor's checkout, served as `git archive` (tracked files only) to the class. */
  workshopDir?: string;
  stuck?: StuckRules;
  /** The course's lessons in order (their slugs): the page's student × lesson grid. */
  lessons?: readonly string[];
  /** Requests a minute per token, and joins and downloads per address (default 120). */
  perMinute?: number;
  /**
   * The room's npm cache, served under `/npm/<class code>/`: the lock files' tarballs from the hub's
   * own store, everything else from verdaccio on this loopback port.
   */
  npmCache?: { port: number; tarballs?: TarballStore };
  now?: () => number;
}

const MAX_BODY = 64 * 1024;
/** A long-poll for messages waits at most this long; at most this many wait at once. */
const MAX_WAIT_SEC = 25;
const MAX_WAITING = 2 * MAX_STUDENTS;
const RATE = { requests: 120, perMs: 60_000 };
/** One `npm ci` of the workshop asks for ~330 tarballs in seconds: a laptop's own budget for them. */
const NPM_REQUESTS_PER_MINUTE = 3000;

export const newToken = () => randomBytes(24).toString('base64url');
/** Six characters that cannot be misread aloud or on a projector (no 0/O, 1/I). */
export function newClassCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(6)].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * The workshop as `git archive` makes it: tracked files only, so never the instructor's `.env`,
 * `.ddworkshop/` or `node_modules` — one download on the room's network instead of one per laptop.
 */
function sendArchive(res: ServerResponse, dir: string): void {
  const git = spawn('git', ['-C', dir, 'archive', '--format=tar.gz', '--prefix=ddworkshop/', 'HEAD'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let started = false;
  git.stdout.once('data', () => {
    started = true;
    res.writeHead(200, {
      'content-type': 'application/gzip',
      'content-disposition': 'attachment; filename="ddworkshop.tar.gz"',
    });
  });
  git.stdout.on('data', (chunk: Buffer) => res.write(chunk));
  git.once('error', () => {
    if (!started) send(res, 404, { error: 'git is not installed on the hub’s laptop' });
  });
  git.once('close', (code) => {
    if (started) res.end();
    else send(res, 404, { error: code === 0 ? 'empty archive' : 'the hub’s folder is not a git checkout' });
  });
}

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = type === 'application/json' ? JSON.stringify(body) : String(body);
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) throw new HttpError(413, 'body too large');
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'the body is not a JSON object');
  }
}

export function hostAllowed(hostHeader: string | undefined, hosts: readonly string[]): boolean {
  if (!hostHeader) return false;
  const name = hostHeader
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  return hosts.some((h) => h.toLowerCase() === name);
}

export function createHub(options: HubOptions) {
  const now = options.now ?? Date.now;
  const store = options.store ?? fileStore(options.file);
  /** Students' requests waiting for the next message (long-poll): answered when one is posted. */
  const waiting = new Set<() => void>();
  store.onMessage(() => {
    for (const wake of [...waiting]) wake();
  });
  const hits = new Map<string, { since: number; n: number }>();

  const limited = (key: string, perMinute = options.perMinute ?? RATE.requests) => {
    const t = now();
    const h = hits.get(key);
    if (!h || t - h.since > RATE.perMs) hits.set(key, { since: t, n: 1 });
    else if (++h.n > perMinute) throw new HttpError(429, 'too many requests: slow down');
  };
  /** The class code, however it was typed (case aside): joining, the download and the npm cache need it. */
  const classCode = (code: unknown) => {
    if (typeof code !== 'string' || !same(code.toUpperCase(), options.code))
      throw new HttpError(403, 'wrong class code');
  };
  const bearer = (req: IncomingMessage) => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const studentOf = async (req: IncomingMessage): Promise<{ id: string; name: string }> => {
    const token = bearer(req);
    const found = token ? await store.studentByToken(token) : undefined;
    if (!found) throw new HttpError(401, 'a student token is needed: ddw class join');
    limited(found.id);
    return found;
  };
  const cookieToken = (req: IncomingMessage) =>
    /(?:^|;\s*)hub_token=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
  const instructor = (req: IncomingMessage, url: URL) => {
    const token = bearer(req) || url.searchParams.get('token') || cookieToken(req) || '';
    if (!token || !same(token, options.instructorToken))
      throw new HttpError(401, "the instructor's token is needed");
    limited('instructor');
  };
  const rows = async () =>
    (await store.rows()).map((row) => withStuck(row, now(), options.stuck ?? DEFAULT_STUCK));

  /** `/npm/<code>/<registry path>`: the room's npm cache, for the class only. */
  function npmCache(req: IncomingMessage, res: ServerResponse): void {
    const [, code = '', path = '/'] = /^\/npm\/([^/?]*)(.*)$/.exec(req.url ?? '') ?? [];
    limited(`npm:${req.socket.remoteAddress}`, NPM_REQUESTS_PER_MINUTE);
    classCode(code);
    const cache = options.npmCache;
    if (!cache) throw new HttpError(404, 'this hub serves no npm cache: class start --npm-cache');
    const registryPath = path.startsWith('/') ? path : `/${path}`;
    if ((req.method === 'GET' || req.method === 'HEAD') && cache.tarballs?.knows(registryPath))
      cache.tarballs.serve(req, res, registryPath);
    else proxyToNpmCache(req, res, registryPath, cache.port);
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname.startsWith('/npm/')) return npmCache(req, res);
    const at = `${req.method} ${url.pathname}`;
    switch (at) {
      case 'POST /api/join': {
        limited(`join:${req.socket.remoteAddress}`);
        const body = await readJson(req);
        classCode(body.code);
        const name =
          typeof body.name === 'string'
            ? body.name
                .replace(/[\u0000-\u001f]/g, '')
                .trim()
                .slice(0, 40)
            : '';
        if (!name) throw new HttpError(400, 'a name is needed: --name "Your name"');
        const token = newToken();
        const student = await store.join(name, token);
        if (!student) throw new HttpError(503, `the class is full (${MAX_STUDENTS} students)`);
        return send(res, 201, { student: student.id, token, name });
      }
      case 'POST /api/events': {
        const student = await studentOf(req);
        const list = (await readJson(req)).events;
        if (!Array.isArray(list) || list.length > 200)
          throw new HttpError(400, 'events: a list of at most 200');
        const events = list.map((raw) => {
          const e = parseEvent(raw);
          if (!e) throw new HttpError(400, 'an event is not one the hub knows');
          return e;
        });
        return send(res, 200, { accepted: await store.addEvents(student.id, events) });
      }
      case 'GET /api/messages': {
        await studentOf(req);
        const after = Number(url.searchParams.get('after') ?? 0) || 0;
        const fresh = () => store.messages(after);
        // `wait`: hold the request up to that many seconds (25 at most) until a message is posted.
        const waitSec = Math.min(MAX_WAIT_SEC, Math.max(0, Number(url.searchParams.get('wait')) || 0));
        const now0 = await fresh();
        if (now0.length > 0 || waitSec === 0 || waiting.size >= MAX_WAITING)
          return send(res, 200, { messages: now0 });
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            waiting.delete(done);
            resolve();
          };
          const timer = setTimeout(done, waitSec * 1000);
          waiting.add(done);
          res.once('close', done);
        });
        if (!res.writableEnded && !res.destroyed) send(res, 200, { messages: await fresh() });
        return;
      }
      case 'GET /api/state':
        instructor(req, url);
        return send(res, 200, { students: await rows(), messages: await store.messages(0), at: now() });
      case 'POST /api/broadcast': {
        instructor(req, url);
        const body = await readJson(req);
        const text =
          typeof body.text === 'string'
            ? body.text
                .replace(/[\u0000-\u0008\u000b-\u001f]/g, '')
                .trim()
                .slice(0, 500)
            : '';
        if (!text) throw new HttpError(400, 'text is needed');
        return send(res, 201, await store.post({ at: now(), text }));
      }
      case 'POST /api/drill': {
        // A drill for the room: proposed to every laptop, started on each only by its student.
        instructor(req, url);
        const name = (await readJson(req)).name;
        const drill = typeof name === 'string' ? findDrill(name) : undefined;
        if (!drill) throw new HttpError(400, 'name must be a drill of `drill list`');
        const m = await store.post({
          at: now(),
          text: `Drill for the room: ${drill.symptom} Start it when you are ready: ${cmd(`drill start ${drill.name}`)}`,
          drill: drill.name,
        });
        return send(res, 201, m);
      }
      case 'GET /results.csv':
        instructor(req, url);
        return send(res, 200, resultsCsv(await rows()), 'text/csv');
      case 'GET /results.json':
        instructor(req, url);
        return send(res, 200, { students: await rows() });
      case 'GET /':
        instructor(req, url);
        res.setHeader(
          'content-security-policy',
          "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'",
        );
        // The page's script and style carry no data, but every request needs the token: a cookie for them.
        res.setHeader(
          'set-cookie',
          `hub_token=${options.instructorToken}; HttpOnly; SameSite=Strict; Path=/`,
        );
        return send(res, 200, hubPage(DRILLS, options.lessons ?? []), 'text/html');
      case 'GET /workshop.tar.gz': {
        limited(`download:${req.socket.remoteAddress}`);
        classCode(url.searchParams.get('code') ?? '');
        if (!options.workshopDir) throw new HttpError(404, 'this hub serves no workshop');
        return sendArchive(res, options.workshopDir);
      }
      case 'GET /hub.js':
      case 'GET /hub.css': {
        instructor(req, url);
        const asset = hubAsset(url.pathname);
        return send(res, 200, asset.text, asset.type);
      }
      default:
        throw new HttpError(404, 'not found');
    }
  }

  const server: Server = createServer((req, res) => {
    if (!hostAllowed(req.headers.host, options.hosts))
      return send(res, 403, { error: 'this host name is not served' });
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://hub');
    } catch {
      return send(res, 400, { error: 'bad path' });
    }
    route(req, res, url).catch((error: unknown) => {
      if (error instanceof HttpError) send(res, error.status, { error: error.message });
      else send(res, 500, { error: 'internal error' });
    });
  });

  return {
    server,
    async listen(): Promise<number> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.bind, () => resolve());
      });
      return (server.address() as AddressInfo).port;
    },
    async close() {
      for (const wake of [...waiting]) wake();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}
