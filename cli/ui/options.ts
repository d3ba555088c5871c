/**
 * Every option value the CLI takes is parsed here, through commander's `argParser`, so a bad
 * value is one line and exit 1 before any work starts (`error: option '--since <duration>'
 * argument 'abc' is invalid. …`), and actions receive numbers, never strings.
 */
import { InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '../util/duration.js';

export function durationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0 || ms > 7 * 86_400_000)
    throw new InvalidArgumentError('Give a duration like 30s, 5m or 1h (or plain seconds).');
  return ms;
}

export function port(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > 65_535)
    throw new InvalidArgumentError('Give a port number from 1 to 65535.');
  return n;
}

export function positiveInt(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('Give a whole number of 1 or more.');
  return n;
}

export function positiveNumber(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('Give a number above 0.');
  return n;
}

export function wholeNumber(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('Give a whole number (0 or more).');
  return n;
}

/** `--since <duration>` and its kin, default shown in help as written. */
export function durationOption(flags: string, description: string, defaultText?: string): Option {
  const option = new Option(flags, description).argParser(durationMs);
  return defaultText === undefined ? option : option.default(durationMs(defaultText), defaultText);
}

export function runtimeOption(description = 'docker or local'): Option {
  return new Option('--runtime <kind>', description).choices(['docker', 'local']);
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
