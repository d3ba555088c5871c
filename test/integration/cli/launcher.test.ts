/**
 * The launcher (bin/ddworkshop.js) runs the bundled entry dist/cli/main.cjs when it is current and
 * the compiled ES modules otherwise; both must be the same program.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../../..');
const node = (args: string[], cwd = repo) =>
  execFileSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('the bundled entry', () => {
  it('prints the same help as the ES modules, for the program and a command', () => {
    for (const args of [['--help'], ['verify', '--help'], ['lesson', '--help']]) {
      const bundled = node([join(repo, 'dist/cli/main.cjs'), ...args]);
      expect(bundled).toContain('Usage: ddworkshop');
      expect(bundled).toBe(node([join(repo, 'dist/cli/main.js'), ...args]));
    }
  });

  it('leaves each command’s work lazy: the modules are imported from dist/cli when it runs', () => {
    // `lesson list` imports its action, which reads lessons/: through the bundle's import().
    const out = node([join(repo, 'bin/ddworkshop.js'), '-C', repo, 'lesson', 'list']);
    expect(out).toMatch(/01-/);
  });

  it('reports a command’s UserError as one, though its class comes from a module the bundle also holds', () => {
    const run = spawnSync(
      process.execPath,
      [join(repo, 'bin/ddworkshop.js'), '-C', repo, 'lesson', 'show', '999'],
      {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('✖ No lesson "999"');
    expect(run.stderr).toContain('→ Pick one of:');
    expect(run.stderr).not.toContain('unexpected error');
  });
});

describe('the launcher chooses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'launcher-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A stand-in build: each entry says which one ran.
  mkdirSync(join(dir, 'dist/cli/verify'), { recursive: true });
  cpSync(join(repo, 'bin'), join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'dist/cli/main.js'), "console.log('modules');\n");
  writeFileSync(join(dir, 'dist/cli/verify/commands.js'), 'export {};\n');
  writeFileSync(join(dir, 'dist/cli/main.cjs'), "console.log('bundle');\n");
  writeFileSync(
    join(dir, 'dist/cli/main.bundle.json'),
    JSON.stringify({ inputs: ['main.js', 'verify/commands.js'] }),
  );
  const run = () => node([join(dir, 'bin/ddworkshop.js')], dir).trim();
  const at = (file: string, seconds: number) => utimesSync(join(dir, 'dist/cli', file), seconds, seconds);

  it('the bundle when it is as new as every file it was made from', () => {
    at('main.js', 1000);
    at('verify/commands.js', 1000);
    at('main.cjs', 2000);
    expect(run()).toBe('bundle');
  });

  it('the modules when one of those files is newer (a `tsc -b` after the build)', () => {
    at('verify/commands.js', 3000);
    expect(run()).toBe('modules');
  });

  it('the modules when the bundle’s list is missing or unreadable', () => {
    at('verify/commands.js', 1000);
    writeFileSync(join(dir, 'dist/cli/main.bundle.json'), '{not json');
    expect(run()).toBe('modules');
  });
});
