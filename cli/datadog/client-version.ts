/** The installed `@datadog/datadog-api-client`'s version: a bundle of it is used only when it matches. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export async function installedClientVersion(from = import.meta.filename): Promise<string> {
  const pkg = createRequire(from).resolve('@datadog/datadog-api-client/package.json');
  return (JSON.parse(await readFile(pkg, 'utf8')) as { version: string }).version;
}
