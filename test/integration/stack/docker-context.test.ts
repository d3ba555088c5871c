/**
 * The Docker engine found through a docker context, as Colima, Rancher Desktop and Podman set
 * one up: a context store pointing at this machine's dockerd under another name. A context
 * pointing nowhere is reported with the socket actually tried.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDocker } from '../../../cli/docker/docker-runtime.js';
import { currentHost } from '../../../cli/platform/host.js';

const config = mkdtempSync(join(tmpdir(), 'ddw-docker-config-'));
afterAll(() => rmSync(config, { recursive: true, force: true }));

function context(name: string, host: string): void {
  const dir = join(config, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
  );
}

const engine = '/var/run/docker.sock';
const env = (extra: Record<string, string>) => {
  const { DOCKER_HOST: _ignored, ...rest } = process.env;
  return { ...currentHost(), env: { ...rest, DOCKER_CONFIG: config, ...extra } };
};

describe.skipIf(!existsSync(engine))('the Docker engine through a docker context', () => {
  it('config.json’s currentContext leads to the engine', async () => {
    context('workshop-colima', `unix://${engine}`);
    writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'workshop-colima' }));
    const connection = await connectDocker(env({}));
    expect(connection.ok, connection.ok ? '' : connection.reason).toBe(true);
  });

  it('a context whose socket is missing is named in the reason, not /var/run/docker.sock', async () => {
    context('podman', `unix://${config}/podman.sock`);
    const connection = await connectDocker(env({ DOCKER_CONTEXT: 'podman' }));
    expect(connection.ok).toBe(false);
    if (!connection.ok) {
      expect(connection.reason).toContain(`${config}/podman.sock`);
      expect(connection.reason).toContain('context "podman"');
    }
  });
});
