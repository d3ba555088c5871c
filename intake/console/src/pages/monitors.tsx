/**
 * Monitors: the list (`/monitors/manage`) and one monitor (`/monitors/<id>`): its state, the
 * query's chart with the threshold lines, every group, the transitions and the notification
 * each would have sent, its message rendered.
 */
import { getMonitor, listMonitors, monitorHistory, queryMetrics } from '../api.js';
import { Chart } from '../chart.js';
import { seriesLabel } from '../chart-data.js';
import { formatNumber, formatTime } from '../format.js';
import { Link } from '../nav.js';
import { parseRange } from '../time-range.js';
import { useData } from '../use-data.js';
import { ErrorBox, Header, TimePicker } from '../widgets.js';

const TONE: Record<string, string> = { OK: 'ok', Warn: 'warn', Alert: 'bad', 'No Data': 'nodata' };

function State(props: { state: string }) {
  return <span class={`state state-${TONE[props.state] ?? 'nodata'}`}>{props.state}</span>;
}

export function MonitorList() {
  const list = useData(listMonitors, [], 10_000);
  return (
    <main>
      <Header title="Monitors" />
      <ErrorBox error={list.error} />
      {list.data?.length === 0 && (
        <p class="empty">No monitors yet: write monitors/&lt;name&gt;.json and run ./ddw monitor push.</p>
      )}
      {list.data && list.data.length > 0 && (
        <table class="grid" id="monitors">
          <thead>
            <tr>
              <th>state</th>
              <th>name</th>
              <th>query</th>
              <th>tags</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((m) => (
              <tr data-monitor={m.id}>
                <td>
                  <State state={m.overall_state} />
                </td>
                <td>
                  <Link href={`/monitors/${m.id}`}>{m.name}</Link>
                </td>
                <td class="resource">{m.query}</td>
                <td>
                  {m.tags.map((t) => (
                    <span class="tag">{t}</span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

/** `sum(last_5m):sum:error_count{…}.as_count() > 20` → the metric query inside it. */
function metricQueryOf(query: string): string {
  return query.replace(/^\s*[a-z_]+\(last_\d+[mhd]\):/, '').replace(/\s*(>=|<=|>|<)\s*-?[\d.e+-]+\s*$/, '');
}

export function MonitorView(props: { url: URL; id: string }) {
  const raw = props.url.searchParams.get('range') ?? '1h';
  const range = parseRange(raw, Date.now(), '1h');
  const data = useData(
    async () => {
      const r = parseRange(raw, Date.now(), '1h');
      const [monitor, history] = await Promise.all([getMonitor(props.id), monitorHistory(props.id)]);
      const chart = await queryMetrics(metricQueryOf(monitor.query), r.fromSec, r.toSec);
      return { monitor, history, chart, r };
    },
    [props.id, raw],
    range.live ? 10_000 : undefined,
  );
  const m = data.data?.monitor;
  const t = m?.options.thresholds ?? {};
  const last = data.data?.history.transitions.at(-1);
  return (
    <main>
      <Header title={m?.name ?? 'Monitor'}>
        <TimePicker range={range} raw={raw} />
      </Header>
      <p>
        <Link href="/monitors/manage">← all monitors</Link>
      </p>
      <ErrorBox error={data.error} />
      {m && data.data && (
        <>
          <p class="monitor-state">
            <State state={m.overall_state} /> <code>{m.query}</code>
          </p>
          <p class="hint">
            critical {t.critical ?? '—'}
            {t.warning !== undefined && ` · warning ${t.warning}`} · evaluated every{' '}
            {data.data.history.evaluated_every_sec} s offline (Datadog: every minute)
            {data.data.history.last_evaluated &&
              ` · last ${formatTime(Date.parse(data.data.history.last_evaluated))}`}
          </p>
          <Chart
            fromSec={data.data.r.fromSec}
            toSec={data.data.r.toSec}
            series={data.data.chart.series.map((s) => ({
              label: seriesLabel(s.tag_set, s.expression),
              points: s.pointlist,
            }))}
            markers={[
              ...(t.critical !== undefined
                ? [{ value: t.critical, colour: '#d0312d', label: 'critical' }]
                : []),
              ...(t.warning !== undefined ? [{ value: t.warning, colour: '#c98b00', label: 'warning' }] : []),
            ]}
          />
          <h2>Last notification</h2>
          {last ? (
            <pre class="notification" id="notification">
              {last.notification || '(the message is empty for this state)'}
            </pre>
          ) : (
            <p class="hint">No transition yet.</p>
          )}
          <h2>Groups</h2>
          <table class="grid" id="monitor-groups">
            <tbody>
              {data.data.history.groups.map((g) => (
                <tr>
                  <td>{g.group}</td>
                  <td>
                    <State state={g.status} />
                  </td>
                  <td class="num">{formatNumber(g.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Transitions</h2>
          <table class="grid" id="monitor-transitions">
            <thead>
              <tr>
                <th>time</th>
                <th>group</th>
                <th>from → to</th>
                <th>value</th>
              </tr>
            </thead>
            <tbody>
              {[...data.data.history.transitions].reverse().map((tr) => (
                <tr>
                  <td>{formatTime(tr.atMs)}</td>
                  <td>{tr.group}</td>
                  <td>
                    {tr.from ?? '—'} → <State state={tr.to} />
                  </td>
                  <td class="num">{formatNumber(tr.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Message</h2>
          <pre class="notification">{m.message}</pre>
        </>
      )}
    </main>
  );
}
