/**
 * Datadog's cursor pages for logs and spans, as its recorded answers shape them: a page with
 * events carries `meta.page.after` and `links.next` (even when the next page will be empty); an
 * empty page reached by a cursor is `{"data": []}` alone; an empty first page has the status meta.
 * Spans' pages with events carry the status meta too, logs' do not. Pure.
 */
const STATUS_META = { elapsed: 1, request_id: 'ddworkshop', status: 'done' } as const;

export interface PageOptions {
  /** The cursor of the next page (required when `data` is not empty). */
  after?: string;
  /** The request's path and filters, for `links.next`. */
  nextBase: string;
  cursorGiven: boolean;
  /** Spans: the status meta beside `page` on a page with events. */
  statusMetaWithData: boolean;
}

export function pageAnswer<T>(data: T[], o: PageOptions) {
  if (data.length === 0) return o.cursorGiven ? { data } : { data, meta: STATUS_META };
  const after = o.after ?? '';
  const sep = o.nextBase.includes('?') ? '&' : '?';
  return {
    data,
    meta: { ...(o.statusMetaWithData ? STATUS_META : {}), page: { after } },
    links: { next: `${o.nextBase}${sep}page%5Bcursor%5D=${encodeURIComponent(after)}` },
  };
}

/** An offset cursor, opaque as Datadog's are. */
export const offsetCursor = {
  encode: (offset: number) => Buffer.from(JSON.stringify({ after: offset })).toString('base64url'),
  decode(cursor: unknown): number {
    if (typeof cursor !== 'string' || cursor === '') return 0;
    try {
      const n = Number(
        (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown }).after,
      );
      return Number.isInteger(n) && n >= 0 ? n : 0;
    } catch {
      return 0;
    }
  },
};
