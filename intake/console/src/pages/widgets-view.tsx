/**
 * Dashboard widgets drawn from their JSON through the same query endpoints Datadog's UI uses:
 * timeseries (lines per formula and group), query_value (one number), toplist (bars), note
 * (text), group (nested widgets). Any other type is a labelled placeholder, never a blank.
 */
import type { ComponentChildren } from 'preact';
import { formulaScalar, formulaTimeseries, type Widget } from '../api.js';
import { Chart } from '../chart.js';
import { formatNumber } from '../format.js';
import type { TimeRange } from '../time-range.js';
import { useData } from '../use-data.js';
import { widgetRequests } from './widget-requests.js';

function Timeseries(props: { def: Record<string, unknown>; range: TimeRange }) {
  const requests = widgetRequests(props.def);
  const data = useData(async () => {
    const all = await Promise.all(
      requests.map((r) => formulaTimeseries(r.queries, r.formulas, props.range.fromSec, props.range.toSec)),
    );
    return all.flatMap((series, i) =>
      series.map((s) => {
        const alias = requests[i]?.formulas.find((f) => f.formula === s.formula)?.alias;
        const name = alias ?? s.formula;
        return { label: s.tags.length ? `${name} ${s.tags.join(', ')}` : name, points: s.points };
      }),
    );
  }, [JSON.stringify(props.def), props.range.fromSec, props.range.toSec]);
  if (data.error) return <p class="error">{data.error}</p>;
  return (
    <Chart height={200} fromSec={props.range.fromSec} toSec={props.range.toSec} series={data.data ?? []} />
  );
}

function QueryValue(props: { def: Record<string, unknown>; range: TimeRange }) {
  const request = widgetRequests(props.def)[0];
  const precision = typeof props.def.precision === 'number' ? props.def.precision : 2;
  const data = useData(
    async () =>
      request ? formulaScalar(request.queries, request.formulas, props.range.fromSec, props.range.toSec) : [],
    [JSON.stringify(props.def), props.range.fromSec, props.range.toSec],
  );
  if (data.error) return <p class="error">{data.error}</p>;
  const value = data.data?.[0]?.values[0];
  return (
    <p class="query-value" data-value={value ?? ''}>
      {value === null || value === undefined ? '—' : value.toFixed(precision)}
    </p>
  );
}

function Toplist(props: { def: Record<string, unknown>; range: TimeRange }) {
  const request = widgetRequests(props.def)[0];
  const data = useData(
    async () =>
      request ? formulaScalar(request.queries, request.formulas, props.range.fromSec, props.range.toSec) : [],
    [JSON.stringify(props.def), props.range.fromSec, props.range.toSec],
  );
  if (data.error) return <p class="error">{data.error}</p>;
  const rows = (data.data ?? [])
    .map((r) => ({ label: r.tags.join(', ') || '*', value: r.values[0] ?? 0 }))
    .sort((a, b) => b.value - a.value)
    .slice(0, 10);
  const max = Math.max(...rows.map((r) => r.value), 1e-9);
  if (rows.length === 0) return <p class="empty">No data in this time range.</p>;
  return (
    <ol class="toplist">
      {rows.map((r) => (
        <li>
          <span class="toplist-label">{r.label}</span>
          <span class="toplist-bar" style={{ width: `${Math.max((100 * r.value) / max, 1)}%` }} />
          <span class="num">{formatNumber(r.value)}</span>
        </li>
      ))}
    </ol>
  );
}

export function WidgetView(props: { widget: Widget; range: TimeRange; depth?: number }) {
  const def = props.widget.definition;
  const title = typeof def.title === 'string' ? def.title : undefined;
  let body: ComponentChildren;
  switch (def.type) {
    case 'timeseries':
      body = <Timeseries def={def} range={props.range} />;
      break;
    case 'query_value':
      body = <QueryValue def={def} range={props.range} />;
      break;
    case 'toplist':
      body = <Toplist def={def} range={props.range} />;
      break;
    case 'note':
    case 'free_text':
      body = <p class="note-text">{String(def.content ?? def.text ?? '')}</p>;
      break;
    case 'group':
      body = (
        <div class="widget-grid">
          {((def.widgets as Widget[] | undefined) ?? []).slice(0, 100).map((w) => (
            <WidgetView widget={w} range={props.range} depth={(props.depth ?? 0) + 1} />
          ))}
        </div>
      );
      break;
    default:
      body = (
        <p class="placeholder">
          A <code>{def.type}</code> widget: drawn in Datadog, not by the offline console.
        </p>
      );
  }
  return (
    <section class={`widget widget-${def.type}`} data-widget-type={def.type}>
      {title && <h3>{title}</h3>}
      {body}
    </section>
  );
}
