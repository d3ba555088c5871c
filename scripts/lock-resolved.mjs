// Writes each registry package's tarball URL (`resolved`) into the lock files that lack it, so
// `npm ci` downloads the tarballs straight away instead of first fetching every package's metadata
// (138 MB, decoded, for a student's install: bench:install). The integrity hashes stay as they are,
// and npm checks each tarball against them. Usage: node scripts/lock-resolved.mjs [lock files…]
import { readFileSync, writeFileSync } from 'node:fs';

const REGISTRY = 'https://registry.npmjs.org';
const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['package-lock.json', 'intake/package-lock.json', 'webapp/package-lock.json'];

for (const file of files) {
  const lock = JSON.parse(readFileSync(file, 'utf8'));
  let added = 0;
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (!path.includes('node_modules/') || entry.link || entry.resolved || !entry.version) continue;
    // An alias (`npm:other@1.0.0`, as the dd-trace overrides are) is installed under one name
    // and fetched under the package's own, which the lock records as `name`.
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const resolved = `${REGISTRY}/${name}/-/${name.split('/').at(-1)}-${entry.version}.tgz`;
    // Where npm writes it: right after the version.
    const fields = Object.entries(entry);
    for (const key of Object.keys(entry)) delete entry[key];
    for (const [key, value] of fields) {
      entry[key] = value;
      if (key === 'version') entry.resolved = resolved;
    }
    added++;
  }
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  process.stdout.write(`${file}: ${added} tarball URL(s) added\n`);
}
