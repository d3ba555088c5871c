import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cmd } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import { resolveConfig, type WorkshopConfig } from './workshop-config.js';

export interface LoadOptions {
  /** Defaults to DDWORKSHOP_DIR, else the folder holding docker-compose.yml above cwd. */
  projectDir?: string;
  offline?: boolean;
  env?: Record<string, string | undefined>;
}

/** Read `.env` (if any) and the environment into a WorkshopConfig. */
export async function loadConfig(options: LoadOptions = {}): Promise<WorkshopConfig> {
  const env = options.env ?? process.env;
  const projectDir = path.resolve(
    options.projectDir ?? env.DDWORKSHOP_DIR ?? (await findProjectDir(process.cwd())),
  );
  let envFileText: string | undefined;
  try {
    envFileText = await readFile(path.join(projectDir, '.env'), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR')
      throw new UserError(
        `${path.join(projectDir, '.env')} is a folder, not a file`,
        `Move it away (or remove it), then run \`${cmd('setup')}\` to write a new .env.`,
      );
    if (code !== 'ENOENT') throw error;
  }
  const input: Parameters<typeof resolveConfig>[0] = { projectDir, env };
  if (envFileText !== undefined) input.envFileText = envFileText;
  if (options.offline !== undefined) input.forceOffline = options.offline;
  return resolveConfig(input);
}

/** The nearest folder at or above `start` that holds docker-compose.yml; else `start`. */
export async function findProjectDir(start: string): Promise<string> {
  const { access } = await import('node:fs/promises');
  let dir = path.resolve(start);
  for (;;) {
    try {
      await access(path.join(dir, 'docker-compose.yml'));
      return dir;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return path.resolve(start);
      dir = parent;
    }
  }
}
