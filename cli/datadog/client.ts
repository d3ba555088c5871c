/**
 * The one way the CLI talks to Datadog's API: `@datadog/datadog-api-client` against the real
 * site (DD_SITE, DD_API_KEY, DD_APP_KEY) or the local intake (`baseServer` pointed at it).
 * verify, the lesson checks and every later command use it, so rate limits, timeouts and
 * error wording are handled once. Each API module is loaded the first time it is used: the
 * whole client takes seconds to import; the modules come from the bundles `npm run build` makes
 * of them (client-modules.ts).
 */

import type { AuthenticationApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/AuthenticationApi.js';
import type { DashboardsApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/DashboardsApi.js';
import type { MetricsApi as MetricsApiV1 } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MetricsApi.js';
import type { MonitorsApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MonitorsApi.js';
import type { LogsApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/apis/LogsApi.js';
import type { MetricsApi as MetricsApiV2 } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/apis/MetricsApi.js';
import type { SpansApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/apis/SpansApi.js';
import { CLI } from '../base/command.js';
import { redact } from '../base/redact.js';
import { UserError } from '../base/user-error.js';
import { findSite, sitesList } from '../config/datadog-sites.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import { once } from '../util/once.js';
import { type PollOptions, type PollOutcome, sleep } from '../util/poll.js';
import { nextDelayMs, type RateLimit, readRateLimit } from './backoff.js';
import { type Common, commonClient, v1Client, v2Client } from './client-modules.js';
import { errorReasons } from './error-reasons.js';

const REQUEST_TIMEOUT_MS = 20_000;

type Configuration = ReturnType<Common['createConfiguration']>;

export interface DatadogApi {
  authentication(): Promise<AuthenticationApi>;
  metricsV1(): Promise<MetricsApiV1>;
  metricsV2(): Promise<MetricsApiV2>;
  spans(): Promise<SpansApi>;
  logs(): Promise<LogsApi>;
  dashboards(): Promise<DashboardsApi>;
  monitors(): Promise<MonitorsApi>;
  /** A JSON document in Datadog's wire format (snake_case) as the client's v1 model of that name. */
  v1Model<T>(type: string, json: unknown): Promise<T>;
  /** A client v1 model back in Datadog's wire format (snake_case), as a file would hold it. */
  v1Json(type: string, model: unknown): Promise<unknown>;
  /**
   * Runs one API call: a 429 waits as its `X-RateLimit-Reset` says and tries again while the
   * deadline allows; any other failure becomes an ApiFailure in one line, keys masked.
   */
  call<T>(fn: () => Promise<T>, options?: { deadline?: number; signal?: AbortSignal }): Promise<T>;
  /** Rate-limit headers of the last 429, cleared by the next success. */
  rateLimit(): RateLimit | undefined;
  baseUrl: string;
}

/** An HTTP status as the student should read it: a user-facing error wherever it surfaces. */
export class ApiFailure extends UserError {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Refuses to build a client that would send keys anywhere but a Datadog site (or the intake). */
function assertUsable(config: WorkshopConfig, needsAppKey: boolean): void {
  if (config.mode !== 'datadog') return;
  if (!findSite(config.site) && !config.apiProxyUrl)
    throw new UserError(`DD_SITE=${config.site} is not a Datadog site`, `Use one of ${sitesList()}.`);
  if (!config.apiKey) throw new UserError('DD_API_KEY is missing', `Run \`${CLI} setup\`, or use --offline.`);
  if (needsAppKey && !config.appKey) {
    throw new UserError(
      'reading from Datadog needs an application key (DD_APP_KEY)',
      `Create one at ${findSite(config.site)?.appKeysUrl ?? 'Organization settings → Application keys'} (scopes metrics_read, timeseries_query, apm_read), then run \`${CLI} setup\`.`,
    );
  }
}

async function configure(
  config: WorkshopConfig,
  requestTimeoutMs: number,
  onResponse: (status: number, headers: Record<string, string>) => void,
): Promise<Configuration> {
  const { common, logger } = await commonClient();
  // The client logs every failed request with its stack; failures are reported here, in one line.
  logger.setLevel(logger.levels.SILENT);
  class RecordingHttp extends common.IsomorphicFetchHttpLibrary {
    override async send(request: Parameters<InstanceType<Common['IsomorphicFetchHttpLibrary']>['send']>[0]) {
      // One deadline per request: a site that never answers must not outlast the command.
      request.setHttpConfig({ ...request.getHttpConfig(), signal: AbortSignal.timeout(requestTimeoutMs) });
      const response = await super.send(request);
      onResponse(response.httpStatusCode, response.headers);
      return response;
    }
  }
  const proxied = config.mode === 'offline' || Boolean(config.apiProxyUrl);
  const configuration = common.createConfiguration({
    authMethods: { apiKeyAuth: config.apiKey ?? 'offline', appKeyAuth: config.appKey ?? 'offline' },
    httpApi: new RecordingHttp(),
    httpConfig: { compress: false },
    ...(proxied ? { baseServer: new common.BaseServerConfiguration(config.apiBaseUrl, {}) } : {}),
  });
  if (!proxied) configuration.setServerVariables({ site: config.site });
  configuration.unstableOperations['v2.queryTimeseriesData'] = true;
  return configuration;
}

export async function createDatadogApi(
  config: WorkshopConfig,
  { requestTimeoutMs = REQUEST_TIMEOUT_MS, needsAppKey = true } = {},
): Promise<DatadogApi> {
  assertUsable(config, needsAppKey);
  let lastLimit: RateLimit | undefined;
  const configuration = once(() =>
    configure(config, requestTimeoutMs, (status, headers) => {
      lastLimit = status === 429 ? readRateLimit(headers) : undefined;
    }),
  );
  const api: DatadogApi = {
    authentication: once(async () => new (await v1Client()).AuthenticationApi(await configuration())),
    metricsV1: once(async () => new (await v1Client()).MetricsApi(await configuration())),
    metricsV2: once(async () => new (await v2Client()).MetricsApi(await configuration())),
    spans: once(async () => new (await v2Client()).SpansApi(await configuration())),
    logs: once(async () => new (await v2Client()).LogsApi(await configuration())),
    dashboards: once(async () => new (await v1Client()).DashboardsApi(await configuration())),
    monitors: once(async () => new (await v1Client()).MonitorsApi(await configuration())),
    async v1Model<T>(type: string, json: unknown): Promise<T> {
      return (await v1Client()).ObjectSerializer.deserialize(json, type, '') as T;
    },
    async v1Json(type: string, model: unknown): Promise<unknown> {
      return (await v1Client()).ObjectSerializer.serialize(model, type, '');
    },
    async call(fn, { deadline = Number.POSITIVE_INFINITY, signal } = {}) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await fn();
        } catch (error) {
          const failure = explainApiError(error, config);
          if (failure.status !== 429) throw failure;
          const wait = nextDelayMs(attempt, lastLimit);
          if (Date.now() + wait > deadline || signal?.aborted) throw failure;
          await sleep(wait, signal);
        }
      }
    },
    rateLimit: () => lastLimit,
    baseUrl: config.apiBaseUrl,
  };
  return api;
}

/** Any client error -> one line saying what to do. */
export function explainApiError(error: unknown, config: WorkshopConfig): ApiFailure {
  if (error instanceof ApiFailure) return error;
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
        : `${where} answered 403: the API or application key is invalid, belongs to another site (check DD_SITE), or lacks the metrics_read / timeseries_query / apm_read scopes`,
      status,
      false,
    );
  }
  if (status === 429) return new ApiFailure(`${where} is rate-limiting us (429)`, status, true);
  if (status !== undefined && status >= 500)
    return new ApiFailure(`${where} had an error (${status}); trying again`, status, true);
  if (status !== undefined) {
    // Datadog's errors come as {"errors": ["reason", …]}: the reasons are what to show.
    const detail = errorReasons(e.body) ?? JSON.stringify(e.body ?? '');
    return new ApiFailure(`${where} answered ${status}: ${clean(detail).slice(0, 300)}`, status, false);
  }
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
        ? `cannot reach ${where}: is the stack up? (${CLI} status, or ${CLI} setup)`
        : `cannot reach ${where}: check your internet connection and DD_SITE, or use --offline`,
      undefined,
      !(refused && config.mode === 'offline'),
    );
  }
  return new ApiFailure(clean(e.message ?? String(error)), undefined, false);
}

/**
 * How a command polls the API while it waits for data: every 2 s offline (the intake answers at
 * once); against Datadog a backoff that honours its rate-limit headers. Failures waiting cannot
 * cure (a refused key, a bad query) end the wait at once.
 */
export function apiPollOptions(
  config: WorkshopConfig,
  api: DatadogApi,
  deadline: number,
  signal: AbortSignal,
): PollOptions {
  return {
    deadline,
    signal,
    intervalMs: (attempt) => (config.mode === 'offline' ? 2_000 : nextDelayMs(attempt, api.rateLimit())),
    isFinal: (e) => !(e instanceof ApiFailure) || !e.retryable,
  };
}

/** A wait that ended with nothing to show: stopped by a signal, or the last failure, as a UserError. */
export function noAnswer(
  outcome: PollOutcome<unknown>,
  stoppedCode: number | undefined,
  next?: string,
): UserError {
  if (!outcome.ok && outcome.reason === 'aborted')
    return new UserError('Stopped before any answer came', undefined, stoppedCode ?? 130);
  const error = outcome.ok ? undefined : (outcome.error as Error | undefined);
  return new UserError(error?.message ?? 'no answer from the API', next);
}

/** The type a metric arrived as (Datadog's metric metadata), or undefined when it has not arrived. */
export async function arrivedType(
  api: DatadogApi,
  name: string,
  limits?: { deadline?: number; signal?: AbortSignal },
): Promise<string | undefined> {
  const v1 = await api.metricsV1();
  try {
    return (await api.call(() => v1.getMetricMetadata({ metricName: name }), limits)).type ?? undefined;
  } catch (error) {
    if ((error as ApiFailure).status === 404) return undefined;
    throw error;
  }
}
