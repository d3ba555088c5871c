/**
 * `logs` on the Docker runtime shows what a container wrote in the order it wrote it, stdout
 * and stderr interleaved (they were printed all stdout first, then all stderr). A real engine,
 * a real container from the locally made node image.
 */
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../cli/compose/build-model.js';
import { connectDocker } from '../../../cli/docker/docker-runtime.js';

const docker = new Docker();
const ready =
  (await docker.ping().then(
    () => true,
    () => false,
  )) &&
  (await docker
    .getImage('ddworkshop/node-base:20')
    .inspect()
    .then(
      () => true,
      () => false,
    ));

const name = `ddw-logs-order-${process.pid}`;
// 50 ms apart: the engine reads stdout and stderr through two pipes, so only writes apart in time have an order.
const script =
  "let i = 0; const t = setInterval(() => { (i % 2 ? console.error : console.log)((i % 2 ? 'err ' : 'out ') + (i >> 1)); if (++i === 6) clearInterval(t); }, 50);";

describe.skipIf(!ready)('docker logs order', () => {
  beforeAll(async () => {
    const container = await docker.createContainer({
      name,
      Image: 'ddworkshop/node-base:20',
      Cmd: ['node', '-e', script],
    });
    await container.start();
    await container.wait();
  });
  afterAll(async () => {
    await docker
      .getContainer(name)
      .remove({ force: true })
      .catch(() => {});
  });

  it('interleaves stdout and stderr in time order', async () => {
    const connection = await connectDocker();
    if (!connection.ok) throw new Error(connection.reason);
    const model = buildModel(
      `services:\n  app:\n    image: ddworkshop/node-base:20\n    container_name: ${name}\n`,
      {
        file: 'docker-compose.yml',
        projectDir: '/tmp',
        env: {},
        profiles: [],
      },
    );
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => (text += d));
    await connection.runtime.logs(model, 'app', out);
    expect(text.trim().split('\n')).toEqual(['out 0', 'err 0', 'out 1', 'err 1', 'out 2', 'err 2']);
  });
});
