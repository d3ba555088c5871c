/** How lessons reach the running stack: restart the webapp after a code change, read `agent status`. */

import type { WorkshopConfig } from '../config/workshop-config.js';
import { agentService, type StackContext, stackContext } from '../stack/stack-context.js';

/**
 * One stack context per process and mode: `learn` reloads on every save, and finding the runtime
 * (a Docker ping) and reading the compose file each time cost a few hundred milliseconds.
 */
const contexts = new Map<string, Promise<StackContext>>();
function contextFor(config: WorkshopConfig): Promise<StackContext> {
  const key = `${config.projectDir}\u0000${config.mode}`;
  let found = contexts.get(key);
  if (!found) {
    found = stackContext({ offline: config.mode === 'offline' });
    found.catch(() => contexts.delete(key));
    contexts.set(key, found);
  }
  return found;
}

/**
 * Docker: rebuild the image and recreate the container; local: recompile and restart. With
 * `onTypeCheck` (learn), the local runtime restarts on transpiled code and type-checks alongside.
 */
export async function reloadWebapp(
  config: WorkshopConfig,
  log: (line: string) => void,
  onTypeCheck?: (errors: string | undefined) => void,
): Promise<void> {
  const ctx = await contextFor(config);
  log(`Restarting the webapp (${ctx.runtime.kind} runtime)…`);
  await ctx.runtime.reload(ctx.model, 'webapp', {
    onProgress: (e) => {
      if (e.phase !== 'build') log(`${e.service}: ${e.message}`);
    },
    ...(onTypeCheck ? { onTypeCheck } : {}),
  });
  log('The webapp runs your new code.');
}

export function agentStatusProbe(config: WorkshopConfig): () => Promise<string> {
  return async () => {
    const ctx = await contextFor(config);
    const result = await ctx.runtime.exec(ctx.model, agentService(ctx.model.services), ['agent', 'status']);
    if (result.exitCode !== 0)
      throw new Error(`agent status failed: ${(result.stderr || result.stdout).trim().slice(0, 200)}`);
    return result.stdout;
  };
}
