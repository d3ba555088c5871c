/**
 * dd-trace's optional native modules the workshop never uses — the profiler, App and API
 * Protection's WAF, libdatadog's extras (crash tracking, the Agent's host-wide configuration
 * file) — are replaced by `null-package`, a published package that is only a package.json:
 * requiring it throws MODULE_NOT_FOUND, which dd-trace meets with a try/catch for each of them.
 * That takes ~27 MB of tarballs off every student's install (bench:install). Kept: the run-time
 * metrics' module, and IAST's (without it, `DD_IAST_ENABLED=true` stops all tracing).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const UNUSED = ['@datadog/libdatadog-extras', '@datadog/native-appsec', '@datadog/pprof'];
const KEPT = ['@datadog/native-metrics', '@datadog/native-iast-taint-tracking', '@datadog/wasm-js-rewriter'];

const readJson = (file: string) => JSON.parse(readFileSync(join(repo, file), 'utf8'));

describe("dd-trace's unused natives", () => {
  it('are overridden alike in the workshop and in the webapp image', () => {
    const root = readJson('package.json').overrides;
    expect(Object.keys(root['dd-trace']).sort()).toEqual(UNUSED);
    expect(readJson('webapp/package.json').overrides).toEqual(root);
  });

  for (const file of ['package-lock.json', 'webapp/package-lock.json'])
    it(`${file} resolves them to the empty package and keeps the others`, () => {
      const packages = readJson(file).packages;
      for (const name of UNUSED) {
        expect(packages[`node_modules/${name}`], name).toBeUndefined();
        expect(packages[`node_modules/dd-trace/node_modules/${name}`]?.name, name).toBe('null-package');
      }
      for (const name of KEPT) {
        expect(packages[`node_modules/${name}`]?.name, name).toBeUndefined();
        expect(packages[`node_modules/${name}`]?.version, name).toBeDefined();
      }
    });

  it('throw MODULE_NOT_FOUND when dd-trace requires them, as a missing optional module does', () => {
    const fromTracer = createRequire(join(repo, 'node_modules/dd-trace/index.js'));
    for (const name of UNUSED)
      expect(() => fromTracer(name), name).toThrow(expect.objectContaining({ code: 'MODULE_NOT_FOUND' }));
    expect(fromTracer('@datadog/native-metrics')).toHaveProperty('start');
  });
});
