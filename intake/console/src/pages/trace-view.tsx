/** A trace as a waterfall: spans nested under their parents, bars to scale, errors marked, tags on click. */
import { useState } from 'preact/hooks';
import { type SpanAttributes, searchSpans } from '../api.js';
import { formatDuration, formatTime } from '../format.js';
import { Measures } from '../measures.js';
import { Link } from '../nav.js';
import { buildWaterfall, type SpanLike } from '../span-tree.js';
import { useData } from '../use-data.js';
import { ErrorBox, Header } from '../widgets.js';

type ViewSpan = SpanLike & { raw: SpanAttributes };

function toViewSpan(a: SpanAttributes): ViewSpan {
  const startMs = Date.parse(a.start_timestamp);
  return {
    spanId: a.span_id,
    parentId: a.parent_id,
    startMs,
    durationMs: Number(a.custom.duration ?? 0) / 1e6 || Date.parse(a.end_timestamp) - startMs,
    service: a.service,
    name: a.operation_name,
    resource: a.resource_name,
    error: a.status === 'error',
    raw: a,
  };
}

/** The trace's spans: searched by trace id around the time the list said it started. */
async function loadTrace(traceId: string, atMs: number | undefined): Promise<ViewSpan[]> {
  const around = atMs ?? Date.now();
  const from = new Date(atMs ? around - 15 * 60_000 : around - 3_600_000).toISOString();
  const to = new Date(atMs ? around + 15 * 60_000 : around).toISOString();
  const spans = await searchSpans(`trace_id:${traceId}`, from, to, 5000);
  return spans.map(toViewSpan);
}

/** The console's spans keep custom flat (`purchase.amount`): nested back for the measures' paths. */
function numericCustom(custom: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(custom).filter(([k, v]) => typeof v === 'number' && k !== 'error' && !k.startsWith('_')),
  ) as Record<string, number>;
}

function SpanDetails(props: { span: ViewSpan }) {
  const a = props.span.raw;
  const entries = Object.entries(a.custom).sort(([x], [y]) => x.localeCompare(y));
  return (
    <aside class="span-details" aria-label="Span details">
      <h2>
        {a.service} · {a.operation_name}
      </h2>
      <p class="resource">{a.resource_name}</p>
      <p>
        {formatDuration(props.span.durationMs)} · started {formatTime(props.span.startMs)} · span {a.span_id}
        {a.parent_id !== '0' && ` · parent ${a.parent_id}`}
      </p>
      <Measures source="spans" attributes={numericCustom(a.custom)} />
      <table class="grid tags-table">
        <tbody>
          {entries.map(([k, v]) => (
            <tr>
              <th>{k}</th>
              <td class={k.startsWith('error') && v !== 0 ? 'bad' : ''}>
                {/* The spans API gives durations in nanoseconds; people read milliseconds. */}
                {k === 'duration' && typeof v === 'number' ? (
                  <span title={`${v} ns`}>{formatDuration(v / 1e6)}</span>
                ) : typeof v === 'string' ? (
                  v
                ) : (
                  JSON.stringify(v)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}

/** Where the time axis above the waterfall is labelled, as fractions of the trace's duration. */
const AXIS_TICKS = [0, 0.25, 0.5, 0.75, 1];

export function TraceView(props: { url: URL; traceId: string }) {
  const atRaw = Number(props.url.searchParams.get('at'));
  const at = Number.isFinite(atRaw) && atRaw > 0 ? atRaw : undefined;
  const trace = useData(() => loadTrace(props.traceId, at), [props.traceId, at]);
  const [selected, setSelected] = useState<string | undefined>(
    props.url.searchParams.get('span') ?? undefined,
  );
  const spans = trace.data ?? [];
  const waterfall = spans.length ? buildWaterfall(spans) : undefined;
  const chosen = spans.find((s) => s.spanId === selected) ?? waterfall?.rows[0]?.span;
  return (
    <main>
      <Header title={`Trace ${props.traceId}`} />
      <p>
        <Link href="/apm/traces">← search</Link> ·{' '}
        <Link href={`/logs?query=${encodeURIComponent(`trace_id:${props.traceId}`)}&range=1h`}>its logs</Link>
        {waterfall && (
          <>
            {' '}
            · {spans.length} spans · {formatDuration(waterfall.durationMs)} ·{' '}
            {new Set(spans.map((s) => s.service)).size} services
            {waterfall.orphans > 0 && ` · ${waterfall.orphans} spans whose parent did not arrive`}
          </>
        )}
      </p>
      <ErrorBox error={trace.error} />
      {trace.data && spans.length === 0 && (
        <p class="empty">No span of this trace is stored (kept for an hour).</p>
      )}
      {waterfall && (
        <div class="trace-layout">
          <ol class="waterfall" aria-label="Spans">
            <li class="span-axis" aria-hidden="true">
              <span />
              <span class="span-track axis">
                {AXIS_TICKS.map((f) => (
                  <span class="tick" style={{ left: `${f * 100}%` }}>
                    {formatDuration(waterfall.durationMs * f)}
                  </span>
                ))}
              </span>
              <span />
            </li>
            {waterfall.rows.map((row) => (
              <li
                class={`span-row ${row.span.error ? 'error' : ''} ${row.span === chosen ? 'selected' : ''}`}
                data-span-id={row.span.spanId}
                data-depth={row.depth}
              >
                <button type="button" class="span-button" onClick={() => setSelected(row.span.spanId)}>
                  <span
                    class="span-label"
                    style={{ paddingLeft: `${Math.min(row.depth, 30) * 14}px` }}
                    title={`${row.span.service} ${row.span.name} ${row.span.resource}`}
                  >
                    <span class="span-service">{row.span.service}</span> {row.span.name}{' '}
                    <span class="hint span-resource">{row.span.resource}</span>
                  </span>
                  <span class="span-track">
                    <span
                      class="span-bar"
                      style={{ left: `${row.offset * 100}%`, width: `max(2px, ${row.width * 100}%)` }}
                      title={formatDuration(row.span.durationMs)}
                    />
                  </span>
                  <span class="span-duration num">{formatDuration(row.span.durationMs)}</span>
                </button>
              </li>
            ))}
          </ol>
          {chosen && <SpanDetails span={chosen} />}
        </div>
      )}
    </main>
  );
}
