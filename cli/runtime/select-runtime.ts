/**
 * Docker when an engine answers (or when asked for), else local processes. The choice is
 * remembered in `.ddworkshop/runtime` so `down` and `status` talk to what `setup` started.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../base/user-error.js';
import type { Runtime, RuntimeKind } from './runtime.js';

export interface SelectOptions {
  runtime?: RuntimeKind;
  stateDir: string;
  projectDir: string;
  /** Told when falling back to the local runtime. */
  notice?: (line: string) => void;
}

export function rememberedRuntime(stateDir: string): RuntimeKind | undefined {
  const file = join(stateDir, 'runtime');
  if (!existsSync(file)) return undefined;
  const kind = readFileSync(file, 'utf8').trim();
  return kind === 'docker' || kind === 'local' ? kind : undefined;
}

export async function rememberRuntime(stateDir: string, kind: RuntimeKind): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  await writeFile(join(stateDir, 'runtime'), `${kind}\n`);
}

export async function selectRuntime(options: SelectOptions): Promise<Runtime> {
  const wanted = options.runtime ?? rememberedRuntime(options.stateDir);
  if (wanted !== 'local') {
    const { connectDocker } = await import('../docker/docker-runtime.js');
    const docker = await connectDocker();
    if (docker.ok) return docker.runtime;
    if (wanted === 'docker') throw new UserError(`Docker is not available: ${docker.reason}`, docker.next);
    options.notice?.(`No Docker engine (${docker.reason}): running the stack as local processes.`);
  }
  const { LocalRuntime } = await import('../local/local-runtime.js');
  return new LocalRuntime(options.stateDir, options.projectDir);
}
