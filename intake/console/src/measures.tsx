/**
 * Datadog's "Create facet → Measure" on an attribute of a log or a span: a numeric search
 * (`@purchase.amount:>100`) finds events only once the attribute has one, and only events that
 * arrive after it (the intake's /intake/facets).
 */
import { useState } from 'preact/hooks';
import { createFacet, type FacetInfo, listFacets } from './api.js';
import { useData } from './use-data.js';

/** Every numeric attribute, by its dotted path (what a measure can be made of). */
export function numericPaths(value: unknown, prefix = '', depth = 0): string[] {
  if (depth > 8 || !value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'number' ? [path] : numericPaths(v, path, depth + 1);
  });
}

export function Measures(props: { source: FacetInfo['source']; attributes: unknown }) {
  const [version, setVersion] = useState(0);
  const facets = useData(() => listFacets(), [version]);
  const [problem, setProblem] = useState<string>();
  const paths = numericPaths(props.attributes).filter((p) => p !== 'duration');
  if (paths.length === 0) return null;
  const has = (path: string) => (facets.data ?? []).some((f) => f.source === props.source && f.path === path);
  const what = props.source === 'logs' ? 'logs' : 'spans';
  return (
    <section aria-label="Measures">
      <h3>Numeric attributes</h3>
      <ul>
        {paths.map((path) => (
          <li>
            <code>@{path}</code>{' '}
            {has(path) ? (
              <span class="hint">measure ✓ — new {what} are searchable by range</span>
            ) : (
              <button
                type="button"
                onClick={() =>
                  createFacet(props.source, path, 'measure').then(
                    () => setVersion((v) => v + 1),
                    (e: Error) => setProblem(e.message),
                  )
                }
              >
                Create measure
              </button>
            )}
          </li>
        ))}
      </ul>
      {problem && <p class="error">{problem}</p>}
    </section>
  );
}
