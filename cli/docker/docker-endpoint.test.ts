import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDockerHost, endpointLabel, modemOptions, resolveDockerEndpoint } from './docker-endpoint.js';

const home = '/Users/ana';
const id = (name: string) => createHash('sha256').update(name).digest('hex');

function files(entries: Record<string, unknown>) {
  return (path: string) => {
    const value = entries[path];
    return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
  };
}

const colimaMeta = {
  [join(home, '.docker/config.json')]: { currentContext: 'colima' },
  [join(home, '.docker/contexts/meta', id('colima'), 'meta.json')]: {
    Name: 'colima',
    Endpoints: { docker: { Host: `unix://${home}/.colima/default/docker.sock`, SkipTLSVerify: false } },
  },
};

describe('resolveDockerEndpoint, as the docker CLI resolves it', () => {
  it('DOCKER_HOST wins over every context', () => {
    const e = resolveDockerEndpoint({
      os: 'darwin',
      env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' },
      home,
      readFile: files(colimaMeta),
    });
    expect(e).toEqual({ host: 'tcp://127.0.0.1:2375', source: 'DOCKER_HOST' });
    expect(modemOptions(e)).toEqual({ protocol: 'http', host: '127.0.0.1', port: 2375 });
  });

  it('config.json’s currentContext (Colima, Rancher Desktop, Podman) names the context store’s endpoint', () => {
    const e = resolveDockerEndpoint({ os: 'darwin', env: {}, home, readFile: files(colimaMeta) });
    expect(e.host).toBe(`unix://${home}/.colima/default/docker.sock`);
    expect(endpointLabel(e)).toBe(`${home}/.colima/default/docker.sock (context "colima")`);
  });

  it('DOCKER_CONTEXT wins over currentContext; DOCKER_CONFIG moves the folder', () => {
    const readFile = files({
      [join('/cfg', 'config.json')]: { currentContext: 'colima' },
      [join('/cfg/contexts/meta', id('rancher-desktop'), 'meta.json')]: {
        Endpoints: { docker: { Host: `unix://${home}/.rd/docker.sock` } },
      },
    });
    const e = resolveDockerEndpoint({
      os: 'darwin',
      env: { DOCKER_CONFIG: '/cfg', DOCKER_CONTEXT: 'rancher-desktop' },
      home,
      readFile,
    });
    expect(modemOptions(e)).toEqual({ socketPath: `${home}/.rd/docker.sock` });
  });

  it('a context with TLS material uses it', () => {
    const readFile = files({
      ...colimaMeta,
      [join(home, '.docker/contexts/meta', id('colima'), 'meta.json')]: {
        Endpoints: { docker: { Host: 'tcp://10.0.0.5:2376', SkipTLSVerify: true } },
      },
      [join(home, '.docker/contexts/tls', id('colima'), 'docker/ca.pem')]: 'pem',
    });
    const e = resolveDockerEndpoint({ os: 'linux', env: {}, home, readFile });
    expect(e.tls).toEqual({ dir: join(home, '.docker/contexts/tls', id('colima'), 'docker'), verify: false });
    expect(modemOptions(e)).toMatchObject({ protocol: 'https', port: 2376 });
  });

  it('"default", no context, or a context not in the store: the platform’s default socket, saying so', () => {
    const missing = resolveDockerEndpoint({
      os: 'linux',
      env: { DOCKER_CONTEXT: 'gone' },
      home,
      readFile: files({}),
    });
    expect(missing.host).toBe('unix:///var/run/docker.sock');
    expect(missing.source).toMatch(/context "gone" was not found/);
    expect(
      resolveDockerEndpoint({
        os: 'linux',
        env: { DOCKER_CONTEXT: 'default' },
        home,
        readFile: files(colimaMeta),
      }).host,
    ).toBe('unix:///var/run/docker.sock');
    const win = resolveDockerEndpoint({ os: 'win32', env: {}, home: 'C:\\Users\\ana', readFile: files({}) });
    expect(modemOptions(win)).toEqual({ socketPath: '//./pipe/docker_engine' });
  });

  it('Docker Desktop for Mac’s socket in the home folder, where it exists', () => {
    const desktop = join(home, '.docker', 'run', 'docker.sock');
    expect(defaultDockerHost('darwin', home, (p) => p === desktop)).toBe(`unix://${desktop}`);
    expect(defaultDockerHost('darwin', home, () => false)).toBe('unix:///var/run/docker.sock');
    expect(defaultDockerHost('linux', home, () => true)).toBe('unix:///var/run/docker.sock');
  });
});
