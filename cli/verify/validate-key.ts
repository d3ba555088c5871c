/**
 * Is this API key valid for this site? `GET /api/v1/validate` with undici directly: setup runs
 * it before writing `.env`, and it must be quick (the full API client takes seconds to load).
 * The key never appears in a reason.
 */
import { request } from 'undici';

export interface KeyCheck {
  valid: boolean;
  reason?: string;
}

export async function validateApiKey({
  apiKey,
  site,
  baseUrl,
}: {
  apiKey: string;
  site?: string;
  baseUrl?: string;
}): Promise<KeyCheck> {
  const base = baseUrl ?? `https://api.${site ?? 'datadoghq.com'}`;
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
        reason: `the API key is not valid for ${site ?? base} (wrong key, or a key of another Datadog site)`,
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
