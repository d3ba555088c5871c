/**
 * The parts of `@datadog/datadog-api-client` the CLI uses, as three CommonJS files in
 * dist/cli/datadog: api-client-common.cjs (the common module — configuration, HTTP, errors — and
 * the logger), api-client-v1.cjs (the v1 APIs and v1 ObjectSerializer) and api-client-v2.cjs (the
 * v2 metrics, spans and logs APIs). Each API module requires its version's ObjectSerializer,
 * which requires every model of that version (~1,500 in v2): on Node 20, finding, reading and
 * compiling them one by one costs 0.3 s (v1) to over a second (v2) before the first request; one
 * file parses in a fraction of that. The v1 and v2 bundles take the common files from the common
 * bundle, so there is one copy of each, as with the package. Each bundle records the client's
 * version; the CLI uses them only when that is the installed one (cli/datadog/client-modules.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { installedClientVersion } from '../datadog/client-version.js';
import { lazyTypeMap } from './lazy-type-map.js';

const DIST = '@datadog/datadog-api-client/dist';
const PACKAGES = `${DIST}/packages`;

/** Each bundle: the names it exports and the module each comes from. */
export const CLIENT_BUNDLES = {
  'api-client-v1.cjs': {
    AuthenticationApi: `${PACKAGES}/datadog-api-client-v1/apis/AuthenticationApi.js#AuthenticationApi`,
    MetricsApi: `${PACKAGES}/datadog-api-client-v1/apis/MetricsApi.js#MetricsApi`,
    DashboardsApi: `${PACKAGES}/datadog-api-client-v1/apis/DashboardsApi.js#DashboardsApi`,
    MonitorsApi: `${PACKAGES}/datadog-api-client-v1/apis/MonitorsApi.js#MonitorsApi`,
    ObjectSerializer: `${PACKAGES}/datadog-api-client-v1/models/ObjectSerializer.js#ObjectSerializer`,
  },
  'api-client-v2.cjs': {
    MetricsApi: `${PACKAGES}/datadog-api-client-v2/apis/MetricsApi.js#MetricsApi`,
    SpansApi: `${PACKAGES}/datadog-api-client-v2/apis/SpansApi.js#SpansApi`,
    LogsApi: `${PACKAGES}/datadog-api-client-v2/apis/LogsApi.js#LogsApi`,
  },
} as const;

/** `module#name` is that export of the module; a bare module is the whole module. */
export function exportLine(name: string, source: string): string {
  const [module, member] = source.split('#');
  return `exports.${name} = require(${JSON.stringify(module)})${member ? `.${member}` : ''};`;
}

const COMMON_BUNDLE = 'api-client-common.cjs';

/** The common files by their path in the package's dist/ (`logger.js`, `packages/…-common/http/http.js`). */
async function commonFiles(): Promise<string[]> {
  const dir = `packages/datadog-api-client-common`;
  const root = dirname(createRequire(import.meta.filename).resolve(`${DIST}/logger.js`));
  const entries = await readdir(join(root, dir), { recursive: true });
  return [
    'logger.js',
    ...entries.filter((f) => f.endsWith('.js')).map((f) => `${dir}/${f.replaceAll('\\', '/')}`),
  ];
}

/** The file a relative require in the client's dist/ names, as `commonFiles` lists it. */
export function distPath(resolveDir: string, request: string): string | undefined {
  const absolute = resolve(resolveDir, request).replaceAll('\\', '/');
  const inDist = /@datadog\/datadog-api-client\/dist\/(.+)$/.exec(absolute)?.[1];
  return inDist?.endsWith('.js') ? inDist : inDist && `${inDist}.js`;
}

/** Inside the v1 and v2 bundles, each common file (and the logger) is the common bundle's copy. */
function commonFromBundle(): Plugin {
  return {
    name: 'common-from-bundle',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.namespace === 'common') return { path: args.path, external: true };
        const path = distPath(args.resolveDir, args.path);
        const common = path === 'logger.js' || path?.startsWith('packages/datadog-api-client-common/');
        return common ? { path, namespace: 'common' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'common' }, (args) => ({
        contents: `module.exports = require('./${COMMON_BUNDLE}').files[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/** Each version's ObjectSerializer evaluates a model when it is first used, not all at load. */
function lazyModels(): Plugin {
  return {
    name: 'lazy-models',
    setup(b) {
      b.onLoad({ filter: /datadog-api-client-v[12][\\/]models[\\/]ObjectSerializer\.js$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const lazy = lazyTypeMap(source);
        return {
          contents: lazy ?? source,
          loader: 'js',
          resolveDir: dirname(args.path),
          ...(lazy
            ? {}
            : { warnings: [{ text: 'ObjectSerializer kept as it is: its shape is not the expected one' }] }),
        };
      });
    },
  };
}

async function bundleOne(outfile: string, lines: string[], plugins: Plugin[]): Promise<void> {
  await build({
    stdin: { contents: lines.join('\n'), resolveDir: import.meta.dirname, loader: 'js' },
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    external: ['loglevel'],
    plugins,
  });
}

export async function bundleApiClient(outDir = resolve(import.meta.dirname, '../datadog')): Promise<void> {
  const version = JSON.stringify(await installedClientVersion());
  const files = (await commonFiles()).map((f) => `  ${JSON.stringify(f)}: require('${DIST}/${f}'),`);
  await Promise.all([
    bundleOne(
      join(outDir, COMMON_BUNDLE),
      [`exports.clientVersion = ${version};`, 'exports.files = {', ...files, '};'],
      [],
    ),
    ...Object.entries(CLIENT_BUNDLES).map(([file, exports]) =>
      bundleOne(
        join(outDir, file),
        [
          `exports.clientVersion = ${version};`,
          ...Object.entries(exports).map(([name, source]) => exportLine(name, source)),
        ],
        [commonFromBundle(), lazyModels()],
      ),
    ),
  ]);
}
