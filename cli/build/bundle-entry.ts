/**
 * `npm run build`'s last step: dist/cli/main.js and everything it imports up front (commander and
 * the command definitions) as one CommonJS file, dist/cli/main.cjs, which the launcher runs.
 * Node 20 spends ~40 ms starting its ES module loader and reading some twenty files before a
 * command runs; one CommonJS file needs neither. Each command's work stays in the ES modules
 * tsc wrote: their `import()`s are left as they are, pointed at the same files.
 * Beside it, main.bundle.json lists the files it was made from, so the launcher can tell a bundle
 * that a later `tsc -b` left behind.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const cliDist = resolve(import.meta.dirname, '..');

/** Keeps every dynamic import lazy, its path made relative to the bundle's own folder. */
export function lazyImports(outDir: string): Plugin {
  return {
    name: 'lazy-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        if (!args.path.startsWith('.')) return { path: args.path, external: true };
        const path = relative(outDir, resolve(args.resolveDir, args.path)).replaceAll('\\', '/');
        return { path: path.startsWith('.') ? path : `./${path}`, external: true };
      });
    },
  };
}

export async function bundleEntry(entry = join(cliDist, 'main.js')): Promise<string> {
  const outDir = dirname(entry);
  const outfile = join(outDir, 'main.cjs');
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'warning',
    plugins: [lazyImports(outDir)],
  });
  // Inputs as paths from the bundle's folder; the launcher compares their times with the bundle's.
  const inputs = Object.keys(result.metafile.inputs)
    .map((input) => relative(outDir, resolve(input)).replaceAll('\\', '/'))
    .filter((input) => !input.includes('node_modules/'));
  await writeFile(join(outDir, 'main.bundle.json'), `${JSON.stringify({ inputs }, null, 1)}\n`);
  return outfile;
}
