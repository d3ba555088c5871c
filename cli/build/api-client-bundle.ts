/**
 * The v2 APIs the CLI uses (metrics, spans, logs) from `@datadog/datadog-api-client` as one
 * CommonJS file, dist/cli/datadog/api-client-v2.cjs. Each of the client's v2 API modules
 * requires its ObjectSerializer, which requires all ~1,500 v2 model modules: on Node 20 finding,
 * reading and compiling them one by one costs about a second before `verify traces` or a logs
 * check sends its first request; one file parses in a fraction of that. The client's own
 * dependencies stay outside (loglevel, whose level the CLI silences, is then one instance).
 * The bundle records the client's version; the CLI uses it only when that is the installed one.
 */
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { installedClientVersion } from '../datadog/client-version.js';

const CLIENT = '@datadog/datadog-api-client';
export const V2_BUNDLE = 'api-client-v2.cjs';

export async function bundleApiClient(outDir = resolve(import.meta.dirname, '../datadog')): Promise<string> {
  const apis = `${CLIENT}/dist/packages/datadog-api-client-v2/apis`;
  const version = await installedClientVersion();
  const outfile = join(outDir, V2_BUNDLE);
  await build({
    stdin: {
      contents: [
        `exports.clientVersion = ${JSON.stringify(version)};`,
        `exports.MetricsApi = require('${apis}/MetricsApi.js').MetricsApi;`,
        `exports.SpansApi = require('${apis}/SpansApi.js').SpansApi;`,
        `exports.LogsApi = require('${apis}/LogsApi.js').LogsApi;`,
      ].join('\n'),
      resolveDir: import.meta.dirname,
      loader: 'js',
    },
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    plugins: [
      {
        name: 'client-dependencies-outside',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith(CLIENT) ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  return outfile;
}
