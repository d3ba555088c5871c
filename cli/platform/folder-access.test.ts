import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderAdvice, isAccessDenied, probeWritable } from './folder-access.js';

describe('folderAdvice', () => {
  it.each([
    ['darwin', 'EPERM', /Privacy & Security → Files and Folders/],
    ['win32', 'EPERM', /Ransomware protection → Allow an app/],
    ['linux', 'EACCES', /chown/],
    ['darwin', 'EROFS', /folder of your own/],
  ] as const)('%s %s names the folder and what to do', (os, code, next) => {
    const advice = folderAdvice(os, '/Users/ana/Desktop/workshop', code);
    expect(advice.message).toContain('/Users/ana/Desktop/workshop');
    expect(advice.message).toContain(code);
    expect(advice.next).toMatch(next);
  });

  it('recognises the errors a protected folder gives', () => {
    expect(isAccessDenied(Object.assign(new Error('x'), { code: 'EPERM' }))).toBe(true);
    expect(isAccessDenied(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
    expect(isAccessDenied(undefined)).toBe(false);
  });
});

describe('probeWritable', () => {
  it('is undefined for a folder we can write, the error code for one we cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddw-probe-'));
    expect(probeWritable(dir)).toBeUndefined();
    // Not made yet: the folder above it decides (doctor before the first setup).
    expect(probeWritable(join(dir, '.ddworkshop', 'local'))).toBeUndefined();
    // A read-only mount answers EROFS whoever asks; a file where the folder should be, ENOTDIR.
    expect(probeWritable('/proc/ddworkshop')).toMatch(/^E/);
    chmodSync(dir, 0o500);
    if (process.getuid?.() !== 0) expect(probeWritable(dir)).toBe('EACCES');
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  });
});
