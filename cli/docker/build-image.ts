/**
 * Builds a service's image: a tar of the context that honours .dockerignore, streamed build
 * output, and the failing step shown when it fails (dockerode does not fail on build errors).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import dockerignoreModule from '@balena/dockerignore';
import type Docker from 'dockerode';
import { pack } from 'tar-fs';
import { UserError } from '../base/user-error.js';
import type { BuildSpec } from '../compose/model.js';
import { tarModes } from './tar-modes.js';

interface BuildEvent {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

// The package is CommonJS with an ESM-style default in its types.
type IgnoreFactory = (options?: { ignorecase?: boolean }) => {
  add(rules: string[]): { ignores(path: string): boolean };
};
const dockerignore = ((dockerignoreModule as unknown as { default?: IgnoreFactory }).default ??
  dockerignoreModule) as unknown as IgnoreFactory;

export function contextFilter(context: string): (path: string) => boolean {
  const file = `${context}/.dockerignore`;
  const rules = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const ig = dockerignore({ ignorecase: false }).add(rules.split('\n'));
  return (path) => {
    const rel = relative(context, path);
    return rel !== '' && ig.ignores(rel);
  };
}

/** The label an image carries with the digest of what it was built from. */
export const CONTEXT_DIGEST_LABEL = 'ddworkshop.context-digest';

/**
 * A digest of what a build would send — every file of the context .dockerignore keeps, the
 * Dockerfile, the build args and target — so `up` rebuilds an image whose sources changed
 * (a workshop update, a lesson's edit) instead of running a stale one.
 */
export async function contextDigest(spec: BuildSpec): Promise<string> {
  const context = realpathSync(spec.context);
  const ignored = contextFilter(context);
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ dockerfile: spec.dockerfile, args: spec.args, target: spec.target }));
  const files: string[] = [];
  // Ignored folders (node_modules, dist) are never walked into.
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (ignored(path)) continue;
      if (e.isDirectory()) await walk(path);
      else if (e.isFile()) files.push(path);
    }
  };
  await walk(context);
  files.sort();
  for (const file of files) {
    hash.update(relative(context, file).split(sep).join('/'));
    hash.update('\0');
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}

export async function buildImage(
  docker: Docker,
  spec: BuildSpec,
  tag: string,
  onLine: (line: string) => void,
  labels: Record<string, string> = {},
  os: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  if (!existsSync(spec.context)) throw new UserError(`The build context ${spec.context} does not exist`);
  // A context that is itself a symlink is followed, as the docker CLI does (tar-fs would pack the link).
  const context = realpathSync(spec.context);
  const map = tarModes(os);
  const tar = pack(context, { ignore: contextFilter(context), ...(map ? { map } : {}) });
  const stream: NodeJS.ReadableStream = await docker.buildImage(tar as unknown as NodeJS.ReadableStream, {
    t: tag,
    dockerfile: spec.dockerfile,
    buildargs: spec.args,
    ...(spec.target ? { target: spec.target } : {}),
    rm: true,
    forcerm: true,
    labels,
  });
  const lines: string[] = [];
  let failure: string | undefined;
  let imageId: string | undefined;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error) => (error ? reject(error) : resolve()),
      (event: BuildEvent) => {
        if (event.error) failure = event.errorDetail?.message ?? event.error;
        if (event.aux?.ID) imageId = event.aux.ID;
        for (const line of (event.stream ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
          const text = line.trimEnd();
          if (!text) continue;
          lines.push(text);
          onLine(text);
        }
      },
    );
  });
  if (failure) {
    const step = [...lines].reverse().find((l) => /^Step \d+\/\d+ :/.test(l) || /^#\d+ \[/.test(l));
    throw new UserError(
      `Building ${tag} failed${step ? ` at ${step}` : ''}:\n  ${failure}\n${lines
        .slice(-8)
        .map((l) => `  | ${l}`)
        .join('\n')}`,
      'Fix the Dockerfile or the code it builds, then run again.',
    );
  }
  return imageId;
}

export async function pullImage(
  docker: Docker,
  image: string,
  onProgress: (message: string, fraction?: number) => void,
): Promise<void> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.pull(image);
  } catch (error) {
    throw new UserError(
      `Cannot pull ${image}: ${(error as Error).message.split('\n')[0]}`,
      'No registry reachable? Build or load the image locally and point the stack at it with POSTGRES_IMAGE, DD_AGENT_IMAGE or NODE_IMAGE in .env.',
    );
  }
  const layers = new Map<string, { current: number; total: number }>();
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error) => (error ? reject(error) : resolve()),
      (event: {
        id?: string;
        status?: string;
        progressDetail?: { current?: number; total?: number };
        error?: string;
      }) => {
        if (event.error) reject(new UserError(`Cannot pull ${image}: ${event.error}`));
        if (event.id && event.progressDetail?.total)
          layers.set(event.id, {
            current: event.progressDetail.current ?? 0,
            total: event.progressDetail.total,
          });
        const total = [...layers.values()].reduce((n, l) => n + l.total, 0);
        const done = [...layers.values()].reduce((n, l) => n + l.current, 0);
        onProgress(
          `pulling ${image}: ${layers.size} layers${total ? ` ${Math.round((done / total) * 100)}%` : ''}`,
          total ? done / total : undefined,
        );
      },
    );
  });
}
