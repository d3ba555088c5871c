/**
 * The client as the bundles `npm run build` makes of it (dist/cli/datadog/api-client-*.cjs), driven
 * as the CLI drives it: answers and errors come back as from the installed package's own modules,
 * against the local intake and a server answering 403; the v1 and v2 bundles share one copy of the
 * common module.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedClientVersion } from '../../../cli/datadog/client-version.js';
import type { Intake } from '../../../intake/src/index.js';
import { startTestIntake } from '../../support/intake.js';

const require = createRequire(import.meta.url);
const dist = resolve(import.meta.dirname, '../../../dist/cli/datadog');
const commonBundle = require(`${dist}/api-client-common.cjs`);
const v1Bundle = require(`${dist}/api-client-v1.cjs`);
const bundle = require(`${dist}/api-client-v2.cjs`);
const common = commonBundle.files['packages/datadog-api-client-common/index.js'];
const packageCommon = require('@datadog/datadog-api-client/dist/packages/datadog-api-client-common/index.js');
const modules = require('@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/apis/SpansApi.js');
const v1Modules = require('@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/MetricsApi.js');

const configuration = (url: string, from = common) =>
  from.createConfiguration({
    authMethods: { apiKeyAuth: 'a'.repeat(32), appKeyAuth: 'b'.repeat(40) },
    httpConfig: { compress: false },
    baseServer: new from.BaseServerConfiguration(url, {}),
  });

let intake: Intake;
beforeAll(async () => {
  intake = await startTestIntake();
});
afterAll(() => intake.stop());

describe('the bundled v2 client', () => {
  it('was made from the installed client and holds the APIs the CLI uses', async () => {
    for (const b of [commonBundle, v1Bundle, bundle])
      expect(b.clientVersion).toBe(await installedClientVersion());
    for (const api of ['MetricsApi', 'SpansApi', 'LogsApi']) expect(typeof bundle[api]).toBe('function');
    for (const api of ['AuthenticationApi', 'MetricsApi', 'DashboardsApi', 'MonitorsApi', 'ObjectSerializer'])
      expect(typeof v1Bundle[api]).toBe('function');
    // Its own copy, not the installed module: the point of the bundle.
    expect(bundle.SpansApi).not.toBe(modules.SpansApi);
  });

  it('answers v1 queries as the installed modules do', async () => {
    const url = `http://127.0.0.1:${intake.ports.api}`;
    const params = { from: Math.floor(Date.now() / 1000) - 600 };
    const viaBundle = await new v1Bundle.MetricsApi(configuration(url)).listActiveMetrics(params);
    const viaModules = await new v1Modules.MetricsApi(configuration(url, packageCommon)).listActiveMetrics(
      params,
    );
    expect(viaBundle).toEqual(viaModules);
  });

  it('answers as the installed modules do, on the installed client’s configuration', async () => {
    const url = `http://127.0.0.1:${intake.ports.api}`;
    const viaBundle = await new bundle.SpansApi(configuration(url)).listSpansGet({ filterQuery: '*' });
    const viaModules = await new modules.SpansApi(configuration(url, packageCommon)).listSpansGet({
      filterQuery: '*',
    });
    expect(viaBundle).toEqual(viaModules);
    expect(Array.isArray(viaBundle.data)).toBe(true);
  });

  it('fails with the status and Datadog’s reasons, as the CLI reads them', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"errors":["Forbidden"]}');
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      type Failure = { code?: number; body?: unknown };
      const failed = (api: { listSpansGet(p: object): Promise<unknown> }): Promise<Failure> =>
        api.listSpansGet({}).then(
          () => ({}),
          (e: unknown) => e as Failure,
        );
      const viaBundle = await failed(new bundle.SpansApi(configuration(url)));
      const viaModules = await failed(new modules.SpansApi(configuration(url, packageCommon)));
      expect(viaBundle.code).toBe(403);
      expect(viaBundle.body).toEqual(viaModules.body);
      // One copy of the common module: its error class is the one the v2 API threw.
      const { ApiException } = commonBundle.files['packages/datadog-api-client-common/exception.js'];
      expect(viaBundle).toBeInstanceOf(ApiException);
    } finally {
      server.close();
    }
  });
});
