import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { reportFailure } from '../ui/report-failure.js';
import { redact, redactUrlPassword } from './redact.js';
import { UserError } from './user-error.js';

const KEY = 'fake-test-key-not-a-real-one-cdef';

describe('redact', () => {
  it('masks every occurrence of a secret and keeps the rest', () => {
    expect(redact(`key=${KEY} again ${KEY}.`, [KEY])).toBe('key=****cdef again ****cdef.');
  });
  it('ignores missing and too-short secrets', () => {
    expect(redact('abc def', [undefined, 'abc'])).toBe('abc def');
  });
});

describe('reportFailure', () => {
  const saved = process.env.DD_API_KEY;
  afterEach(() => {
    process.env.DD_API_KEY = saved;
  });

  function capture(error: unknown): { code: number; text: string } {
    const out = new PassThrough();
    const code = reportFailure(error, out);
    return { code, text: out.read()?.toString() ?? '' };
  }

  it('prints a user error as what + next step, with its exit code', () => {
    const { code, text } = capture(new UserError('no webapp at :3001', 'run `ddworkshop setup`', 3));
    expect(code).toBe(3);
    expect(text).toBe('✖ no webapp at :3001\n  → run `ddworkshop setup`\n');
  });

  it('never prints the API key, even in a bug report', () => {
    process.env.DD_API_KEY = KEY;
    const { code, text } = capture(new Error(`request failed with header DD-API-KEY: ${KEY}`));
    expect(code).toBe(1);
    expect(text).not.toContain(KEY);
    expect(text).toContain('****cdef');
  });
  it('masks a URL’s password, and only that', () => {
    expect(redactUrlPassword('postgres://hub:s3cret-pass@db.example:5432/class')).toBe(
      'postgres://hub:****@db.example:5432/class',
    );
    expect(redactUrlPassword('postgres://db.example/class')).toBe('postgres://db.example/class');
  });
});
