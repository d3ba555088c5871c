/**
 * The intake's HTTP routing on find-my-way (fastify's router): routes by method and path with
 * `:param` segments; a path that exists under other methods answers 405 with `Allow`, as HTTP
 * asks, instead of the 404 a wrong method used to get.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import FindMyWay from 'find-my-way';

export type Params = Record<string, string>;
export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  params: Params,
  query: URLSearchParams,
) => unknown;

export type Routed =
  | { kind: 'found'; run: () => unknown }
  | { kind: 'wrong-method'; allow: string[] }
  | { kind: 'missing' };

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

export class Router {
  private readonly tree = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true });

  on(method: Method | Method[], path: string, handler: Handler): this {
    for (const m of Array.isArray(method) ? method : [method]) this.tree.on(m, path, handler as never);
    return this;
  }

  /** What a request maps to; `run` calls the handler with decoded params and the query string. */
  route(req: IncomingMessage, res: ServerResponse, url: URL): Routed {
    const method = (req.method ?? 'GET').toUpperCase();
    const found = this.tree.find(method as Method, url.pathname);
    if (found) {
      const params = found.params as Params;
      return {
        kind: 'found',
        run: () => (found.handler as unknown as Handler)(req, res, params, url.searchParams),
      };
    }
    const allow = METHODS.filter((m) => m !== method && this.tree.find(m, url.pathname));
    return allow.length > 0 ? { kind: 'wrong-method', allow } : { kind: 'missing' };
  }
}
