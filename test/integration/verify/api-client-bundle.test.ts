/**
 * The v2 APIs from the bundle `npm run build` makes (dist/cli/datadog/api-client-v2.cjs), driven
 * with a configuration from the installed client, as the CLI drives them: answers and errors come
 * back as from the client's own modules, against the local intake and a server answering 403.
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
const bundle = require(resolve(import.meta.dirname, '../../../dist/cli/datadog/api-client-v2.cjs'));
const common = require('@datadog/datadog-api-client/dist/packages/datadog-api-client-common/index.js');
const modules = require('@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/apis/SpansApi.js');

const configuration = (url: string) =>
  common.createConfiguration({
    authMethods: { apiKeyAuth: 'a'.repeat(32), appKeyAuth: 'b'.repeat(40) },
    httpConfig: { compress: false },
    baseServer: new common.BaseServerConfiguration(url, {}),
  });

let intake: Intake;
beforeAll(async () => {
  intake = await startTestIntake();
});
afterAll(() => intake.stop());

describe('the bundled v2 client', () => {
  it('was made from the installed client and holds the three APIs the CLI uses', async () => {
    expect(bundle.clientVersion).toBe(await installedClientVersion());
    for (const api of ['MetricsApi', 'SpansApi', 'LogsApi']) expect(typeof bundle[api]).toBe('function');
    // Its own copy, not the installed module: the point of the bundle.
    expect(bundle.SpansApi).not.toBe(modules.SpansApi);
  });

  it('answers as the installed modules do, on the installed client’s configuration', async () => {
    const url = `http://127.0.0.1:${intake.ports.api}`;
    const viaBundle = await new bundle.SpansApi(configuration(url)).listSpansGet({ filterQuery: '*' });
    const viaModules = await new modules.SpansApi(configuration(url)).listSpansGet({ filterQuery: '*' });
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
      const viaModules = await failed(new modules.SpansApi(configuration(url)));
      expect(viaBundle.code).toBe(403);
      expect(viaBundle.body).toEqual(viaModules.body);
    } finally {
      server.close();
    }
  });
});
