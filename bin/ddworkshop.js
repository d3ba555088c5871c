#!/usr/bin/env node
// Thin launcher, CommonJS (bin/package.json) so that Node's ES module loader starts only when a
// command needs it. Still named .js: npx keeps links to this path in its cache.
// It runs dist/cli/main.cjs (commander and the command definitions in one file, made by
// `npm run build`), or the compiled ES modules when that bundle is missing or older than the
// files it was made from (a later `tsc -b`).
'use strict';
const { existsSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

{
  const { nodeProblem, requiredRange } = require('./check-node.cjs');
  const problem = nodeProblem(process.versions.node, requiredRange());
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}

const dist = join(__dirname, '..', 'dist', 'cli');
const modules = join(dist, 'main.js');
const bundle = join(dist, 'main.cjs');
if (!existsSync(modules)) {
  console.error('ddworkshop is not built yet. Run: npm install   (or: npm run build)');
  process.exit(1);
}

function bundleIsCurrent() {
  try {
    const made = statSync(bundle).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(join(dist, 'main.bundle.json'), 'utf8'));
    return inputs.every((input) => statSync(join(dist, input)).mtimeMs <= made);
  } catch {
    return false;
  }
}

// Node 22.1+: V8's code cache on disk for our modules and the API client's thousands of model
// files (a no-op on Node 20, which has no such cache).
require('node:module').enableCompileCache?.();
if (bundleIsCurrent()) require(bundle);
else import(pathToFileURL(modules).href);
