/**
 * Ctrl-C and SIGTERM for long commands: the first one aborts `signal`, so the command stops,
 * prints what it knows so far and exits 130 (143 for SIGTERM); a second one exits at once.
 * Nothing here reads stdin: a spinner must never stand between the student and Ctrl-C.
 */
export interface Interrupt {
  signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM, undefined while neither came. */
  exitCode(): number | undefined;
  dispose(): void;
}

const CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export function onInterrupt(): Interrupt {
  const controller = new AbortController();
  let code: number | undefined;
  const handler = (name: keyof typeof CODES) => {
    if (code !== undefined) process.exit(code);
    code = CODES[name];
    controller.abort(new Error(`stopped by ${name}`));
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/** A terminal that can take cursor movement: a TTY with a width (a zero-size one cannot). */
export function isLiveTerminal(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && (stream.columns ?? 0) > 0;
}
