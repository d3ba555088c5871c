import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { lazyTypeMap } from './lazy-type-map.js';

const SAMPLE = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
const Alpha_1 = require("./Alpha");
const Beta_1 = require("./Beta");
const util_1 = require("../../datadog-api-client-common/util");
const typeMap = {
    Alpha: Alpha_1.Alpha,
    Beta: Beta_1.Beta,
};
exports.lookup = (name) => typeMap[name] && new typeMap[name]();
exports.has = (name) => Boolean(typeMap[name]);
exports.util = util_1;
`;

/** Runs CommonJS source with a require that records what it was asked for. */
function evaluate(source: string) {
  const required: string[] = [];
  const fake = (path: string) => {
    required.push(path);
    const name = path.replace('./', '').replace(/.*\//, '');
    return { [name]: class {} };
  };
  const module = { exports: {} as Record<string, (name: string) => unknown> };
  new Function('exports', 'require', 'module', source)(module.exports, fake, module);
  return { exports: module.exports, required };
}

describe('lazyTypeMap', () => {
  it('turns each typeMap entry into a getter that requires its model on first use', () => {
    const out = lazyTypeMap(SAMPLE) as string;
    expect(out).toContain('get Alpha() { return require("./Alpha").Alpha; },');
    expect(out).not.toContain('const Alpha_1 = require');
    // Requires that are not models (../ paths) stay where they were.
    expect(out).toContain('const util_1 = require("../../datadog-api-client-common/util");');

    const eager = evaluate(SAMPLE);
    expect(eager.required).toEqual(['./Alpha', './Beta', '../../datadog-api-client-common/util']);
    const lazy = evaluate(out);
    expect(lazy.required).toEqual(['../../datadog-api-client-common/util']);
    expect(lazy.exports.has?.('Beta')).toBe(true);
    expect(lazy.exports.has?.('Gamma')).toBe(false);
    expect(lazy.required).toEqual(['../../datadog-api-client-common/util', './Beta']);
  });

  it('keeps a file whose models are used outside typeMap, or that has no typeMap', () => {
    expect(lazyTypeMap(`${SAMPLE}exports.direct = Alpha_1.Alpha;\n`)).toBeUndefined();
    expect(lazyTypeMap(SAMPLE.replace('const typeMap', 'const typesByName'))).toBeUndefined();
  });

  it.each(['v1', 'v2'])('rewrites the installed client’s %s ObjectSerializer whole', (version) => {
    const path = createRequire(import.meta.url).resolve(
      `@datadog/datadog-api-client/dist/packages/datadog-api-client-${version}/models/ObjectSerializer.js`,
    );
    const source = readFileSync(path, 'utf8');
    const models = source.match(/^const \w+_1 = require\("\.\/\w+"\);$/gm)?.length ?? 0;
    const out = lazyTypeMap(source) as string;
    expect(out).toBeDefined();
    expect(models).toBeGreaterThan(100);
    expect(out.match(/^\s+get \w+\(\) \{ return require\("\.\/\w+"\)\.\w+; \},$/gm)?.length).toBe(models);
    expect(out).not.toMatch(/^const \w+_1 = require\("\.\//m);
  });
});
