/** Datadog's sites (https://docs.datadoghq.com/getting_started/site/). */
import type {
  ServerConfiguration,
  server1,
} from '@datadog/datadog-api-client/dist/packages/datadog-api-client-common/servers.js';

/** The sites the API client knows, read from the type of its server configuration. */
type ClientSite = typeof server1 extends ServerConfiguration<infer V> ? V['site'] : never;

export interface DatadogSite {
  site: string;
  region: string;
  /** The web app, for links and "how to fix" messages. */
  appUrl: string;
  apiKeysUrl: string;
  appKeysUrl: string;
}

/** Site -> region and web app host. `satisfies` compiles only while this is the client's set of sites. */
const SITES = {
  'datadoghq.com': ['US1', 'app.datadoghq.com'],
  'us3.datadoghq.com': ['US3', 'us3.datadoghq.com'],
  'us5.datadoghq.com': ['US5', 'us5.datadoghq.com'],
  'datadoghq.eu': ['EU1', 'app.datadoghq.eu'],
  'uk1.datadoghq.com': ['UK1', 'uk1.datadoghq.com'],
  'ap1.datadoghq.com': ['AP1', 'ap1.datadoghq.com'],
  'ap2.datadoghq.com': ['AP2', 'ap2.datadoghq.com'],
  'ddog-gov.com': ['US1-FED', 'app.ddog-gov.com'],
  'us2.ddog-gov.com': ['US2-FED', 'us2.ddog-gov.com'],
} as const satisfies Record<ClientSite, readonly [string, string]>;

export const DATADOG_SITES: readonly DatadogSite[] = Object.entries(SITES).map(([site, [region, app]]) => ({
  site,
  region,
  appUrl: `https://${app}`,
  apiKeysUrl: `https://${app}/organization-settings/api-keys`,
  appKeysUrl: `https://${app}/organization-settings/application-keys`,
}));

export const DEFAULT_SITE = 'datadoghq.com';

/** "a, b or c": for messages that list the accepted sites. */
export function sitesList(): string {
  const names = DATADOG_SITES.map((s) => s.site);
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

export function findSite(site: string): DatadogSite | undefined {
  const s = site
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  return DATADOG_SITES.find((d) => d.site === s || d.site === s.replace(/^(app|api)\./, ''));
}
