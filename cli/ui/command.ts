/**
 * How the student types this tool. Every "Next:" line, hint and lesson text writes commands
 * through here, so they show a command that works from the workshop folder (`ddworkshop`
 * alone is not on PATH after `npm ci`).
 */
export const CLI = 'npx ddworkshop';

/** `cmd('verify metrics')` -> `npx ddworkshop verify metrics`. */
export function cmd(args: string): string {
  return `${CLI} ${args}`;
}
