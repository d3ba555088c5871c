/**
 * The room's tarballs, kept by the hub itself: every tarball the workshop's lock files name, fetched
 * from the uplink once (however many students ask at the same moment), checked against the lock
 * file's integrity and kept as a file. `npm ci` asks for nothing but tarballs when the lock carries
 * their URLs, so a room installs on exactly one install's bytes; verdaccio, which must fetch a
 * package's metadata before it can serve a tarball (1.57× one install's bytes here, measured by
 * bench:class-install before this store), answers the rest — metadata, and tarballs no lock file
 * names. Also the warm that fills the store before class.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EnvHttpProxyAgent, request } from 'undici';
import { strongestHash } from './npm-cache-plan.js';

export interface TarballStore {
  /** Whether a registry path (`/@scope/name/-/name-1.0.0.tgz`) is one of the lock files' tarballs. */
  knows(path: string): boolean;
  /** The tarball's file, fetched from the uplink first when it is not kept yet. */
  file(path: string, signal?: AbortSignal): Promise<string>;
  /** Answers a student's GET or HEAD of a known tarball. */
  serve(req: IncomingMessage, res: ServerResponse, path: string): void;
}

const isFile = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

export function createTarballStore(options: {
  /** Where the tarballs are kept, under their registry paths. */
  dir: string;
  /** The registry to fetch from (the public one, or the instructor's mirror). */
  uplink: string;
  /** Registry path → the lock file's integrity. */
  tarballs: ReadonlyMap<string, string>;
}): TarballStore {
  const base = options.uplink.endsWith('/') ? options.uplink : `${options.uplink}/`;
  // HTTPS_PROXY and NO_PROXY, as npm and verdaccio honour them on a network that needs a proxy.
  const dispatcher = new EnvHttpProxyAgent();
  const pending = new Map<string, Promise<string>>();
  const fileOf = (path: string) => join(options.dir, ...path.split('/').filter(Boolean));

  async function download(path: string, signal?: AbortSignal): Promise<string> {
    const file = fileOf(path);
    if (await isFile(file)) return file;
    const expected = strongestHash(options.tarballs.get(path) ?? '');
    if (!expected) throw new Error(`the lock files give ${path} no integrity to check it by`);
    const res = await request(new URL(path.slice(1), base), {
      dispatcher,
      ...(signal ? { signal } : {}),
    }).catch((error: Error) => {
      throw signal?.aborted ? error : new Error(`the registry (${base}) cannot be reached`);
    });
    if (res.statusCode !== 200) {
      res.body.resume();
      throw new Error(`the registry answered ${res.statusCode} for ${path}`);
    }
    await mkdir(dirname(file), { recursive: true });
    // Hashed as it is written, aside, then renamed: no whole tarball in memory, and a hub stopped
    // mid-write, or a tarball that is not the lock file's, never leaves a file to serve.
    const part = `${file}.${process.pid}.part`;
    const hash = createHash(expected.algorithm);
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(res.body, hashing, createWriteStream(part));
      if (hash.digest('base64') !== expected.digest)
        throw new Error(`${path} from the registry does not match the lock file's integrity`);
      await rename(part, file);
    } catch (error) {
      await rm(part, { force: true });
      throw error;
    }
    return file;
  }

  function file(path: string, signal?: AbortSignal): Promise<string> {
    let once = pending.get(path);
    if (!once) {
      once = download(path, signal).finally(() => pending.delete(path));
      pending.set(path, once);
    }
    return once;
  }

  async function send(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    let found: string;
    try {
      found = await file(path);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `not in the room's npm cache yet, and ${(error as Error).message}` }));
      return;
    }
    const { size } = await stat(found);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(found);
    stream.once('error', () => res.destroy());
    stream.pipe(res);
  }

  function serve(req: IncomingMessage, res: ServerResponse, path: string): void {
    send(req, res, path).catch(() => res.destroy());
  }

  return { knows: (path) => options.tarballs.has(path), file, serve };
}

export interface Warmed {
  ready: number;
  failed: string[];
}

/**
 * Fetches every tarball of the students' installs that is not kept yet, eight at a time, while the
 * instructor's laptop is online rather than by the first student in class. Run at every start, it
 * also says whether all of them are there.
 */
export async function warmTarballs(
  store: Pick<TarballStore, 'file'>,
  paths: readonly string[],
  onProgress: (done: number) => void,
  stop?: AbortSignal,
): Promise<Warmed> {
  const result: Warmed = { ready: 0, failed: [] };
  let next = 0;
  const one = async (path: string) => {
    try {
      const timeout = AbortSignal.timeout(120_000);
      await store.file(path, stop ? AbortSignal.any([stop, timeout]) : timeout);
      result.ready++;
    } catch {
      result.failed.push(path);
    }
    onProgress(result.ready + result.failed.length);
  };
  const worker = async () => {
    while (next < paths.length && !stop?.aborted) await one(paths[next++] as string);
  };
  await Promise.all(Array.from({ length: Math.min(8, paths.length) }, worker));
  return result;
}
