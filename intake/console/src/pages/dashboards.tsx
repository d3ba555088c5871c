/** Dashboards: the list (`/dashboard/lists`) and one dashboard drawn from its JSON (`/dashboard/<id>`). */
import { getDashboard, listDashboards } from '../api.js';
import { Link } from '../nav.js';
import { parseRange } from '../time-range.js';
import { useData } from '../use-data.js';
import { ErrorBox, Header, TimePicker } from '../widgets.js';
import { WidgetView } from './widgets-view.js';

/** Each widget queries the API: a 10,000-widget dashboard would hang the tab. */
const MAX_WIDGETS = 100;

export function DashboardList() {
  const list = useData(listDashboards, []);
  return (
    <main>
      <Header title="Dashboards" />
      <ErrorBox error={list.error} />
      {list.data?.length === 0 && (
        <p class="empty">
          No dashboards yet: write dashboards/&lt;name&gt;.json and run ./ddw dashboard push.
        </p>
      )}
      {list.data && list.data.length > 0 && (
        <table class="grid" id="dashboards">
          <thead>
            <tr>
              <th>title</th>
              <th>description</th>
              <th>modified</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => (
              <tr>
                <td>
                  <Link href={d.url}>{d.title}</Link>
                </td>
                <td>{d.description ?? ''}</td>
                <td>{new Date(d.modified_at).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

export function DashboardView(props: { url: URL; id: string }) {
  const raw = props.url.searchParams.get('range') ?? '1h';
  const range = parseRange(raw, Date.now(), '1h');
  const dashboard = useData(() => getDashboard(props.id), [props.id], range.live ? 30_000 : undefined);
  const d = dashboard.data;
  return (
    <main>
      <Header title={d?.title ?? 'Dashboard'}>
        <TimePicker range={range} raw={raw} />
      </Header>
      <p>
        <Link href="/dashboard/lists">← all dashboards</Link>
      </p>
      <ErrorBox error={dashboard.error} />
      {d?.description && <p class="hint">{d.description}</p>}
      {d && (
        <div class="widget-grid" id="dashboard-widgets">
          {d.widgets.slice(0, MAX_WIDGETS).map((w) => (
            <WidgetView widget={w} range={range} />
          ))}
        </div>
      )}
      {d && d.widgets.length > MAX_WIDGETS && (
        <p class="hint" id="widgets-left-out">
          {d.widgets.length - MAX_WIDGETS} more widgets are not drawn: the console draws the first{' '}
          {MAX_WIDGETS} (each one queries the API).
        </p>
      )}
    </main>
  );
}
