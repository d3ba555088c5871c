/**
 * Log lines written while the collector is down are read when it is back, as the agent's
 * registry keeps where it stopped; a partial line is read whole; a file never seen starts at its end.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type TailedFile, tailFiles } from '../../../intake/src/logs/tail-files.js';
import { waitUntil } from '../../support/wait-until.js';

const dir = mkdtempSync(join(tmpdir(), 'ddw-tail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the log tailer’s registry', () => {
  it('reads the 20 lines written while it was stopped, once', async () => {
    const file: TailedFile = { path: join(dir, 'webapp.log'), service: 'webapp', source: 'nodejs' };
    const registry = join(dir, 'registry.json');
    writeFileSync(file.path, 'old line before the first start\n');
    const seen: string[] = [];
    const first = tailFiles([file], (_f, line) => seen.push(line), 50, registry);
    await first.ready;
    appendFileSync(file.path, 'line a\nhalf of a li');
    await waitUntil(
      () => seen.length,
      (n) => n === 1,
      'line a',
    );
    // A poll writes the registry: wait until it holds where line a ended (the half line is not read).
    const readUpTo = Buffer.byteLength('old line before the first start\nline a\n');
    await waitUntil(
      () => {
        try {
          return (JSON.parse(readFileSync(registry, 'utf8')) as Record<string, { offset: number }>)[file.path]
            ?.offset;
        } catch {
          return undefined;
        }
      },
      (offset) => offset === readUpTo,
      'the registry to record where line a ended',
    );
    first.stop();

    // The collector is down: the webapp goes on writing.
    appendFileSync(file.path, 'ne\n');
    for (let i = 0; i < 20; i++) appendFileSync(file.path, `while down ${i}\n`);

    const second = tailFiles([file], (_f, line) => seen.push(line), 50, registry);
    await waitUntil(
      () => seen.length,
      (n) => n === 22,
      'the lines written while down',
    );
    second.stop();
    expect(seen[0]).toBe('line a');
    expect(seen[1]).toBe('half of a line');
    expect(seen.slice(2)).toEqual(Array.from({ length: 20 }, (_, i) => `while down ${i}`));
    expect(seen).not.toContain('old line before the first start');
  });

  it('without a registry (or a file it never saw) starts at the end', async () => {
    const file: TailedFile = { path: join(dir, 'other.log'), service: 'x', source: 'y' };
    writeFileSync(file.path, 'before\n');
    const seen: string[] = [];
    const t = tailFiles([file], (_f, line) => seen.push(line), 50, join(dir, 'registry.json'));
    await t.ready;
    appendFileSync(file.path, 'after\n');
    await waitUntil(
      () => seen.length,
      (n) => n === 1,
      'after',
    );
    t.stop();
    expect(seen).toEqual(['after']);
  });
});
