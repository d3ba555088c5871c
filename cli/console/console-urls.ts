/**
 * Where a student looks at their data: the offline console (served by the intake) or their
 * Datadog site. The console uses Datadog's own paths, so one page name maps to both.
 */
import { consolePage } from '#contracts/pages.js';
import { findSite } from '../config/datadog-sites.js';
import type { WorkshopConfig } from '../config/workshop-config.js';

/** The base of every page: the intake's API port offline, the site's web app with Datadog. */
export function consoleBase(config: Pick<WorkshopConfig, 'mode' | 'site' | 'apiBaseUrl'>): string {
  if (config.mode === 'offline') return config.apiBaseUrl;
  return findSite(config.site)?.appUrl ?? 'https://app.datadoghq.com';
}

/** A page name (`metrics`), or a path of its own (`/apm/services/webapp`), to a full URL. */
export function pageUrl(config: Pick<WorkshopConfig, 'mode' | 'site' | 'apiBaseUrl'>, page = 'home'): string {
  const known = consolePage(page);
  const path = known ? known.path : page.startsWith('/') ? page : undefined;
  if (path === undefined) throw new Error(`unknown page ${page}`);
  return new URL(path, consoleBase(config)).href;
}

/** A browser can be opened: macOS and Windows always; elsewhere only with a display. */
export function hasDesktop(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (env.DDWORKSHOP_NO_BROWSER === '1' || env.BROWSER === 'none' || env.CI) return false;
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
