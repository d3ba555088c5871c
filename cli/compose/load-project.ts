/** Reads docker-compose.yml and `.env` from the project folder into the model (the edge of compose/). */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLI } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import { parseEnvFile } from '../config/env-file.js';
import { buildModel } from './build-model.js';
import { ComposeError } from './compose-error.js';
import type { ProjectModel } from './model.js';

export interface LoadProjectOptions {
  projectDir: string;
  profiles: string[];
  /** Variables; default: `.env` overlaid by process.env, as docker compose does. */
  env?: Record<string, string | undefined>;
  file?: string;
  projectName?: string;
}

export async function loadProject(options: LoadProjectOptions): Promise<ProjectModel> {
  const file = options.file ?? 'docker-compose.yml';
  const path = join(options.projectDir, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(
      `No ${file} in ${options.projectDir}`,
      `Run ${CLI} from the workshop folder, or pass -C <folder>.`,
    );
  }
  let env = options.env;
  if (!env) {
    const envPath = join(options.projectDir, '.env');
    const fileVars = existsSync(envPath) ? parseEnvFile(readFileSync(envPath, 'utf8')).values : {};
    env = { ...fileVars, ...process.env };
  }
  try {
    return buildModel(
      text,
      {
        file,
        projectDir: options.projectDir,
        env,
        profiles: options.profiles,
        projectName: options.projectName ?? env.COMPOSE_PROJECT_NAME,
      },
      (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
    );
  } catch (error) {
    if (error instanceof ComposeError)
      throw new UserError(
        error.message,
        `Fix ${file} (docker compose config shows what Docker's own tool makes of it).`,
      );
    throw error;
  }
}
