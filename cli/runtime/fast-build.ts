/**
 * The reload after a save, without waiting for the type checker: esbuild transpiles a service's
 * TypeScript project file by file into the folder `tsc -b` writes (same layout, ES modules, source
 * maps, the package's module format), in tens of milliseconds, so the webapp restarts at once; `tsc --noEmit` checks the types
 * alongside and its errors are reported when they come. A syntax error still stops the restart.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { UserError } from '../base/user-error.js';

export class TranspileError extends Error {
  override name = 'TranspileError';
}

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(path)));
    else if (/\.(ts|mts)$/.test(entry.name) && !/\.(test|d)\.m?ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Transpiles `<project>/<build>/src` to `<build>/dist` as tsc would lay it out. */
export async function transpile(projectDir: string, build: string): Promise<void> {
  const { build: esbuild } = await import('esbuild');
  const root = join(projectDir, build);
  // The module format tsc (NodeNext) would emit: the package's own `type`.
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8').catch(() => '{}')) as {
    type?: string;
  };
  const result = await esbuild({
    entryPoints: await sources(join(root, 'src')),
    outdir: join(root, 'dist'),
    outbase: join(root, 'src'),
    format: pkg.type === 'module' ? 'esm' : 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    bundle: false,
    logLevel: 'silent',
  }).catch(
    (error: { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }) => {
      const lines = (error.errors ?? []).map(
        (e) =>
          `${e.location ? `${relative(projectDir, e.location.file)}:${e.location.line}: ` : ''}${e.text}`,
      );
      throw new TranspileError(lines.join('\n') || String(error));
    },
  );
  if (result.errors.length) throw new TranspileError(result.errors.map((e) => e.text).join('\n'));
}

/** The compiler's own entry, not npx: npx alone costs about a second. */
export function tscEntry(projectDir: string): string {
  return createRequire(join(projectDir, 'package.json')).resolve('typescript/bin/tsc');
}

/** `tsc --noEmit` on the project: undefined when the types are sound, tsc's report otherwise. */
export async function typeCheck(projectDir: string, build: string): Promise<string | undefined> {
  const run = await execa(process.execPath, [tscEntry(projectDir), '-p', build, '--noEmit'], {
    cwd: projectDir,
    reject: false,
  });
  return run.exitCode === 0 ? undefined : (run.stdout || run.stderr).slice(0, 3000);
}

/** A service's code transpiled for a restart after a save; a syntax error is the student's to fix. */
export async function transpileService(projectDir: string, build: string, service: string): Promise<void> {
  await transpile(projectDir, build).catch((error: Error) => {
    throw new UserError(
      `${service} does not compile:\n${error.message}`,
      'Fix the errors above and save again.',
    );
  });
}

/** Type-checks in the background and reports the verdict (or why the checker could not run). */
export function reportTypes(
  projectDir: string,
  build: string,
  report: (errors: string | undefined) => void,
): void {
  void typeCheck(projectDir, build).then(report, (error: Error) =>
    report(`type check failed to run: ${error.message}`),
  );
}
