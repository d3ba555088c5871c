/**
 * Logs (`/logs?query=…`): Datadog's log search over what the intake collected, newest first;
 * facets for service and status; live tail; a line's JSON on click, with the link to its trace.
 */
import { useState } from 'preact/hooks';
import { type LogEntry, searchLogs } from '../api.js';
import { formatTime } from '../format.js';
import { Measures } from '../measures.js';
import { Link, setParams } from '../nav.js';
import { parseRange } from '../time-range.js';
import { useData } from '../use-data.js';
import { ErrorBox, Header, SearchForm, TimePicker } from '../widgets.js';

/** The trace view's id for a log's trace id: dd-trace 5 logs 128 bits in hex; spans keep the low 64 in decimal. */
export function spanTraceId(logTraceId: string): string {
  if (/^[0-9a-f]{32}$/i.test(logTraceId)) return BigInt(`0x${logTraceId.slice(16)}`).toString();
  return logTraceId;
}

function traceIdOf(log: LogEntry): string | undefined {
  const dd = (log.attributes.attributes.dd ?? {}) as Record<string, unknown>;
  return typeof dd.trace_id === 'string' && dd.trace_id ? dd.trace_id : undefined;
}

function Facet(props: { name: string; logs: LogEntry[]; pick: (l: LogEntry) => string; query: string }) {
  const counts = new Map<string, number>();
  for (const l of props.logs) counts.set(props.pick(l), (counts.get(props.pick(l)) ?? 0) + 1);
  return (
    <section class="facet">
      <h3>{props.name}</h3>
      <ul>
        {[...counts]
          .sort((a, b) => b[1] - a[1])
          .map(([value, n]) => (
            <li>
              <button
                type="button"
                class="linklike"
                onClick={() =>
                  setParams({
                    query: `${props.query === '*' ? '' : `${props.query} `}${props.name}:${value}`.trim(),
                  })
                }
              >
                {value}
              </button>{' '}
              <span class="hint">{n}</span>
            </li>
          ))}
      </ul>
    </section>
  );
}

function LogDetails(props: { log: LogEntry }) {
  const traceId = traceIdOf(props.log);
  return (
    <aside class="span-details" aria-label="Log details">
      <h2>
        {props.log.attributes.service} · {props.log.attributes.status}
      </h2>
      <p class="resource">{props.log.attributes.message}</p>
      {traceId && (
        <p>
          <Link href={`/apm/trace/${spanTraceId(traceId)}?at=${Date.parse(props.log.attributes.timestamp)}`}>
            → its trace
          </Link>{' '}
          <span class="hint">{traceId}</span>
        </p>
      )}
      <Measures source="logs" attributes={props.log.attributes.attributes} />
      <pre class="notification" id="log-json">
        {JSON.stringify(props.log.attributes, null, 2)}
      </pre>
    </aside>
  );
}

export function Logs(props: { url: URL }) {
  const query = props.url.searchParams.get('query') ?? '*';
  const raw = props.url.searchParams.get('range') ?? '15m';
  const live = props.url.searchParams.get('live') === '1';
  const range = parseRange(raw, Date.now());
  const [selected, setSelected] = useState<string>();
  const logs = useData(
    () => {
      const r = parseRange(raw, Date.now());
      return searchLogs(
        query,
        new Date(r.fromSec * 1000).toISOString(),
        new Date(Date.now()).toISOString(),
        500,
      );
    },
    [query, raw],
    live ? 2000 : undefined,
  );
  const list = logs.data ?? [];
  const chosen = list.find((l) => l.id === selected);
  return (
    <main>
      <Header title="Logs">
        <TimePicker range={range} raw={raw} />
        <label class="toggle">
          <input
            type="checkbox"
            checked={live}
            onChange={(e) => setParams({ live: e.currentTarget.checked ? '1' : undefined })}
          />{' '}
          live tail
        </label>
      </Header>
      <SearchForm
        query={query}
        label="Log search"
        placeholder={'service:webapp status:error @http.route:/purchase'}
      />
      <ErrorBox error={logs.error} />
      <div class="logs-layout">
        <div class="facets">
          <Facet name="service" logs={list} pick={(l) => l.attributes.service} query={query} />
          <Facet name="status" logs={list} pick={(l) => l.attributes.status} query={query} />
        </div>
        <div>
          <table class="grid" id="log-list">
            <thead>
              <tr>
                <th>time</th>
                <th>status</th>
                <th>service</th>
                <th>message</th>
              </tr>
            </thead>
            <tbody>
              {list.map((l) => (
                <tr
                  class={`log-row status-${l.attributes.status} ${l.id === selected ? 'selected' : ''}`}
                  data-log-id={l.id}
                  onClick={() => setSelected(l.id)}
                >
                  <td class="num">{formatTime(Date.parse(l.attributes.timestamp))}</td>
                  <td>{l.attributes.status}</td>
                  <td>{l.attributes.service}</td>
                  <td class="resource">{l.attributes.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {logs.data && list.length === 0 && (
            <p class="empty">No log matches this search in this time range.</p>
          )}
        </div>
        {chosen && <LogDetails log={chosen} />}
      </div>
    </main>
  );
}
