/** What every stack command needs: the config, the compose model for the mode, and the runtime. */

import { UserError } from '../base/user-error.js';
import { loadProject } from '../compose/load-project.js';
import type { ProjectModel } from '../compose/model.js';
import { loadConfig } from '../config/load-config.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import type { Runtime, RuntimeKind } from '../runtime/runtime.js';
import { selectRuntime } from '../runtime/select-runtime.js';

export interface StackOptions {
  offline?: boolean;
  /** Checked by commander (`--runtime` takes docker or local only). */
  runtime?: RuntimeKind;
  json?: boolean;
}

export interface StackContext {
  config: WorkshopConfig;
  model: ProjectModel;
  runtime: Runtime;
}

export function profileFor(config: WorkshopConfig): string {
  return config.mode === 'offline' ? 'offline' : 'datadog';
}

export async function stackContext(
  options: StackOptions,
  notice: (line: string) => void = () => {},
): Promise<StackContext> {
  const config = await loadConfig(options.offline ? { offline: true } : {});
  // docker-compose.yml reads these variables too: name the file that is wrong, not the compose file.
  if (config.badPorts.length)
    throw new UserError(
      `${config.badPorts.join(', ')}: not a port number (from .env or the environment)`,
      `Set ${config.badPorts.length > 1 ? 'them' : 'it'} to a free port from 1 to 65535 in .env, or remove the line to use the default.`,
    );
  const env: Record<string, string | undefined> = { ...config.vars };
  const model = await loadProject({ projectDir: config.projectDir, profiles: [profileFor(config)], env });
  const runtime = await selectRuntime({
    runtime: options.runtime,
    stateDir: config.stateDir,
    projectDir: config.projectDir,
    notice,
  });
  return { config, model, runtime };
}

/** The stack's agent service: the local intake offline, Datadog's agent otherwise. */
export function agentService(services: Record<string, unknown>): string {
  if (services.intake) return 'intake';
  if (services.datadog) return 'datadog';
  throw new UserError(
    'The stack has no agent service',
    'Check docker-compose.yml (services datadog or intake).',
  );
}
