/**
 * The client's ObjectSerializer modules (v1 and v2) require every model of their version at the
 * top (`const Foo_1 = require("./Foo");`, ~1,500 in v2) to fill `typeMap`, so loading one API
 * evaluates all of them. Rewritten for the bundles, each `typeMap` entry becomes a getter that
 * requires its model when a (de)serialisation first names it: the same classes, evaluated only
 * when used. Pure: source text in, source text out, or undefined when the file is not of the
 * shape this expects (the bundle then keeps the file as it is: slower, never wrong).
 */
const MODEL_REQUIRE = /^const (\w+_1) = require\("\.\/(\w+)"\);\n/gm;
const TYPE_MAP = /^const typeMap = \{\n([\s\S]*?)^\};\n/m;
const ENTRY = /^(\s+)(\w+): (\w+_1)\.(\w+),$/gm;

export function lazyTypeMap(source: string): string | undefined {
  const models = new Map<string, string>();
  for (const [, local, file] of source.matchAll(MODEL_REQUIRE)) models.set(local as string, file as string);
  const map = TYPE_MAP.exec(source);
  if (models.size === 0 || !map) return undefined;
  const withoutRequires = source.replace(MODEL_REQUIRE, '');
  const body = (map[1] as string).replace(ENTRY, (entry, indent, name, local, member) => {
    const file = models.get(local);
    return file ? `${indent}get ${name}() { return require("./${file}").${member}; },` : entry;
  });
  const out = withoutRequires.replace(TYPE_MAP, () => `const typeMap = {\n${body}};\n`);
  // A model still named outside the getters would be undefined now: keep the file as it was.
  for (const [local] of out.matchAll(/\b\w+_1\b/g)) if (models.has(local)) return undefined;
  return out;
}
