/**
 * Metrics Explorer: pick a metric, build or type a query in Datadog's syntax, chart it. The URL
 * holds the query and range (`/metric/explorer?query=…&range=15m`), so a lesson can link to a
 * chart; the query string is the one verify, dashboards and monitors take.
 */
import { useEffect, useState } from 'preact/hooks';
import { listMetrics, metricMetadata, metricTags, queryMetrics } from '../api.js';
import { Chart } from '../chart.js';
import { seriesLabel } from '../chart-data.js';
import { formatNumber } from '../format.js';
import { setParams } from '../nav.js';
import { AGGREGATORS, defaultQuery, joinQuery, type QueryParts, splitQuery } from '../query-builder.js';
import { parseRange } from '../time-range.js';
import { useData } from '../use-data.js';
import { ErrorBox, Header, TimePicker } from '../widgets.js';

function MetricInfo(props: { metric: string }) {
  const info = useData(async () => {
    const [meta, tags] = await Promise.all([metricMetadata(props.metric), metricTags(props.metric)]);
    return { type: meta.type, tags: tags.tags };
  }, [props.metric]);
  if (!props.metric) return null;
  if (info.error) return <p class="hint">{info.error}</p>;
  return (
    <p class="metric-info">
      <span class="badge">{info.data?.type ?? '…'}</span>{' '}
      {(info.data?.tags ?? []).slice(0, 40).map((t) => (
        <span class="tag">{t}</span>
      ))}
      {(info.data?.tags.length ?? 0) > 40 && (
        <span class="hint"> +{(info.data?.tags.length ?? 0) - 40} more</span>
      )}
    </p>
  );
}

/** A comma-separated list of tags (a query's scope, or its grouping), edited as text. */
function TagList(props: {
  label: string;
  aria: string;
  placeholder: string;
  tags: string[];
  onChange: (tags: string[]) => void;
}) {
  return (
    <label>
      {props.label}{' '}
      <input
        aria-label={props.aria}
        value={props.tags.join(',')}
        placeholder={props.placeholder}
        onChange={(e) =>
          props.onChange(
            e.currentTarget.value
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean),
          )
        }
      />
    </label>
  );
}

function Builder(props: { parts: QueryParts; metrics: string[]; onChange: (q: string) => void }) {
  const p = props.parts;
  const set = (change: Partial<QueryParts>) => props.onChange(joinQuery({ ...p, ...change }));
  return (
    <div class="builder">
      <select aria-label="Aggregation" value={p.aggr} onChange={(e) => set({ aggr: e.currentTarget.value })}>
        {AGGREGATORS.map((a) => (
          <option value={a}>{a}</option>
        ))}
      </select>
      <input
        aria-label="Metric"
        list="metric-names"
        value={p.metric}
        placeholder="metric name"
        onChange={(e) => {
          const metric = e.currentTarget.value.trim();
          if (!metric) return;
          metricMetadata(metric)
            .then((m) => props.onChange(defaultQuery(metric, m.type)))
            .catch(() => set({ metric }));
        }}
      />
      <datalist id="metric-names">
        {props.metrics.map((m) => (
          <option value={m} />
        ))}
      </datalist>
      <TagList
        label="from"
        aria="From tags"
        placeholder="*"
        tags={p.from}
        onChange={(from) => set({ from })}
      />
      <TagList
        label="by"
        aria="Group by"
        placeholder="(everything)"
        tags={p.by}
        onChange={(by) => set({ by })}
      />
      <select
        aria-label="Modifier"
        value={p.modifier}
        onChange={(e) => set({ modifier: e.currentTarget.value as QueryParts['modifier'] })}
      >
        <option value="">as stored</option>
        <option value="as_count">.as_count()</option>
        <option value="as_rate">.as_rate()</option>
      </select>
    </div>
  );
}

export function MetricsExplorer(props: { url: URL }) {
  const query = props.url.searchParams.get('query') ?? '';
  const rawRange = props.url.searchParams.get('range') ?? '15m';
  const live = props.url.searchParams.get('live') !== '0';
  const [draft, setDraft] = useState(query);
  useEffect(() => setDraft(query), [query]);
  const metrics = useData(() => listMetrics(Math.floor(Date.now() / 1000) - 3600), [], 30_000);
  const range = parseRange(rawRange, Date.now());
  const result = useData(
    async () => {
      if (!query) return undefined;
      const r = parseRange(rawRange, Date.now());
      const answer = await queryMetrics(query, r.fromSec, r.toSec);
      return { range: r, series: answer.series };
    },
    [query, rawRange],
    live && range.live ? 10_000 : undefined,
  );
  const parts = splitQuery(query);
  const shown = result.data;
  return (
    <main>
      <Header title="Metrics Explorer">
        <TimePicker range={range} raw={rawRange} />
        <label class="toggle">
          <input
            type="checkbox"
            checked={live}
            onChange={(e) => setParams({ live: e.currentTarget.checked ? undefined : '0' })}
          />{' '}
          auto-refresh
        </label>
      </Header>
      {parts || !query ? (
        <Builder
          parts={parts ?? { aggr: 'avg', metric: '', from: [], by: [], modifier: '' }}
          metrics={metrics.data ?? []}
          onChange={(q) => setParams({ query: q })}
        />
      ) : (
        <p class="hint">This query goes beyond the builder (functions, arithmetic): edit it as text.</p>
      )}
      <form
        class="query-form"
        onSubmit={(e) => {
          e.preventDefault();
          setParams({ query: draft.trim() });
        }}
      >
        <input
          class="query-text"
          aria-label="Query"
          value={draft}
          spellcheck={false}
          placeholder="avg:ecommerce.processing_time{*} by {service}"
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit">Graph</button>
        <button
          type="button"
          disabled={!query}
          onClick={() => void navigator.clipboard?.writeText(query)}
          title="Copy the query"
        >
          Copy
        </button>
      </form>
      {parts && <MetricInfo metric={parts.metric} />}
      <ErrorBox error={result.error} />
      {!query && (
        <p class="hint">Pick a metric above: {metrics.data?.length ?? 0} metrics arrived in the last hour.</p>
      )}
      {shown && (
        <>
          <Chart
            fromSec={shown.range.fromSec}
            toSec={shown.range.toSec}
            series={shown.series.map((s) => ({
              label: seriesLabel(s.tag_set, s.expression),
              points: s.pointlist,
            }))}
          />
          <table class="grid" id="series-table">
            <thead>
              <tr>
                <th>series</th>
                <th>points</th>
                <th>last</th>
                <th>avg</th>
                <th>max</th>
              </tr>
            </thead>
            <tbody>
              {shown.series.slice(0, 100).map((s) => {
                const values = s.pointlist.map((p) => p[1]).filter((v): v is number => v !== null);
                return (
                  <tr>
                    <td>{seriesLabel(s.tag_set, s.expression)}</td>
                    <td class="num">{values.length}</td>
                    <td class="num">{formatNumber(values.at(-1))}</td>
                    <td class="num">
                      {formatNumber(values.length ? values.reduce((a, b) => a + b, 0) / values.length : null)}
                    </td>
                    <td class="num">{formatNumber(values.length ? Math.max(...values) : null)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}
