/** Traces: span search in Datadog's syntax, newest first; a row opens its trace. */
import { searchSpans } from '../api.js';
import { formatDuration, formatTime } from '../format.js';
import { Link } from '../nav.js';
import { parseRange } from '../time-range.js';
import { useData } from '../use-data.js';
import { ErrorBox, Header, SearchForm, TimePicker } from '../widgets.js';

export function Traces(props: { url: URL }) {
  const query = props.url.searchParams.get('query') ?? '*';
  const raw = props.url.searchParams.get('range') ?? '15m';
  const range = parseRange(raw, Date.now());
  const spans = useData(() => {
    const r = parseRange(raw, Date.now());
    return searchSpans(
      query,
      new Date(r.fromSec * 1000).toISOString(),
      new Date(r.toSec * 1000).toISOString(),
      200,
    );
  }, [query, raw]);
  return (
    <main>
      <Header title="Traces">
        <TimePicker range={range} raw={raw} />
      </Header>
      <SearchForm
        query={query}
        label="Span search"
        placeholder={'service:webapp status:error @http.status_code:500 resource_name:"GET /"'}
      />
      <p class="hint">
        Datadog's span search: reserved attributes bare (<code>service:</code>, <code>resource_name:</code>,{' '}
        <code>operation_name:</code>, <code>status:</code>, <code>env:</code>), span tags with <code>@</code>,{' '}
        <code>-</code> to negate, <code>*</code> wildcards.
      </p>
      <ErrorBox error={spans.error} />
      {spans.data && (
        <table class="grid" id="span-list">
          <thead>
            <tr>
              <th>time</th>
              <th>service</th>
              <th>resource</th>
              <th>operation</th>
              <th>duration</th>
              <th>status</th>
            </tr>
          </thead>
          <tbody>
            {spans.data.map((s) => {
              const start = Date.parse(s.start_timestamp);
              const durationMs = Number(s.custom.duration ?? 0) / 1e6;
              return (
                <tr class={s.status === 'error' ? 'error-row' : ''}>
                  <td>
                    <Link
                      href={`/apm/trace/${encodeURIComponent(s.trace_id)}?span=${encodeURIComponent(s.span_id)}&at=${start}`}
                    >
                      {formatTime(start)}
                    </Link>
                  </td>
                  <td>{s.service}</td>
                  <td class="resource">{s.resource_name}</td>
                  <td>{s.operation_name}</td>
                  <td class="num">{formatDuration(durationMs)}</td>
                  <td>{s.status}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {spans.data?.length === 0 && <p class="empty">No span matches this search in this time range.</p>}
    </main>
  );
}
