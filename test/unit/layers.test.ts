/**
 * The layers hold (.dependency-cruiser.cjs): no import climbs — errors and the command name sit
 * in cli/base, the presentation above the runtimes, stores and queries below the intake's HTTP
 * layer, the wire contracts under all — and no module cycle. Runs the real dependency-cruiser over
 * cli/, intake/src/ and intake/contracts/src/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');

function cruise(cwd: string, ...paths: string[]): { code: number; output: string } {
  try {
    const output = execFileSync(
      process.execPath,
      [
        join(repo, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
        ...paths,
        '--config',
        join(repo, '.dependency-cruiser.cjs'),
      ],
      { cwd, encoding: 'utf8', stdio: 'pipe' },
    );
    return { code: 0, output };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

describe('the layers', () => {
  it('hold: no import climbs, no cycle', () => {
    const { code, output } = cruise(repo, 'cli', 'intake/src', 'intake/contracts/src');
    expect(output).toContain('no dependency violations found');
    expect(code).toBe(0);
  }, 60_000);

  it('are checked: an import that climbs is named', () => {
    // A runtime importing the presentation, in a scratch tree cruised with the same rules.
    const dir = mkdtempSync(join(tmpdir(), 'ddw-layers-'));
    try {
      mkdirSync(join(dir, 'cli/runtime'), { recursive: true });
      mkdirSync(join(dir, 'cli/ui'), { recursive: true });
      writeFileSync(join(dir, 'cli/ui/spinner.ts'), 'export const spin = 1;\n');
      writeFileSync(
        join(dir, 'cli/runtime/up.ts'),
        "import { spin } from '../ui/spinner.js';\nexport const up = spin;\n",
      );
      writeFileSync(
        join(dir, 'tsconfig.check.json'),
        JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
      );
      const { code, output } = cruise(dir, 'cli');
      expect(output).toContain('cli-runtime-climbs');
      expect(code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('keep the wire contracts at the floor: a contract importing the intake is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ddw-layers-'));
    try {
      mkdirSync(join(dir, 'intake/contracts/src'), { recursive: true });
      mkdirSync(join(dir, 'intake/src/http'), { recursive: true });
      writeFileSync(join(dir, 'intake/src/http/router.ts'), 'export const route = 1;\n');
      writeFileSync(
        join(dir, 'intake/contracts/src/pages.ts'),
        "import { route } from '../../src/http/router.js';\nexport const pages = route;\n",
      );
      writeFileSync(
        join(dir, 'tsconfig.check.json'),
        JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
      );
      const { code, output } = cruise(dir, 'intake/contracts/src');
      expect(output).toContain('contracts-floor');
      expect(code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
