/**
 * Facets, as Datadog's Log Explorer and Trace Explorer have them: a numeric search on an attribute
 * (`@purchase.amount:>100`, `[10 TO 20]`) finds only events that arrived after a facet or measure
 * on that attribute was created (docs: "new logs are then searchable"); Datadog's standard
 * facets exist from the start. Pure: the set and its rules; facet-store.ts keeps it.
 */
export type FacetSource = 'logs' | 'spans';
export type FacetType = 'facet' | 'measure';

export interface Facet {
  source: FacetSource;
  /** The attribute's path, without `@` (`purchase.amount`). */
  path: string;
  type: FacetType;
  /** When it was created (ms): events from before it are not found by a numeric search. */
  createdMs: number;
}

/** Datadog's standard attributes that come with a facet (created at the start of time). */
export const STANDARD_FACETS: readonly Facet[] = [
  { source: 'logs', path: 'http.status_code', type: 'facet', createdMs: 0 },
  { source: 'logs', path: 'duration', type: 'measure', createdMs: 0 },
  { source: 'logs', path: 'http.method', type: 'facet', createdMs: 0 },
  { source: 'spans', path: 'http.status_code', type: 'facet', createdMs: 0 },
  { source: 'spans', path: 'duration', type: 'measure', createdMs: 0 },
];

export const MAX_FACETS = 200;
const PATH = /^[A-Za-z_][\w.-]{0,199}$/;

export class FacetError extends Error {}

/** A facet as the console or a file gives it, checked. */
export function parseFacet(raw: unknown, nowMs: number): Facet {
  const r = (raw ?? {}) as Record<string, unknown>;
  const path = typeof r.path === 'string' ? r.path.replace(/^@/, '') : '';
  if (!PATH.test(path)) throw new FacetError('path must be an attribute path such as purchase.amount');
  if (r.source !== 'logs' && r.source !== 'spans') throw new FacetError('source must be logs or spans');
  if (r.type !== 'facet' && r.type !== 'measure') throw new FacetError('type must be facet or measure');
  const createdMs = typeof r.createdMs === 'number' && Number.isFinite(r.createdMs) ? r.createdMs : nowMs;
  return { source: r.source, path, type: r.type, createdMs };
}

/** Since when a numeric search on `path` finds events of `source` (undefined: not at all). */
export function numericSearchSince(
  facets: readonly Facet[],
  source: FacetSource,
  path: string,
): number | undefined {
  let since: number | undefined;
  for (const f of [...STANDARD_FACETS, ...facets])
    if (f.source === source && f.path === path)
      since = since === undefined ? f.createdMs : Math.min(since, f.createdMs);
  return since;
}

/** `facets` with `facet` added (a second one on the same attribute replaces the first's type only). */
export function withFacet(facets: readonly Facet[], facet: Facet): Facet[] {
  const same = facets.find((f) => f.source === facet.source && f.path === facet.path);
  if (same) return facets.map((f) => (f === same ? { ...f, type: facet.type } : f));
  if (facets.length >= MAX_FACETS) throw new FacetError(`at most ${MAX_FACETS} facets`);
  return [...facets, facet];
}
