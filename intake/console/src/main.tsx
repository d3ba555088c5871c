/** The console's shell: navigation and the page for the current URL (Datadog's own paths). */
import { render } from 'preact';
import { Link, useLocation } from './nav.js';
import { DashboardList, DashboardView } from './pages/dashboards.js';
import { Database } from './pages/database.js';
import { Home } from './pages/home.js';
import { Infrastructure } from './pages/infrastructure.js';
import { Logs } from './pages/logs.js';
import { MetricsExplorer } from './pages/metrics-explorer.js';
import { MetricsSummary } from './pages/metrics-summary.js';
import { MonitorList, MonitorView } from './pages/monitors.js';
import { Service } from './pages/service.js';
import { Services } from './pages/services.js';
import { TraceView } from './pages/trace-view.js';
import { Traces } from './pages/traces.js';

const NAV = [
  ['/', 'Home'],
  ['/metric/explorer', 'Metrics Explorer'],
  ['/metric/summary', 'Metrics Summary'],
  ['/apm/services', 'APM Services'],
  ['/apm/traces', 'Traces'],
  ['/logs', 'Logs'],
  ['/dashboard/lists', 'Dashboards'],
  ['/monitors/manage', 'Monitors'],
  ['/infrastructure', 'Infrastructure'],
  ['/databases/queries', 'Database'],
] as const;

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function Page(props: { url: URL }) {
  const path = props.url.pathname.replace(/\/+$/, '') || '/';
  const service = /^\/apm\/services\/([^/]+)$/.exec(path);
  const trace = /^\/apm\/trace\/([^/]+)$/.exec(path);
  if (path === '/' || path === '/console') return <Home />;
  if (path === '/metric/explorer') return <MetricsExplorer url={props.url} />;
  if (path === '/metric/summary') return <MetricsSummary />;
  if (path === '/apm/services') return <Services url={props.url} />;
  if (service) return <Service url={props.url} service={decode(service[1] ?? '')} />;
  if (path === '/apm/traces') return <Traces url={props.url} />;
  if (trace) return <TraceView url={props.url} traceId={decode(trace[1] ?? '')} />;
  const dashboard = /^\/dashboard\/([\w-]+)(?:\/[^/]*)?$/.exec(path);
  const monitor = /^\/monitors\/(\d+)$/.exec(path);
  if (path === '/logs') return <Logs url={props.url} />;
  if (path === '/infrastructure') return <Infrastructure url={props.url} />;
  if (path === '/databases/queries') return <Database url={props.url} />;
  if (path === '/dashboard/lists') return <DashboardList />;
  if (dashboard) return <DashboardView url={props.url} id={dashboard[1] ?? ''} />;
  if (path === '/monitors/manage') return <MonitorList />;
  if (monitor) return <MonitorView url={props.url} id={monitor[1] ?? ''} />;
  return (
    <main>
      <h1>No such page</h1>
      <p>
        {path} is not a console page. <Link href="/">Go home</Link>.
      </p>
    </main>
  );
}

function App() {
  const url = useLocation();
  const current = (href: string) => (href === '/' ? url.pathname === '/' : url.pathname.startsWith(href));
  return (
    <>
      <nav class="top-nav" aria-label="Console">
        <span class="brand">ddworkshop · offline console</span>
        {NAV.map(([href, label]) => (
          <Link href={href} class={current(href) ? 'on' : ''}>
            {label}
          </Link>
        ))}
      </nav>
      <Page url={url} />
    </>
  );
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
