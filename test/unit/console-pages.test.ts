/**
 * The console's pages have one home (#contracts/pages): the CLI's `open`, the navigation, the home
 * page and the intake's served paths read it. This ties the console's router to it: every page
 * named there is routed to the page of that name and served by the intake, and the pages under
 * them route with their parameter.
 */
import { describe, expect, it } from 'vitest';
import { CONSOLE_PAGES, consolePage, isServedPath } from '#contracts/pages.js';
import { pageUrl } from '../../cli/console/console-urls.js';
import { routeOf } from '../../intake/console/src/routes.js';

describe('the console’s pages', () => {
  it('each routed to the page of its name and served by the intake', () => {
    for (const page of CONSOLE_PAGES) {
      expect(routeOf(page.path).page, page.path).toBe(page.name);
      expect(routeOf(`${page.path}/`.replace('//', '/')).page, `${page.path}/`).toBe(page.name);
      expect(isServedPath(page.path), page.path).toBe(true);
    }
  });

  it('route the pages under them with their parameter, and nothing else', () => {
    expect(routeOf('/apm/services/web%20app')).toEqual({ page: 'service', service: 'web app' });
    expect(routeOf('/apm/trace/123')).toEqual({ page: 'trace', traceId: '123' });
    expect(routeOf('/dashboard/abc-def-ghi/my-title')).toEqual({ page: 'dashboard', id: 'abc-def-ghi' });
    expect(routeOf('/monitors/42')).toEqual({ page: 'monitor', id: '42' });
    expect(routeOf('/monitors/abc')).toEqual({ page: 'none', path: '/monitors/abc' });
    expect(routeOf('/constructor').page).toBe('none');
    for (const path of ['/apm/services/x', '/apm/trace/1', '/dashboard/a', '/monitors/1'])
      expect(isServedPath(path), path).toBe(true);
    expect(isServedPath('/api/v1/query')).toBe(false);
  });

  it('are what `ddw open` names, offline and on a Datadog site', () => {
    const offline = { mode: 'offline' as const, site: 'datadoghq.com', apiBaseUrl: 'http://127.0.0.1:5999' };
    const online = { mode: 'datadog' as const, site: 'datadoghq.eu', apiBaseUrl: 'https://api.datadoghq.eu' };
    expect(pageUrl(offline, 'metrics')).toBe('http://127.0.0.1:5999/metric/explorer');
    expect(pageUrl(online, 'database')).toBe('https://app.datadoghq.eu/databases/queries');
    expect(consolePage('nope')).toBeUndefined();
    expect(() => pageUrl(offline, 'nope')).toThrow(/unknown page/);
  });
});
