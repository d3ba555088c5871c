/**
 * The console: a single page (Preact + uPlot, no build step beyond tsc) served by the intake, at
 * Datadog's own paths (`/metric/explorer`, `/apm/services/webapp`, ...) so a link works in both
 * places. Every asset comes from this package — no CDN, works offline. The page reads data
 * through the same Datadog API endpoints the API client uses, authenticated by a token that
 * only a page the Host check served can read.
 */
import { createHash } from 'node:crypto';
import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVED_PATHS } from '#contracts/pages.js';
import { ApiError } from '../http/http-error.js';
import type { Router } from '../http/router.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Compiled browser code (intake/console/tsconfig.json), the wire contracts it shares with the intake and the CLI, and the hand-written static files. */
const APP_DIR = join(here, '..', '..', 'dist-console');
const CONTRACTS_DIR = join(here, '..', '..', 'dist-contracts');
const STATIC_DIR = join(here, '..', '..', 'console', 'static');

const require = createRequire(import.meta.url);
const VENDOR: Record<string, () => string> = {
  'preact.mjs': () => require.resolve('preact'),
  'hooks.mjs': () => require.resolve('preact/hooks'),
  'jsx-runtime.mjs': () => require.resolve('preact/jsx-runtime'),
  'uplot.mjs': () => join(dirname(require.resolve('uplot/package.json')), 'dist', 'uPlot.esm.js'),
  'uplot.css': () => join(dirname(require.resolve('uplot/package.json')), 'dist', 'uPlot.min.css'),
  // One ES module with no imports of its own: the schemas at the console's boundary.
  'valibot.mjs': () => join(dirname(require.resolve('valibot')), 'index.mjs'),
};

const IMPORT_MAP = JSON.stringify({
  imports: {
    preact: '/console/vendor/preact.mjs',
    'preact/hooks': '/console/vendor/hooks.mjs',
    'preact/jsx-runtime': '/console/vendor/jsx-runtime.mjs',
    uplot: '/console/vendor/uplot.mjs',
    valibot: '/console/vendor/valibot.mjs',
    '#contracts/': '/console/contracts/',
  },
});
const IMPORT_MAP_HASH = createHash('sha256').update(IMPORT_MAP).digest('base64');

/** Data from student code (tags, span names) is only ever text: no inline script but the map. */
const SECURITY_HEADERS = {
  'content-security-policy': [
    "default-src 'self'",
    `script-src 'self' 'sha256-${IMPORT_MAP_HASH}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface Asset {
  bytes: Buffer;
  etag: string;
}

const cache = new Map<string, Asset>();
function asset(path: string): Asset {
  let found = cache.get(path);
  if (!found) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      throw new ApiError(404, 'Not found');
    }
    found = { bytes, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
    cache.set(path, found);
  }
  return found;
}

function send(
  res: ServerResponse,
  type: string,
  body: Buffer | string,
  cacheControl: string,
  etag?: string,
): void {
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': type,
    'cache-control': cacheControl,
    ...(etag ? { etag } : {}),
  };
  // Revalidation is a 304 with no body: a page load re-checks ~25 modules in a few milliseconds.
  if (etag && res.req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendAsset(res: ServerResponse, path: string, cacheControl: string): void {
  const { bytes, etag } = asset(path);
  send(res, TYPES[extname(path)] ?? 'application/octet-stream', bytes, cacheControl, etag);
}

/** Every compiled module of the app, so the page can preload them all at once instead of in a waterfall. */
function appModules(dir = APP_DIR, prefix = ''): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) =>
    e.isDirectory()
      ? appModules(join(dir, e.name), `${prefix}${e.name}/`)
      : e.name.endsWith('.js')
        ? [`${prefix}${e.name}`]
        : [],
  );
}

function page(token: string): string {
  const preload = [
    '/console/vendor/preact.mjs',
    '/console/vendor/hooks.mjs',
    '/console/vendor/jsx-runtime.mjs',
    '/console/vendor/uplot.mjs',
    '/console/vendor/valibot.mjs',
    ...appModules().map((m) => `/console/app/${m}`),
    ...appModules(CONTRACTS_DIR).map((m) => `/console/contracts/${m}`),
  ]
    .map((href) => `<link rel="modulepreload" href="${href}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="ddworkshop-token" content="${token}">
<title>ddworkshop console</title>
<link rel="icon" href="/console/static/favicon.svg">
<link rel="stylesheet" href="/console/vendor/uplot.css">
<link rel="stylesheet" href="/console/static/console.css">
<script type="importmap">${IMPORT_MAP}</script>
${preload}
<script type="module" src="/console/app/main.js"></script>
</head>
<body><div id="app"><p class="loading">Loading the console… (if this stays, the console was not built: run <code>npm run build</code>)</p></div></body>
</html>
`;
}

/** Only paths made of safe segments reach the file system: no `..`, no backslashes, no empties. */
function safeName(name: string | undefined): string {
  if (!name || !/^[\w.-]+(?:\/[\w.-]+)*$/.test(name) || name.split('/').some((part) => part.startsWith('.')))
    throw new ApiError(404, 'Not found');
  return name;
}

export function registerConsole(router: Router, token: string): void {
  const html = page(token);
  for (const path of SERVED_PATHS)
    router.on(['GET', 'HEAD'], path, (_req, res) => send(res, 'text/html; charset=utf-8', html, 'no-store'));
  router.on(['GET', 'HEAD'], '/console/app/*', (_req, res, p) =>
    sendAsset(res, join(APP_DIR, safeName(p['*'])), 'no-cache'),
  );
  router.on(['GET', 'HEAD'], '/console/contracts/*', (_req, res, p) =>
    sendAsset(res, join(CONTRACTS_DIR, safeName(p['*'])), 'no-cache'),
  );
  router.on(['GET', 'HEAD'], '/console/static/:file', (_req, res, p) =>
    sendAsset(res, join(STATIC_DIR, safeName(p.file)), 'no-cache'),
  );
  router.on(['GET', 'HEAD'], '/console/vendor/:file', (_req, res, p) => {
    // Own keys only: `__proto__` or `constructor` is no vendor file (it was a 500 with a stack).
    const name = safeName(p.file);
    const resolve = Object.hasOwn(VENDOR, name) ? VENDOR[name] : undefined;
    if (!resolve) throw new ApiError(404, 'Not found');
    const path = resolve();
    const { bytes, etag } = asset(path);
    send(res, TYPES[extname(p.file ?? '')] ?? 'text/plain', bytes, 'max-age=3600', etag);
  });
}
