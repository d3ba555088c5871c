import { afterEach, describe, expect, it } from 'vitest';
import { type Interrupt, onInterrupt } from './interrupt.js';

let interrupt: Interrupt | undefined;
afterEach(() => interrupt?.dispose());

describe('onInterrupt', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s aborts the command and sets exit code %i', (signal, code) => {
    interrupt = onInterrupt();
    expect(interrupt.signal.aborted).toBe(false);
    process.emit(signal, signal);
    expect(interrupt.signal.aborted).toBe(true);
    expect(interrupt.exitCode()).toBe(code);
  });

  it('stops listening once disposed', () => {
    const before = process.listenerCount('SIGHUP');
    const i = onInterrupt();
    expect(process.listenerCount('SIGHUP')).toBe(before + 1);
    i.dispose();
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });
});
