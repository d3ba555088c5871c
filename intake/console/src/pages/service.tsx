/** A service's page: requests, errors and latency over time, and its resources. */
import { apmResources, queryMetrics } from '../api.js';
import { Chart } from '../chart.js';
import { Link } from '../nav.js';
import { parseRange, type TimeRange } from '../time-range.js';
import { useData } from '../use-data.js';
import { ErrorBox, Header, TimePicker } from '../widgets.js';
import { operationStats, operations } from './apm-metrics.js';
import { StatsTable } from './apm-table.js';

async function charts(op: string, service: string, r: TimeRange) {
  const scope = `service:${service}`;
  const run = async (label: string, query: string, scale = 1) => {
    const s = (await queryMetrics(query, r.fromSec, r.toSec)).series[0];
    return {
      label,
      query,
      points: (s?.pointlist ?? []).map(([t, v]): [number, number | null] => [
        t,
        v === null ? null : v * scale,
      ]),
    };
  };
  const [hits, errors, p50, p95, p99] = await Promise.all([
    run('requests/s', `sum:trace.${op}.hits{${scope}}.as_rate()`),
    run('errors', `sum:trace.${op}.errors{${scope}}.as_count()`),
    run('p50 (ms)', `p50:trace.${op}{${scope}}`, 1000),
    run('p95 (ms)', `p95:trace.${op}{${scope}}`, 1000),
    run('p99 (ms)', `p99:trace.${op}{${scope}}`, 1000),
  ]);
  return { hits, errors, latency: [p50, p95, p99] };
}

function traceLink(service: string, resource: string): string {
  const query = `service:${service} resource_name:"${resource.replaceAll('"', '')}"`;
  return `/apm/traces?query=${encodeURIComponent(query)}`;
}

export function Service(props: { url: URL; service: string }) {
  const raw = props.url.searchParams.get('range') ?? '1h';
  const range = parseRange(raw, Date.now(), '1h');
  const service = props.service.toLowerCase();
  const data = useData(
    async () => {
      const r = parseRange(raw, Date.now(), '1h');
      const [ops, spelled] = await Promise.all([operations(), apmResources(service).catch(() => [])]);
      const perOp = await Promise.all(
        ops.map(async (op) => ({
          op,
          rows: await operationStats(op, `service:${service}`, 'resource_name', r.fromSec, r.toSec),
        })),
      );
      // The service's main operation first (express.request before dns.lookup), as Datadog picks
      // the entry operation: the busiest one.
      const hits = (o: (typeof perOp)[number]) => o.rows.reduce((n, row) => n + row.hits, 0);
      const mine = perOp.filter((o) => o.rows.length > 0).sort((a, b) => hits(b) - hits(a));
      return {
        r,
        spelled,
        ops: await Promise.all(mine.map(async (o) => ({ ...o, charts: await charts(o.op, service, r) }))),
      };
    },
    [raw, service],
    range.live ? 15_000 : undefined,
  );
  return (
    <main>
      <Header title={`Service: ${props.service}`}>
        <TimePicker range={range} raw={raw} />
      </Header>
      <p>
        <Link href="/apm/services">← all services</Link> ·{' '}
        <Link href={`/apm/traces?query=${encodeURIComponent(`service:${service}`)}`}>its traces</Link>
      </p>
      <ErrorBox error={data.error} />
      {data.data && data.data.ops.length === 0 && (
        <p class="empty">No trace metrics for this service in this time range.</p>
      )}
      {data.data?.ops.map((o) => (
        <section class="operation">
          <h2>{o.op}</h2>
          <div class="chart-row">
            <figure>
              <figcaption>Requests/s</figcaption>
              <Chart
                height={180}
                fromSec={data.data?.r.fromSec ?? 0}
                toSec={data.data?.r.toSec ?? 0}
                series={[o.charts.hits]}
              />
            </figure>
            <figure>
              <figcaption>Errors</figcaption>
              <Chart
                height={180}
                fromSec={data.data?.r.fromSec ?? 0}
                toSec={data.data?.r.toSec ?? 0}
                series={[o.charts.errors]}
              />
            </figure>
            <figure>
              <figcaption>Latency</figcaption>
              <Chart
                height={180}
                fromSec={data.data?.r.fromSec ?? 0}
                toSec={data.data?.r.toSec ?? 0}
                series={o.charts.latency}
              />
            </figure>
          </div>
          <StatsTable
            id={`resources-${o.op}`}
            first="resource"
            rows={o.rows.sort((a, b) => b.hits - a.hits)}
            windowSec={(data.data?.r.toSec ?? 1) - (data.data?.r.fromSec ?? 0)}
            name={(row) => {
              const tagged = /(?:^|,)resource_name:(.*)$/.exec(row.group)?.[1] ?? row.group;
              // Tag values are as Datadog stores them (post_/purchase): show the resource as spans spell it.
              const resource = data.data?.spelled.find((r) => r.tag === tagged)?.name ?? tagged;
              return <Link href={traceLink(service, resource)}>{resource}</Link>;
            }}
          />
        </section>
      ))}
    </main>
  );
}
