/**
 * The console's pages, at Datadog's own paths so a link works offline and on Datadog: the one
 * list the CLI's `open`, the console's navigation, its home page and the intake's served paths read.
 */
export interface ConsolePage {
  /** What `ddw open <name>` takes. */
  name: string;
  path: string;
  /** The navigation's and the home page's label. */
  title: string;
  /** One line on what the page shows (the home page and `ddw open --help`). */
  what: string;
}

export const CONSOLE_PAGES: readonly ConsolePage[] = [
  { name: 'home', path: '/', title: 'Home', what: 'is data arriving, the stack, every page' },
  {
    name: 'metrics',
    path: '/metric/explorer',
    title: 'Metrics Explorer',
    what: 'chart any metric with a Datadog query',
  },
  {
    name: 'summary',
    path: '/metric/summary',
    title: 'Metrics Summary',
    what: 'every metric: type, tags, cardinality, percentiles',
  },
  {
    name: 'services',
    path: '/apm/services',
    title: 'APM Services',
    what: 'requests, errors and latency per service',
  },
  { name: 'traces', path: '/apm/traces', title: 'Traces', what: 'search spans and open a trace' },
  {
    name: 'logs',
    path: '/logs',
    title: 'Logs',
    what: 'search the services’ logs, live tail, each linked to its trace',
  },
  {
    name: 'dashboards',
    path: '/dashboard/lists',
    title: 'Dashboards',
    what: 'the dashboards you pushed (./ddw dashboard push)',
  },
  {
    name: 'monitors',
    path: '/monitors/manage',
    title: 'Monitors',
    what: 'the monitors you pushed, their state and transitions',
  },
  {
    name: 'infrastructure',
    path: '/infrastructure',
    title: 'Infrastructure',
    what: 'the host and its containers: CPU, memory, network',
  },
  {
    name: 'database',
    path: '/databases/queries',
    title: 'Database',
    what: 'the top queries by total time, their plans and traces',
  },
];

/** The named page, if there is one. */
export function consolePage(name: string): ConsolePage | undefined {
  return CONSOLE_PAGES.find((p) => p.name === name);
}

/**
 * The paths the intake answers with the console's page (router patterns): every page above and
 * the pages under them (a service, a trace, a dashboard, a monitor), and `/console`.
 */
export const SERVED_PATHS: readonly string[] = [
  '/',
  '/console',
  '/metric/*',
  '/apm/*',
  '/dashboard/*',
  '/monitors/*',
  '/logs',
  '/infrastructure',
  '/databases/*',
];

/** Whether a path is one the intake serves the console's page for. */
export function isServedPath(path: string): boolean {
  return SERVED_PATHS.some((p) => (p.endsWith('/*') ? path.startsWith(p.slice(0, -1)) : p === path));
}
