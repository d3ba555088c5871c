/** Home: is data arriving, what runs, where everything is. */
import { CONSOLE_PAGES } from '#contracts/pages.js';
import { intakeStatus, type StackReportAnswer, stackReport } from '../api.js';
import { formatNumber } from '../format.js';
import { Link } from '../nav.js';
import { useData } from '../use-data.js';
import { Card, ErrorBox, Header } from '../widgets.js';

type Stack = StackReportAnswer;

function health(s: { state: string; health?: string }): 'ok' | 'warn' | 'bad' {
  if (s.state !== 'running') return 'bad';
  return s.health === undefined || s.health === 'healthy' ? 'ok' : 'warn';
}

function ServicesTable(props: { stack?: Stack }) {
  const services = props.stack?.services ?? [];
  if (services.length === 0)
    return (
      <p class="hint">
        The CLI has not reported the stack yet: it does on setup, up and status (./ddw status).
      </p>
    );
  return (
    <table class="grid">
      <thead>
        <tr>
          <th>service</th>
          <th>state</th>
          <th>ports on this machine</th>
        </tr>
      </thead>
      <tbody>
        {services.map((s) => (
          <tr>
            <td>{s.name}</td>
            <td>
              <span class={`dot ${health(s)}`} /> {s.state}
              {s.health ? ` (${s.health})` : ''}
            </td>
            <td>
              {s.ports.map((p) => `${p.port}/${p.protocol}${p.purpose ? ` ${p.purpose}` : ''}`).join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Home() {
  const status = useData(() => intakeStatus(), [], 2000);
  const stack = useData(() => stackReport(), [], 5000);
  const s = status.data;
  const errorsTotal = s ? Object.values(s.dogstatsd.parseErrors).reduce((a, b) => a + b, 0) : 0;
  const traces = Object.entries(s?.recent.tracesPerSecByService ?? {}).sort((a, b) => b[1] - a[1]);
  return (
    <main>
      <Header title="Is data arriving?" />
      <ErrorBox error={status.error} />
      <section class="cards">
        <Card
          label="DogStatsD packets/s"
          value={formatNumber(s?.recent.packetsPerSec)}
          hint={
            s
              ? `${formatNumber(s.dogstatsd.packets)} since start, last ${s.recent.windowSec} s${s.dogstatsd.kernelDrops ? ` · ${formatNumber(s.dogstatsd.kernelDrops)} dropped by the kernel (receive buffer full)` : ''}`
              : ''
          }
          tone={s?.dogstatsd.kernelDrops ? 'bad' : s && s.recent.packetsPerSec > 0 ? 'ok' : 'warn'}
        />
        <Card
          label="Parse errors"
          value={formatNumber(errorsTotal)}
          hint={s ? `${formatNumber(s.recent.parseErrorsPerSec)}/s now` : ''}
          tone={errorsTotal > 0 ? 'bad' : 'ok'}
        />
        <Card
          label="Series stored"
          value={formatNumber(s?.dogstatsd.series)}
          hint={
            s?.dogstatsd.evictedSeries
              ? `limit reached: ${s.dogstatsd.evictedSeries} evicted${s.dogstatsd.cardinalityHint ? ` — lower ${s.dogstatsd.cardinalityHint.metric}${s.dogstatsd.cardinalityHint.tag ? ` by ${s.dogstatsd.cardinalityHint.tag}` : ''}` : ''}`
              : 'none evicted'
          }
          tone={s?.dogstatsd.evictedSeries ? 'bad' : 'ok'}
        />
        <Card
          label="Spans/s"
          value={formatNumber(s?.recent.spansPerSec)}
          hint={s ? `${formatNumber(s.apm.traces)} traces since start` : ''}
          tone={s && s.recent.spansPerSec > 0 ? 'ok' : 'warn'}
        />
      </section>
      <h2>Traces per second, last minute</h2>
      {traces.length === 0 ? (
        <p class="hint">No traces yet: send traffic (./ddw traffic quick).</p>
      ) : (
        <table class="grid" id="traces-per-service">
          <thead>
            <tr>
              <th>service</th>
              <th>traces/s</th>
            </tr>
          </thead>
          <tbody>
            {traces.map(([svc, rate]) => (
              <tr>
                <td>
                  <Link href={`/apm/services/${encodeURIComponent(svc)}`}>{svc}</Link>
                </td>
                <td class="num">{formatNumber(rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>The stack</h2>
      <ErrorBox error={stack.error} />
      <ServicesTable stack={stack.data} />
      {s && (
        <p class="hint" id="intake-ports">
          This intake listens on DogStatsD {s.ports.dogstatsd}/udp, traces {s.ports.trace}, API {s.ports.api}{' '}
          (inside its container or process).
        </p>
      )}
      <h2>Pages</h2>
      <ul class="page-list">
        {CONSOLE_PAGES.filter((p) => p.path !== '/').map((p) => (
          <li>
            <Link href={p.path}>{p.title}</Link> — {p.what}
          </li>
        ))}
      </ul>
      <h2>The same data, from code</h2>
      <p>
        Every chart here reads Datadog's own API on this intake — the same calls the API client and{' '}
        <code>./ddw verify</code> make. Try it:
      </p>
      <pre class="code">{`curl -s -H 'DD-API-KEY: x' -H 'DD-APPLICATION-KEY: x' \\
  '${location.origin}/api/v1/query?from=${'$'}(($(date +%s)-600))&to=${'$'}(date +%s)&query=sum:trace.express.request.hits{*}.as_count()'`}</pre>
    </main>
  );
}
