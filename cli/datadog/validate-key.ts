/**
 * Is this API key valid for this site? `GET /api/v1/validate` through the CLI's one client layer
 * (the API key only; no application key yet). setup runs it before writing `.env`. The key goes
 * to a Datadog site's API or to the proxy the student configured (DDWORKSHOP_DATADOG_API_URL),
 * nowhere else: a DD_SITE that is not a Datadog site is refused before anything is sent. The
 * key never appears in a reason.
 */
import { findSite, sitesList } from '../config/datadog-sites.js';
import { resolveConfig } from '../config/workshop-config.js';
import { ApiFailure, createDatadogApi } from './client.js';

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
  const config = resolveConfig({
    projectDir: '.',
    env: { DD_API_KEY: apiKey, DD_SITE: known?.site ?? site, DDWORKSHOP_DATADOG_API_URL: proxyUrl },
  });
  const where = proxyUrl ?? `https://api.${known?.site}`;
  try {
    const api = await createDatadogApi(config, { requestTimeoutMs: 10_000, needsAppKey: false });
    const auth = await api.authentication();
    const res = await api.call(() => auth.validate(), { deadline: Date.now() + 10_000 });
    return res.valid ? { valid: true } : { valid: false, reason: `${where} did not confirm the key` };
  } catch (error) {
    const failure = error instanceof ApiFailure ? error : undefined;
    if (failure?.status === 403 || failure?.status === 401)
      return {
        valid: false,
        reason: `the API key is not valid for ${site} (wrong key, or a key of another Datadog site)`,
      };
    if (failure?.status !== undefined)
      return { valid: false, reason: `${where} answered HTTP ${failure.status}` };
    return { valid: false, reason: failure?.message ?? `cannot reach ${where}: ${(error as Error).message}` };
  }
}
