/**
 * Datadog's logs search: `POST /api/v2/logs/events/search` and `GET /api/v2/logs/events`, in
 * Datadog's shapes (`{data: [{id, type: "log", attributes: {…}}], meta: {page: {after}}}`) with
 * its query syntax, time range, sort and cursor paging; `limit` up to 1000 as Datadog allows.
 */

import { sendJson } from '../http/http-util.js';
import type { Router } from '../http/router.js';
import { parseLogQuery } from '../logs/log-query.js';
import type { LogStore } from '../logs/log-store.js';
import type { LogEvent } from '../logs/parse-log.js';
import { parseTimeMs } from '../query/time.js';
import { ApiError, jsonBody } from './api-error.js';
import { pageAnswer } from './paging.js';

export function logJson(e: LogEvent) {
  return {
    id: e.id,
    type: 'log',
    attributes: {
      timestamp: new Date(e.timestampMs).toISOString(),
      status: e.status,
      service: e.service,
      host: e.host,
      message: e.message,
      tags: e.tags,
      attributes: e.attributes,
    },
  };
}

interface SearchRequest {
  query?: unknown;
  from?: unknown;
  to?: unknown;
  sort?: unknown;
  limit?: unknown;
  cursor?: unknown;
}

function search(store: LogStore, r: SearchRequest) {
  const nowMs = Date.now();
  const from = parseTimeMs(r.from ?? 'now-15m', nowMs);
  const to = parseTimeMs(r.to ?? 'now', nowMs);
  if (from === undefined || to === undefined)
    throw new ApiError(400, 'Invalid filter: from and to must be dates, unix ms or now-<n><unit>');
  if (r.sort !== undefined && r.sort !== 'timestamp' && r.sort !== '-timestamp')
    throw new ApiError(400, "Invalid sort: expected 'timestamp' or '-timestamp'");
  const limit = r.limit === undefined ? 10 : Number(r.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new ApiError(400, 'page[limit] must be between 1 and 1000');
  const query = parseLogQuery(String(r.query ?? '*'));
  const cursor = typeof r.cursor === 'string' && r.cursor ? r.cursor : undefined;
  const page = store.search(query, from, to, limit, r.sort === 'timestamp', cursor);
  const next = new URLSearchParams({
    ...(r.query !== undefined ? { 'filter[query]': String(r.query) } : {}),
    ...(r.sort !== undefined ? { sort: String(r.sort) } : {}),
    'page[limit]': String(limit),
  });
  return pageAnswer(page.map(logJson), {
    after: page.at(-1)?.id,
    nextBase: `/api/v2/logs/events?${next}`,
    cursorGiven: cursor !== undefined,
    statusMetaWithData: false,
  });
}

/** `saw`: each search's query, for what the student looked at (looks.ts). */
export function logRoutes(router: Router, store: LogStore, saw: (query: string) => void = () => {}): void {
  router
    .on('POST', '/api/v2/logs/events/search', async (req, res) => {
      const body = await jsonBody(req);
      const filter = (body.filter ?? {}) as Record<string, unknown>;
      saw(String(filter.query ?? '*'));
      const page = (body.page ?? {}) as Record<string, unknown>;
      sendJson(
        res,
        200,
        search(store, { ...filter, sort: body.sort, limit: page.limit, cursor: page.cursor }),
      );
    })
    .on('GET', '/api/v2/logs/events', (_req, res, _p, q) => {
      saw(q.get('filter[query]') ?? '*');
      return sendJson(
        res,
        200,
        search(store, {
          query: q.get('filter[query]') ?? undefined,
          from: q.get('filter[from]') ?? undefined,
          to: q.get('filter[to]') ?? undefined,
          sort: q.get('sort') ?? undefined,
          limit: q.get('page[limit]') ?? undefined,
          cursor: q.get('page[cursor]') ?? undefined,
        }),
      );
    });
}
