/**
 * The launcher (bin/ddworkshop.js) runs the bundled entry dist/cli/main.cjs when it is current and
 * the compiled ES modules otherwise; both must be the same program.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
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

describe('the launchers on every laptop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'launcher-link-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // sh and symlinks: macOS and Linux (Windows runs ddw.cmd).
  it.skipIf(process.platform === 'win32')(
    './ddw works through a symlink (e.g. ~/bin/ddw), relative or absolute',
    () => {
      execFileSync('ln', ['-s', join(repo, 'ddw'), join(dir, 'ddw-absolute')]);
      mkdirSync(join(dir, 'bin'));
      execFileSync('ln', ['-s', '../ddw-absolute', join(dir, 'bin', 'ddw')]);
      for (const link of [join(dir, 'ddw-absolute'), join(dir, 'bin', 'ddw')]) {
        const out = execFileSync('sh', [link, '--help'], { encoding: 'utf8', cwd: dir });
        expect(out).toContain('Usage: ddworkshop');
      }
    },
  );

  it('checks the Node version first, naming the version found and what to install', () => {
    const { nodeProblem, requiredRange } = require(join(repo, 'bin/check-node.cjs')) as {
      nodeProblem: (v: string, r: string | undefined) => string | undefined;
      requiredRange: () => string | undefined;
    };
    const range = requiredRange();
    expect(range).toMatch(/20\.19/);
    expect(nodeProblem(process.versions.node, range)).toBeUndefined();
    for (const old of ['18.20.4', '20.10.0', '22.1.0', '23.0.0']) {
      const problem = nodeProblem(old, range);
      expect(problem, old).toContain(`this is Node.js ${old}`);
      expect(problem).toMatch(/Install the current LTS/);
    }
    for (const ok of ['20.19.0', '22.13.0', '24.0.0', '25.2.1'])
      expect(nodeProblem(ok, range), ok).toBeUndefined();
  });
});
