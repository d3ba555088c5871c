import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { reportFailure } from '../ui/report-failure.js';
import { diskFinding, envPermissionFinding } from './run-doctor.js';

describe('the .env permission finding', () => {
  it('warns about a readable .env on Linux and macOS, with chmod', () => {
    for (const os of ['linux', 'darwin'] as const) {
      expect(envPermissionFinding(os, 0o644, '/w/.env')).toMatchObject({
        level: 'warn',
        remedy: 'chmod 600 /w/.env',
      });
      expect(envPermissionFinding(os, 0o600, '/w/.env')).toBeUndefined();
    }
  });

  it('on Windows (every file reads as 0666) says what protects it instead of an impossible chmod', () => {
    const finding = envPermissionFinding('win32', 0o666, 'C:\\w\\.env');
    expect(finding?.level).toBe('ok');
    expect(finding?.detail).toMatch(/access list/);
    expect(finding?.remedy).toBeUndefined();
  });
});

describe('reportFailure for a protected folder', () => {
  it('names the folder and what to do, not "bug"', () => {
    let out = '';
    const stream = new Writable({
      write(chunk, _enc, done) {
        out += chunk;
        done();
      },
    });
    const error = Object.assign(
      new Error("EPERM: operation not permitted, open '/Users/ana/Desktop/w/.ddworkshop/x'"),
      {
        code: 'EPERM',
        path: '/Users/ana/Desktop/w/.ddworkshop/x',
      },
    );
    expect(reportFailure(error, stream)).toBe(1);
    expect(out).toContain('/Users/ana/Desktop/w/.ddworkshop/x');
    expect(out).not.toMatch(/bug/);
  });
});

describe('the disk finding', () => {
  it('looks at the workshop’s own folder and fails when the database cannot write', () => {
    expect(diskFinding(50 * 1024 ** 2, '/w/.ddworkshop')).toMatchObject({
      level: 'fail',
      detail: expect.stringContaining('/w/.ddworkshop'),
    });
    expect(diskFinding(1024 ** 3, '/w')).toMatchObject({ level: 'warn' });
    expect(diskFinding(70 * 1024 ** 3, '/w')).toMatchObject({ level: 'ok', detail: '70.0 GB free in /w' });
  });
});
