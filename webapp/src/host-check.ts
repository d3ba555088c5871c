/**
 * DNS-rebinding guard: a page on another site that rebinds its name to 127.0.0.1 still sends its
 * own name in `Host`, and would read users' emails through the student's browser. Only loopback
 * names and the ones configured (WEBAPP_ALLOWED_HOSTS) are served. (The intake keeps the same
 * rule in intake/src/http/host-check.ts; the webapp is built apart and cannot import it.)
 */
import type { NextFunction, Request, Response } from 'express';

function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

export function isAllowedHost(header: string | undefined, extra: readonly string[] = []): boolean {
  if (!header) return false;
  const name = hostName(header);
  if (['localhost', '127.0.0.1', '[::1]', '::1'].includes(name) || name.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  return extra.some((allowed) => hostName(allowed) === name);
}

export function hostCheck(allowed: readonly string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isAllowedHost(req.headers.host, allowed)) {
      next();
      return;
    }
    res.status(403).json({ error: 'foreign Host: this webapp answers only the names it runs under' });
  };
}
