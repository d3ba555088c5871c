/** The console's shell: navigation and the page for the current URL (Datadog's own paths). */

import { render } from 'preact';
import { CONSOLE_PAGES } from '#contracts/pages.js';
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
import { routeOf } from './routes.js';

function Page(props: { url: URL }) {
  const route = routeOf(props.url.pathname);
  const url = props.url;
  switch (route.page) {
    case 'home':
      return <Home />;
    case 'metrics':
      return <MetricsExplorer url={url} />;
    case 'summary':
      return <MetricsSummary />;
    case 'services':
      return <Services url={url} />;
    case 'service':
      return <Service url={url} service={route.service} />;
    case 'traces':
      return <Traces url={url} />;
    case 'trace':
      return <TraceView url={url} traceId={route.traceId} />;
    case 'logs':
      return <Logs url={url} />;
    case 'infrastructure':
      return <Infrastructure url={url} />;
    case 'database':
      return <Database url={url} />;
    case 'dashboards':
      return <DashboardList />;
    case 'dashboard':
      return <DashboardView url={url} id={route.id} />;
    case 'monitors':
      return <MonitorList />;
    case 'monitor':
      return <MonitorView url={url} id={route.id} />;
    case 'none':
      return (
        <main>
          <h1>No such page</h1>
          <p>
            {route.path} is not a console page. <Link href="/">Go home</Link>.
          </p>
        </main>
      );
  }
}

function App() {
  const url = useLocation();
  const current = (href: string) => (href === '/' ? url.pathname === '/' : url.pathname.startsWith(href));
  return (
    <>
      <nav class="top-nav" aria-label="Console">
        <span class="brand">ddworkshop · offline console</span>
        {CONSOLE_PAGES.map((p) => (
          <Link href={p.path} class={current(p.path) ? 'on' : ''}>
            {p.title}
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
