/**
 * A formula applied to grouped series, as Datadog's formulas join them: series of different
 * queries meet on the same group tags; a query with one ungrouped series applies to every group.
 * Scalars are series with a single point (key 0).
 */
import { evaluateFormula, type Formula, references } from './formula.js';

export interface GroupSeries {
  tagSet: string[];
  /** Timestamp (or 0 for a scalar) -> value. */
  points: Map<number, number>;
}

export function applyFormula(f: Formula, inputs: ReadonlyMap<string, GroupSeries[]>): GroupSeries[] {
  const names = [...references(f)];
  const single = names.length === 1 && f.kind === 'ref';
  if (single) return inputs.get(names[0] as string) ?? [];
  const byKey = new Map<string, Map<string, GroupSeries>>();
  const broadcast = new Map<string, GroupSeries>();
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const list = inputs.get(name) ?? [];
    const ungrouped = list.length === 1 && list[0]?.tagSet.length === 0;
    if (ungrouped) broadcast.set(name, list[0] as GroupSeries);
    const keyed = new Map<string, GroupSeries>();
    for (const s of list) {
      const key = s.tagSet.join(',');
      keyed.set(key, s);
      if (!ungrouped) groups.set(key, s.tagSet);
    }
    byKey.set(name, keyed);
  }
  if (groups.size === 0) groups.set('', []);
  const out: GroupSeries[] = [];
  for (const [key, tagSet] of groups) {
    const members = names.map((n) => byKey.get(n)?.get(key) ?? broadcast.get(n));
    if (members.some((m) => m === undefined)) continue;
    const times = new Set<number>();
    for (const m of members) for (const t of (m as GroupSeries).points.keys()) times.add(t);
    const points = new Map<number, number>();
    for (const t of [...times].sort((a, b) => a - b)) {
      const v = evaluateFormula(f, (name) => {
        const m = members[names.indexOf(name)];
        return m?.points.get(t);
      });
      if (v !== undefined && Number.isFinite(v)) points.set(t, v);
    }
    if (points.size > 0) out.push({ tagSet, points });
  }
  return out;
}
