/**
 * The reload after a save: esbuild's output runs as tsc's would (the package's module format,
 * tsc's layout), a syntax error stops it with the file and line, and the type checker's verdict
 * comes separately — a type error does not stop the restart.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TranspileError, transpile, typeCheck } from '../../../cli/runtime/fast-build.js';
import { repo } from '../../support/project-copy.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function project(type: 'commonjs' | 'module', files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'ddw-fast-build-'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{"private": true}');
  mkdirSync(join(dir, 'app/src/routes'), { recursive: true });
  writeFileSync(join(dir, 'app/package.json'), JSON.stringify({ type }));
  writeFileSync(
    join(dir, 'app/tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'NodeNext', strict: true, rootDir: 'src', outDir: 'dist', types: ['node'] },
      include: ['src/**/*.ts'],
    }),
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'app/src', name), text);
  return dir;
}

const run = (file: string) => execFileSync(process.execPath, [file], { encoding: 'utf8' }).trim();

describe('transpile and type-check apart', () => {
  for (const type of ['commonjs', 'module'] as const) {
    it(`runs a ${type} package's output as tsc lays it out`, async () => {
      project(type, {
        'main.ts': "import { greet } from './routes/greet.js';\nconsole.log(greet('ddw'));\n",
        'routes/greet.ts': 'export const greet = (who: string): string => `hello ${who}`;\n',
        'main.test.ts': 'throw new Error("tests are not built");\n',
      });
      await transpile(dir, 'app');
      expect(run(join(dir, 'app/dist/main.js'))).toBe('hello ddw');
      expect(existsSync(join(dir, 'app/dist/main.test.js'))).toBe(false);
      expect(await typeCheck(dir, 'app')).toBeUndefined();
    });
  }

  it('stops at a syntax error, naming the file and line', async () => {
    project('commonjs', { 'main.ts': 'const x = ;\n' });
    const error = await transpile(dir, 'app').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranspileError);
    expect((error as Error).message).toMatch(/app\/src\/main\.ts:1:/);
  });

  it('runs code with a type error, and the checker reports it', async () => {
    project('commonjs', { 'main.ts': "const n: number = 'five';\nconsole.log(n);\n" });
    await transpile(dir, 'app');
    expect(run(join(dir, 'app/dist/main.js'))).toBe('five');
    expect(await typeCheck(dir, 'app')).toMatch(/main\.ts.*TS2322/s);
  });
});
