/** How lessons reach the running stack: restart the webapp after a code change, read `agent status`. */

import { agentService } from '../agent/run-agent.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import { stackContext } from '../stack/stack-context.js';

/** Docker: rebuild the image and recreate the container; local: recompile and restart. */
export async function reloadWebapp(config: WorkshopConfig, log: (line: string) => void): Promise<void> {
  const ctx = await stackContext({ offline: config.mode === 'offline' });
  log(`Restarting the webapp (${ctx.runtime.kind} runtime)…`);
  await ctx.runtime.reload(ctx.model, 'webapp', {
    onProgress: (e) => {
      if (e.phase !== 'build') log(`${e.service}: ${e.message}`);
    },
  });
  log('The webapp runs your new code.');
}

export function agentStatusProbe(config: WorkshopConfig): () => Promise<string> {
  return async () => {
    const ctx = await stackContext({ offline: config.mode === 'offline' });
    const result = await ctx.runtime.exec(ctx.model, agentService(ctx.model.services), ['agent', 'status']);
    if (result.exitCode !== 0)
      throw new Error(`agent status failed: ${(result.stderr || result.stdout).trim().slice(0, 200)}`);
    return result.stdout;
  };
}
