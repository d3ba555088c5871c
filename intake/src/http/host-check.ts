/**
 * DNS-rebinding guard: a page on another site that rebinds its name to 127.0.0.1 still sends its
 * own name in `Host`, so only loopback names and the ones the workshop configured are served.
 */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The host part of a `Host` header, lower-cased, without the port (`[::1]:8127` → `[::1]`). */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

export function isAllowedHost(header: string | undefined, extra: readonly string[] = []): boolean {
  if (!header) return false;
  const name = hostName(header);
  if (LOOPBACK_NAMES.has(name) || name.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  return extra.some((allowed) => hostName(allowed) === name);
}

/** `INTAKE_ALLOWED_HOSTS` (comma-separated; the CLI passes DDWORKSHOP_HOST). */
export function parseAllowedHosts(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
}
