/**
 * Ctrl-C, SIGTERM and SIGHUP (the terminal closed) for long commands: the first one aborts
 * `signal`, so the command stops, cleans up what it started and exits 130 (143 for SIGTERM, 129
 * for SIGHUP); a second one exits at once. Windows raises SIGHUP when the console window closes.
 * Nothing here reads stdin: a spinner must never stand between the student and Ctrl-C.
 */
export interface Interrupt {
  signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP, undefined while none came. */
  exitCode(): number | undefined;
  dispose(): void;
}

const CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
const SIGNALS = Object.keys(CODES) as Array<keyof typeof CODES>;

export function onInterrupt(): Interrupt {
  const controller = new AbortController();
  let code: number | undefined;
  const handler = (name: keyof typeof CODES) => {
    if (code !== undefined) process.exit(code);
    code = CODES[name];
    controller.abort(new Error(`stopped by ${name}`));
  };
  const listeners = SIGNALS.map((name) => [name, () => handler(name)] as const);
  for (const [name, listener] of listeners) process.on(name, listener);
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose() {
      for (const [name, listener] of listeners) process.off(name, listener);
    },
  };
}

/** A terminal that can take cursor movement: a TTY with a width (a zero-size one cannot). */
export function isLiveTerminal(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && (stream.columns ?? 0) > 0;
}
