/**
 * How the student types this tool. Every "Next:" line, hint and lesson text writes commands
 * through here. `./ddw` is the workshop folder's launcher (`ddw` for sh, `ddw.cmd` for Windows):
 * it starts the CLI in about 0.2 s, where `npx ddworkshop` spends a second or more in npm before
 * our code runs — and students type it dozens of times. cmd.exe and PowerShell get `.\ddw`
 * (cmd.exe does not run `./ddw`).
 */
import { currentHost } from '../platform/host.js';
import { launcherFor, studentShell } from '../platform/shell.js';

export const SHELL = studentShell(currentHost());

export const CLI = launcherFor(SHELL);

/** `cmd('verify metrics')` -> `./ddw verify metrics`. */
export function cmd(args: string): string {
  return `${CLI} ${args}`;
}
