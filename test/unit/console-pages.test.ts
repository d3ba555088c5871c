/**
 * The console's page list lives in four places (issue 28 asks for one home): the CLI's `open`
 * names, the console's navigation, its router, the home page's links, and the intake's served
 * paths. Until they share one module, this ties them: every page is named, linked, routed and
 * served alike.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSOLE_PAGES } from '../../cli/console/console-urls.js';

const repo = resolve(import.meta.dirname, '../..');
const source = (file: string) => readFileSync(join(repo, file), 'utf8');
const pairs = (text: string) => [...text.matchAll(/\['(\/[\w/]*)', '/g)].map((m) => m[1] as string);

describe('the console’s pages', () => {
  const cli = Object.values(CONSOLE_PAGES)
    .map((p) => p.path)
    .sort();
  const main = source('intake/console/src/main.tsx');
  const nav = pairs(main.slice(0, main.indexOf('function'))).sort();
  const home = ['/', ...pairs(source('intake/console/src/pages/home.tsx'))].sort();
  const routed = [...main.matchAll(/path === '(\/[\w/]*)'/g)].map((m) => m[1] as string);
  const served = [...source('intake/src/console/console-routes.ts').matchAll(/^\s+'(\/[\w/*]*)',$/gm)].map(
    (m) => m[1] as string,
  );

  it('are the same in the CLI, the navigation and the home page', () => {
    expect(nav).toEqual(cli);
    expect(home).toEqual(cli);
  });

  it('each routed by the console and served by the intake', () => {
    for (const path of cli) {
      expect(routed, path).toContain(path);
      const servedBy = served.some((p) => (p.endsWith('/*') ? path.startsWith(p.slice(0, -1)) : p === path));
      expect(servedBy, path).toBe(true);
    }
  });
});
