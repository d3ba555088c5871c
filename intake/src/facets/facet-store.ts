/**
 * The workshop's facets: kept in memory and, where the intake is given a file (the local runtime's
 * `.ddworkshop/local/intake-facets.json`), written there and read back at start, so a facet
 * outlives a restart as it does in Datadog.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { type Facet, FacetError, type FacetSource, parseFacet, withFacet } from './facets.js';

export interface FacetStore {
  list(): readonly Facet[];
  add(raw: unknown): Facet;
  remove(source: FacetSource, path: string): boolean;
}

function load(file: string | undefined): Facet[] {
  if (!file) return [];
  try {
    const list = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(list)
      ? list.flatMap((f) => {
          try {
            return [parseFacet(f, Date.now())];
          } catch {
            return [];
          }
        })
      : [];
  } catch {
    return [];
  }
}

export function createFacetStore(file?: string, now: () => number = Date.now): FacetStore {
  let facets = load(file);
  const save = () => {
    if (!file) return;
    // Written beside and renamed: a crash mid-write never leaves half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify(facets, null, 2));
    renameSync(`${file}.tmp`, file);
  };
  return {
    list: () => facets,
    add(raw) {
      const facet = parseFacet({ ...(raw as object), createdMs: undefined }, now());
      facets = withFacet(facets, facet);
      save();
      return facets.find((f) => f.source === facet.source && f.path === facet.path) as Facet;
    },
    remove(source, path) {
      const before = facets.length;
      facets = facets.filter((f) => !(f.source === source && f.path === path));
      if (facets.length === before) return false;
      save();
      return true;
    },
  };
}

export { FacetError };
