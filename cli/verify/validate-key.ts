/**
 * Is this API key valid for this site? `GET /api/v1/validate` with undici directly: setup runs
 * it before writing `.env`, and it must be quick (the full API client takes seconds to load).
 * The key goes to a Datadog site's API or to the proxy the student configured
 * (DDWORKSHOP_DATADOG_API_URL), nowhere else: a DD_SITE that is not a Datadog site is refused
 * before anything is sent. The key never appears in a reason.
 */
import { request } from 'undici';
import { findSite, sitesList } from '../config/datadog-sites.js';

export interface KeyCheck {
  valid: boolean;
  reason?: string;
}

export async function validateApiKey({
  apiKey,
  site,
  proxyUrl,
}: {
  apiKey: string;
  site: string;
  /** DDWORKSHOP_DATADOG_API_URL, when set. */
  proxyUrl?: string;
}): Promise<KeyCheck> {
  const known = findSite(site);
  if (!proxyUrl && !known)
    return { valid: false, reason: `DD_SITE=${site} is not a Datadog site; use one of ${sitesList()}` };
  const base = proxyUrl ?? `https://api.${known?.site}`;
  try {
    const res = await request(`${base}/api/v1/validate`, {
      headers: { 'DD-API-KEY': apiKey, accept: 'application/json' },
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const body = (await res.body.json().catch(() => ({}))) as { valid?: boolean };
    if (res.statusCode === 200 && body.valid) return { valid: true };
    if (res.statusCode === 403 || res.statusCode === 401) {
      return {
        valid: false,
        reason: `the API key is not valid for ${site} (wrong key, or a key of another Datadog site)`,
      };
    }
    return { valid: false, reason: `${base} answered HTTP ${res.statusCode}` };
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    return {
      valid: false,
      reason: `cannot reach ${base} (${code}): check the site and your internet connection, or use --offline`,
    };
  }
}
