/** APM Services: every service's top-level operations with requests, errors and latency. */
import { Link } from '../nav.js';
import { parseRange } from '../time-range.js';
import { useData } from '../use-data.js';
import { ErrorBox, Header, TimePicker } from '../widgets.js';
import { operationStats, operations } from './apm-metrics.js';
import { StatsTable } from './apm-table.js';

export function Services(props: { url: URL }) {
  const raw = props.url.searchParams.get('range') ?? '1h';
  const range = parseRange(raw, Date.now(), '1h');
  const stats = useData(
    async () => {
      const r = parseRange(raw, Date.now(), '1h');
      const ops = await operations();
      const all = await Promise.all(ops.map((op) => operationStats(op, '*', 'service', r.fromSec, r.toSec)));
      return { rows: all.flat().sort((a, b) => b.hits - a.hits), windowSec: r.toSec - r.fromSec };
    },
    [raw],
    range.live ? 15_000 : undefined,
  );
  return (
    <main>
      <Header title="APM Services">
        <TimePicker range={range} raw={raw} />
      </Header>
      <ErrorBox error={stats.error} />
      {stats.data && stats.data.rows.length === 0 && (
        <p class="empty">No traces in this time range: send traffic (./ddw traffic quick).</p>
      )}
      {stats.data && stats.data.rows.length > 0 && (
        <StatsTable
          id="services"
          first="service · operation"
          rows={stats.data.rows}
          windowSec={stats.data.windowSec}
          name={(r) => (
            <>
              <Link href={`/apm/services/${encodeURIComponent(r.service)}?range=${encodeURIComponent(raw)}`}>
                {r.service}
              </Link>{' '}
              <span class="hint">{r.operation}</span>
            </>
          )}
        />
      )}
    </main>
  );
}
