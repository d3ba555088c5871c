/** Datadog's sites (https://docs.datadoghq.com/getting_started/site/). */
export interface DatadogSite {
  site: string;
  region: string;
  /** Where API keys are managed, for "how to fix" messages. */
  apiKeysUrl: string;
  appKeysUrl: string;
}

const SITES: readonly [string, string, string][] = [
  ['datadoghq.com', 'US1', 'app.datadoghq.com'],
  ['us3.datadoghq.com', 'US3', 'us3.datadoghq.com'],
  ['us5.datadoghq.com', 'US5', 'us5.datadoghq.com'],
  ['datadoghq.eu', 'EU1', 'app.datadoghq.eu'],
  ['ap1.datadoghq.com', 'AP1', 'ap1.datadoghq.com'],
  ['ap2.datadoghq.com', 'AP2', 'ap2.datadoghq.com'],
  ['ddog-gov.com', 'US1-FED', 'app.ddog-gov.com'],
];

export const DATADOG_SITES: readonly DatadogSite[] = SITES.map(([site, region, app]) => ({
  site,
  region,
  apiKeysUrl: `https://${app}/organization-settings/api-keys`,
  appKeysUrl: `https://${app}/organization-settings/application-keys`,
}));

export const DEFAULT_SITE = 'datadoghq.com';

export function findSite(site: string): DatadogSite | undefined {
  const s = site
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '');
  return DATADOG_SITES.find((d) => d.site === s || d.site === s.replace(/^(app|api)\./, ''));
}
