/**
 * The client's modules the CLI uses, from the bundles `npm run build` makes of them
 * (cli/build/api-client-bundle.ts) when they were made from the installed client, else from the
 * package itself. Both are the real client; the bundles load in a fraction of the time.
 */

import { createRequire } from 'node:module';
import type { logger as Logger } from '@datadog/datadog-api-client/dist/logger.js';
import type { AuthenticationApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/AuthenticationApi.js';
import type { DashboardsApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/DashboardsApi.js';
import type { MetricsApi as MetricsApiV1 } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MetricsApi.js';
import type { MonitorsApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MonitorsApi.js';
import type { ObjectSerializer } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/ObjectSerializer.js';
import type { LogsApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/apis/LogsApi.js';
import type { MetricsApi as MetricsApiV2 } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/apis/MetricsApi.js';
import type { SpansApi } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/apis/SpansApi.js';
import { once } from '../util/once.js';
import { installedClientVersion } from './client-version.js';

export type Common =
  typeof import('@datadog/datadog-api-client/dist/packages/datadog-api-client-common/index.js');

export interface CommonClient {
  common: Common;
  logger: typeof Logger;
}

export interface V1Client {
  AuthenticationApi: typeof AuthenticationApi;
  MetricsApi: typeof MetricsApiV1;
  DashboardsApi: typeof DashboardsApi;
  MonitorsApi: typeof MonitorsApi;
  ObjectSerializer: typeof ObjectSerializer;
}

export interface V2Client {
  MetricsApi: typeof MetricsApiV2;
  SpansApi: typeof SpansApi;
  LogsApi: typeof LogsApi;
}

const PACKAGES = '@datadog/datadog-api-client/dist/packages';

// require, not import(): an import() of a CommonJS file first runs Node's export lexer over its
// whole text (megabytes here) to find named exports the CLI never uses.
const requireHere = createRequire(import.meta.url);

async function fromBundle<T>(file: string): Promise<T | undefined> {
  try {
    const bundle = requireHere(file) as T & { clientVersion: string };
    return bundle.clientVersion === (await installedClientVersion()) ? bundle : undefined;
  } catch {
    return undefined;
  }
}

export const commonClient = once(async (): Promise<CommonClient> => {
  const bundle = await fromBundle<{ files: Record<string, unknown> }>('./api-client-common.cjs');
  if (bundle)
    return {
      common: bundle.files['packages/datadog-api-client-common/index.js'] as Common,
      logger: (bundle.files['logger.js'] as { logger: typeof Logger }).logger,
    };
  return {
    common: await import(`${PACKAGES}/datadog-api-client-common/index.js`),
    logger: (await import('@datadog/datadog-api-client/dist/logger.js')).logger,
  };
});

export const v1Client = once(
  async (): Promise<V1Client> =>
    (await fromBundle<V1Client>('./api-client-v1.cjs')) ?? {
      AuthenticationApi: (await import(`${PACKAGES}/datadog-api-client-v1/apis/AuthenticationApi.js`))
        .AuthenticationApi,
      MetricsApi: (await import(`${PACKAGES}/datadog-api-client-v1/apis/MetricsApi.js`)).MetricsApi,
      DashboardsApi: (await import(`${PACKAGES}/datadog-api-client-v1/apis/DashboardsApi.js`)).DashboardsApi,
      MonitorsApi: (await import(`${PACKAGES}/datadog-api-client-v1/apis/MonitorsApi.js`)).MonitorsApi,
      ObjectSerializer: (await import(`${PACKAGES}/datadog-api-client-v1/models/ObjectSerializer.js`))
        .ObjectSerializer,
    },
);

export const v2Client = once(
  async (): Promise<V2Client> =>
    (await fromBundle<V2Client>('./api-client-v2.cjs')) ?? {
      MetricsApi: (await import(`${PACKAGES}/datadog-api-client-v2/apis/MetricsApi.js`)).MetricsApi,
      SpansApi: (await import(`${PACKAGES}/datadog-api-client-v2/apis/SpansApi.js`)).SpansApi,
      LogsApi: (await import(`${PACKAGES}/datadog-api-client-v2/apis/LogsApi.js`)).LogsApi,
    },
);
