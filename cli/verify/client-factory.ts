/**
 * One Datadog API client for both modes: the real site (DD_SITE, DD_API_KEY, DD_APP_KEY) or
 * the local intake (`baseServer` pointed at it). Failures become one line with the fix; keys
 * never appear in them. The HTTP layer records rate-limit headers so polling can honour them.
 */

import { findSite } from '../config/datadog-sites.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import { redact } from '../ui/redact.js';
import { UserError } from '../ui/user-error.js';
import { type RateLimit, readRateLimit } from './backoff.js';

type DatadogModule = typeof import('@datadog/datadog-api-client');

const REQUEST_TIMEOUT_MS = 20_000;

export interface DatadogApi {
  metricsV1: InstanceType<DatadogModule['v1']['MetricsApi']>;
  metricsV2: InstanceType<DatadogModule['v2']['MetricsApi']>;
  spans: InstanceType<DatadogModule['v2']['SpansApi']>;
  /** Rate-limit headers of the last 429, cleared by the next success. */
  rateLimit(): RateLimit | undefined;
  baseUrl: string;
}

/** An HTTP status as the student should read it. */
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export async function createDatadogApi(
  config: WorkshopConfig,
  { requestTimeoutMs = REQUEST_TIMEOUT_MS } = {},
): Promise<DatadogApi> {
  if (config.mode === 'datadog') {
    if (!findSite(config.site))
      throw new UserError(
        `DD_SITE=${config.site} is not a Datadog site`,
        'Use one of datadoghq.com, us3.datadoghq.com, us5.datadoghq.com, datadoghq.eu, ap1.datadoghq.com, ap2.datadoghq.com, ddog-gov.com.',
      );
    if (!config.apiKey)
      throw new UserError('DD_API_KEY is missing', 'Run `ddworkshop setup`, or use --offline.');
    if (!config.appKey) {
      throw new UserError(
        'verify needs an application key (DD_APP_KEY) to read metrics from Datadog',
        `Create one at ${findSite(config.site)?.appKeysUrl ?? 'Organization settings → Application keys'} (scopes metrics_read, timeseries_query, apm_read), then run \`ddworkshop setup\`.`,
      );
    }
  }
  const dd: DatadogModule = await import('@datadog/datadog-api-client');
  // The client logs every failed request with its stack; we report failures ourselves, in one line.
  dd.logger.setLevel(dd.logger.levels.SILENT);
  let lastLimit: RateLimit | undefined;
  class RecordingHttp extends dd.client.IsomorphicFetchHttpLibrary {
    override async send(
      request: Parameters<InstanceType<DatadogModule['client']['IsomorphicFetchHttpLibrary']>['send']>[0],
    ) {
      // One deadline per request: a site that never answers must not outlast --timeout.
      request.setHttpConfig({ ...request.getHttpConfig(), signal: AbortSignal.timeout(requestTimeoutMs) });
      const response = await super.send(request);
      lastLimit = response.httpStatusCode === 429 ? readRateLimit(response.headers) : undefined;
      return response;
    }
  }
  const configuration = dd.client.createConfiguration({
    authMethods: { apiKeyAuth: config.apiKey ?? 'offline', appKeyAuth: config.appKey ?? 'offline' },
    httpApi: new RecordingHttp(),
    httpConfig: { compress: false },
    ...(config.mode === 'offline' || config.vars.DDWORKSHOP_DATADOG_API_URL
      ? { baseServer: new dd.client.BaseServerConfiguration(config.apiBaseUrl, {}) }
      : {}),
  });
  if (config.mode === 'datadog' && !config.vars.DDWORKSHOP_DATADOG_API_URL)
    configuration.setServerVariables({ site: config.site });
  configuration.unstableOperations['v2.queryTimeseriesData'] = true;
  return {
    metricsV1: new dd.v1.MetricsApi(configuration),
    metricsV2: new dd.v2.MetricsApi(configuration),
    spans: new dd.v2.SpansApi(configuration),
    rateLimit: () => lastLimit,
    baseUrl: config.apiBaseUrl,
  };
}

/** Any client error -> one line saying what to do. */
export function explainApiError(error: unknown, config: WorkshopConfig): ApiFailure {
  const e = error as { code?: number | string; body?: unknown; message?: string; cause?: { code?: string } };
  const status = typeof e.code === 'number' ? e.code : undefined;
  const where =
    config.mode === 'offline' ? `the local intake (${config.apiBaseUrl})` : `Datadog (${config.site})`;
  const secrets = [config.apiKey, config.appKey].filter((k): k is string => Boolean(k));
  const clean = (s: string) => redact(s, secrets);
  if (status === 403 || status === 401) {
    return new ApiFailure(
      config.mode === 'offline'
        ? `${where} refused the keys (403): INTAKE_API_KEY/INTAKE_APP_KEY do not match DD_API_KEY/DD_APP_KEY`
        : `${where} answered 403: the API or application key is invalid, belongs to another site (check DD_SITE), or lacks the metrics_read / timeseries_query scopes`,
      status,
      false,
    );
  }
  if (status === 429) return new ApiFailure(`${where} is rate-limiting us (429)`, status, true);
  if (status !== undefined && status >= 500)
    return new ApiFailure(`${where} had an error (${status}); trying again`, status, true);
  if (status !== undefined)
    return new ApiFailure(
      `${where} answered ${status}: ${clean(JSON.stringify(e.body ?? '')).slice(0, 200)}`,
      status,
      false,
    );
  const code = typeof e.code === 'string' ? e.code : (e.cause?.code ?? '');
  if (/abort|timeout/i.test(`${(error as Error).name} ${e.message ?? ''}`)) {
    return new ApiFailure(`${where} did not answer in time; trying again`, undefined, true);
  }
  const unreachable = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|fetch failed/i.test(
    `${code} ${e.message ?? ''}`,
  );
  if (unreachable) {
    // Offline, nothing listening on the intake's port will not change by waiting.
    const refused = /ECONNREFUSED/.test(`${code} ${e.message ?? ''}`);
    return new ApiFailure(
      config.mode === 'offline'
        ? `cannot reach ${where}: is the stack up? (ddworkshop status, or ddworkshop setup)`
        : `cannot reach ${where}: check your internet connection and DD_SITE, or use --offline`,
      undefined,
      !(refused && config.mode === 'offline'),
    );
  }
  return new ApiFailure(clean(e.message ?? String(error)), undefined, false);
}
