/**
 * Database: the statements the postgres check saw in pg_stat_statements (obfuscated), ranked by
 * total time as Datadog's Query Metrics page ranks them; a statement's calls and time over time,
 * its explain plan, and the pg.query spans that ran it.
 */

import { chartSeries, type DbStatement, dbPlan, dbSpans, dbStatements } from '../api.js';
import { Chart } from '../chart.js';
import { ratioPoints } from '../chart-data.js';
import { formatDuration, formatNumber } from '../format.js';
import { Link, setParams } from '../nav.js';
import { parseRange } from '../time-range.js';
import { useData } from '../use-data.js';
import { ErrorBox, Header, TimePicker } from '../widgets.js';

const perCall = (n: number, calls: number) => (calls ? n / calls : 0);

function StatementTable(props: { rows: DbStatement[]; selected?: string }) {
  return (
    <table id="statements">
      <thead>
        <tr>
          <th>query</th>
          <th class="num">calls</th>
          <th class="num">total time</th>
          <th class="num">avg time</th>
          <th
            class="num"
            title="since the statement was first seen; the statement's chart shows it per interval"
          >
            blocks/call
          </th>
          <th class="num">rows/call</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((s) => (
          <tr class={s.signature === props.selected ? 'on' : ''}>
            <td>
              <button type="button" class="link" onClick={() => setParams({ query_signature: s.signature })}>
                <code>{s.query.length > 120 ? `${s.query.slice(0, 117)}...` : s.query}</code>
              </button>
            </td>
            <td class="num">{formatNumber(s.calls)}</td>
            <td class="num">{formatDuration(s.totalTimeMs)}</td>
            <td class="num">{formatDuration(perCall(s.totalTimeMs, s.calls))}</td>
            <td class="num">{formatNumber(perCall(s.sharedBlksHit + s.sharedBlksRead, s.calls))}</td>
            <td class="num">{formatNumber(perCall(s.rows, s.calls))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StatementDetail(props: { statement: DbStatement; raw: string }) {
  const sig = props.statement.signature;
  const range = parseRange(props.raw, Date.now(), '1h');
  const charts = useData(
    async () => {
      const r = parseRange(props.raw, Date.now(), '1h');
      const series = (metric: string) =>
        chartSeries(
          `sum:postgresql.queries.${metric}{query_signature:${sig}}.as_count()`,
          r.fromSec,
          r.toSec,
        );
      const [calls, time, hit, read] = await Promise.all(
        ['count', 'time', 'shared_blks_hit', 'shared_blks_read'].map(series),
      );
      const points = (lines: typeof calls | undefined) => lines?.[0]?.points ?? [];
      return {
        r,
        calls: (calls ?? []).map((l) => ({ ...l, label: 'calls' })),
        // Per interval: a fix shows at once, where the table's figure still averages every call since the start.
        blocks: calls?.length
          ? [{ label: 'blocks per call', points: ratioPoints([points(hit), points(read)], points(calls)) }]
          : [],
        time: (time ?? []).map((l) => ({
          label: 'total time (ms)',
          points: l.points.map(([t, v]): [number, number | null] => [t, v === null ? null : v / 1e6]),
        })),
      };
    },
    [sig, props.raw],
    range.live ? 15_000 : undefined,
  );
  const plan = useData(() => dbPlan(sig), [sig]);
  const spans = useData(
    () => dbSpans(sig, `now-${props.raw.match(/^\d+[mhd]$/) ? props.raw : '1h'}`),
    [sig, props.raw],
  );
  const c = charts.data;
  return (
    <section id="statement" aria-label="Statement">
      <h2>Statement {sig}</h2>
      <pre class="sql">{props.statement.query}</pre>
      {c && (
        <div class="chart-row">
          <figure>
            <figcaption>Calls</figcaption>
            <Chart height={160} fromSec={c.r.fromSec} toSec={c.r.toSec} series={c.calls} />
          </figure>
          <figure>
            <figcaption>Total time (ms)</figcaption>
            <Chart height={160} fromSec={c.r.fromSec} toSec={c.r.toSec} series={c.time} />
          </figure>
          <figure>
            <figcaption>Blocks per call</figcaption>
            <Chart height={160} fromSec={c.r.fromSec} toSec={c.r.toSec} series={c.blocks} />
          </figure>
        </div>
      )}
      <h3>Explain plan</h3>
      <ErrorBox error={plan.error} />
      {plan.data && (
        <>
          <ol class="plan" id="plan">
            {plan.data.plan.nodes.map((n) => (
              <li
                style={{ paddingLeft: `${n.depth * 1.5}em` }}
                class={n.nodeType === 'Seq Scan' ? 'seq' : ''}
              >
                <strong>{n.nodeType}</strong>
                {n.index && <> using {n.index}</>}
                {n.relation && <> on {n.relation}</>}{' '}
                <span class="hint">
                  cost {formatNumber(n.totalCost)} · rows {formatNumber(n.planRows)}
                </span>
                {n.details.map((d) => (
                  <div class="hint">{d}</div>
                ))}
              </li>
            ))}
          </ol>
          {plan.data.plan.seqScans.length > 0 && (
            <p class="warn">
              Sequential scan of {plan.data.plan.seqScans.join(', ')}: every row is read on each call.
            </p>
          )}
        </>
      )}
      <h3>Traces that ran it</h3>
      <ErrorBox error={spans.error} />
      {spans.data && spans.data.total === 0 && (
        <p class="empty">No pg.query span of this statement in this time range.</p>
      )}
      {spans.data && spans.data.total > 0 && (
        <ul id="statement-spans">
          {spans.data.data.slice(0, 10).map(({ attributes: s }) => (
            <li>
              <Link href={`/apm/trace/${encodeURIComponent(s.trace_id)}`}>trace {s.trace_id}</Link>{' '}
              <span class="hint">
                {s.service} · {new Date(s.start_timestamp).toLocaleTimeString()}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Database(props: { url: URL }) {
  const raw = props.url.searchParams.get('range') ?? '1h';
  const selected = props.url.searchParams.get('query_signature') ?? undefined;
  const range = parseRange(raw, Date.now(), '1h');
  const list = useData(() => dbStatements(), [], 15_000);
  const rows = list.data?.statements ?? [];
  const statement = rows.find((s) => s.signature === selected);
  return (
    <main>
      <Header title="Database · Query Metrics">
        <TimePicker range={range} raw={raw} />
      </Header>
      <p class="hint">
        pg_stat_statements as the agent's postgres check reads it (<code>dbm: true</code>): totals since the
        intake started, literals replaced by <code>?</code>. In Datadog: APM → Database Monitoring → Query
        Metrics.
      </p>
      <ErrorBox error={list.error} />
      {list.data?.warning && <p class="warn">{list.data.warning}</p>}
      {list.data && !list.data.enabled && (
        <p class="empty">No PostgreSQL is configured for the intake's postgres check.</p>
      )}
      {list.data?.enabled && rows.length === 0 && (
        <p class="empty">
          No statements yet: send traffic (./ddw traffic shop 60); the check runs every 15 s.
        </p>
      )}
      {rows.length > 0 && <StatementTable rows={rows.slice(0, 50)} selected={selected} />}
      {statement && <StatementDetail statement={statement} raw={raw} />}
    </main>
  );
}
