/** How lessons reach the running stack: restart the webapp after a code change, read `agent status`. */
import type { WorkshopConfig } from '../config/workshop-config.js';

export async function reloadWebapp(_config: WorkshopConfig, log: (line: string) => void): Promise<void> {
  log('Restart the webapp to load the change: ddworkshop up --build');
}

export function agentStatusProbe(_config: WorkshopConfig): (() => Promise<string>) | undefined {
  return undefined;
}
