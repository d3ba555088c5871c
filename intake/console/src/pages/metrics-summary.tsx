/** Metrics Summary: every metric that arrived in the last hour with its type, tags and cardinality. */
import { useEffect, useState } from 'preact/hooks';
import {
  listMetrics,
  metricMetadata,
  metricTags,
  metricVolume,
  setPercentiles,
  type TagConfiguration,
  tagConfigurations,
} from '../api.js';
import { formatNumber, tagSummary } from '../format.js';
import { Link } from '../nav.js';
import { defaultQuery } from '../query-builder.js';
import { useData } from '../use-data.js';
import { ErrorBox, Header } from '../widgets.js';

interface Row {
  name: string;
  /** Undefined until the metric's details have arrived: the list shows first, details fill in. */
  type?: string;
  tags: string[];
  volume?: number;
  config?: TagConfiguration;
}

/** A few requests at a time: the summary of 200 metrics should not queue 600 at once. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function loadDetails(name: string): Promise<Omit<Row, 'config'>> {
  const [meta, tags, volume] = await Promise.all([
    metricMetadata(name),
    metricTags(name),
    metricVolume(name).catch(() => undefined),
  ]);
  return { name, type: meta.type, tags: tags.tags, volume };
}

/** The metric list at once, then each metric's type, tags and volume as they arrive (8 at a time). */
function useRows(version: number) {
  const list = useData(async () => {
    const [names, configs] = await Promise.all([
      listMetrics(Math.floor(Date.now() / 1000) - 3600),
      tagConfigurations(),
    ]);
    return { names, configs };
  }, [version]);
  const [details, setDetails] = useState(new Map<string, Omit<Row, 'config'>>());
  useEffect(() => {
    const names = list.data?.names;
    if (!names) return;
    let live = true;
    void mapLimited(names, 8, async (name) => {
      const d = await loadDetails(name).catch(() => undefined);
      if (live && d) setDetails((prev) => new Map(prev).set(name, d));
    });
    return () => {
      live = false;
    };
  }, [list.data]);
  const rows: Row[] | undefined = list.data?.names.map((name) => ({
    tags: [],
    ...details.get(name),
    name,
    config: list.data?.configs.get(name),
  }));
  return { rows, error: list.error, loading: list.loading };
}

function PercentileSwitch(props: { row: Row; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // The switch shows the state asked for at once; a refusal puts it back and says why.
  const [wanted, setWanted] = useState<boolean>();
  const on = wanted ?? props.row.config?.include_percentiles === true;
  return (
    <label class="toggle" title="Datadog's 'Calculate percentiles' setting (a tag configuration)">
      <input
        type="checkbox"
        checked={on}
        disabled={busy}
        aria-label={`Percentiles for ${props.row.name}`}
        onChange={() => {
          setBusy(true);
          setWanted(!on);
          setError(undefined);
          setPercentiles(props.row.name, !on, props.row.config)
            .then(props.onDone)
            .catch((e: Error) => {
              setWanted(undefined);
              setError(e.message);
            })
            .finally(() => setBusy(false));
        }}
      />{' '}
      percentiles{error && <span class="error"> {error}</span>}
    </label>
  );
}

export function MetricsSummary() {
  const [filter, setFilter] = useState('');
  const [version, setVersion] = useState(0);
  const rows = useRows(version);
  const shown = (rows.rows ?? []).filter((r) => r.name.includes(filter.trim()));
  return (
    <main>
      <Header title="Metrics Summary">
        <input
          aria-label="Filter metrics"
          placeholder="filter by name"
          value={filter}
          onInput={(e) => setFilter(e.currentTarget.value)}
        />
      </Header>
      <ErrorBox error={rows.error} />
      {rows.loading && !rows.rows && <p class="hint">Loading…</p>}
      <table class="grid" id="metrics-summary">
        <thead>
          <tr>
            <th>metric</th>
            <th>type</th>
            <th>distinct series</th>
            <th class="tags">tags</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr data-metric={r.name}>
              <td class="metric-name">
                <Link href={`/metric/explorer?query=${encodeURIComponent(defaultQuery(r.name, r.type))}`}>
                  {r.name}
                </Link>
              </td>
              <td class="nowrap">
                <span class="badge">{r.type ?? '…'}</span>
              </td>
              <td class="num">{formatNumber(r.volume)}</td>
              <td class="tags">
                {tagSummary(r.tags).map((t) =>
                  t.more ? <span class="hint"> {t.text} </span> : <span class="tag">{t.text}</span>,
                )}
              </td>
              <td>
                {r.type === 'distribution' && (
                  <PercentileSwitch row={r} onDone={() => setVersion((v) => v + 1)} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.rows && shown.length === 0 && <p class="empty">No metric matches.</p>}
    </main>
  );
}
