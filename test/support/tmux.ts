/** A program in a real terminal: tmux runs it, send-keys types, capture-pane reads the screen. */
import { execFileSync } from 'node:child_process';
import { waitUntil } from './wait-until.js';

export const hasTmux = (() => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

export interface Terminal {
  keys(...keys: string[]): void;
  screen(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  close(): void;
}

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });

/** Starts `command` (a shell line) in a new detached session of the given size. */
export function openTerminal(name: string, command: string, { width = 140, height = 60 } = {}): Terminal {
  const session = `${name}-${process.pid}`;
  tmux('new-session', '-d', '-s', session, '-x', String(width), '-y', String(height), command);
  const screen = () => tmux('capture-pane', '-p', '-t', session, '-S', '-200');
  return {
    keys: (...keys) => void tmux('send-keys', '-t', session, ...keys),
    screen,
    async waitFor(pattern, timeoutMs = 20_000) {
      let last = '';
      try {
        return await waitUntil(
          () => {
            last = screen();
            return last;
          },
          (text) => pattern.test(text),
          `the screen to match ${pattern}`,
          { timeoutMs, intervalMs: 150 },
        );
      } catch {
        throw new Error(`screen never matched ${pattern}:\n${last}`);
      }
    },
    close() {
      try {
        tmux('kill-session', '-t', session);
      } catch {}
    },
  };
}
