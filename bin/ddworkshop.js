#!/usr/bin/env node
// Thin launcher: the CLI ships as compiled JS (tsx would add ~0.3 s to every command).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('ddworkshop is not built yet. Run: npm install   (or: npm run build)');
  process.exit(1);
}
// Node 22.1+: V8's code cache on disk for our modules and the API client's thousands of model
// files (a no-op on Node 20, which has no such cache).
module.enableCompileCache?.();
await import(main);
