/**
 * Where the Docker engine is, resolved as the docker CLI resolves it: DOCKER_HOST; else the
 * context DOCKER_CONTEXT names, or config.json's `currentContext` (in DOCKER_CONFIG, or
 * ~/.docker): its endpoint from the context store (`contexts/meta/<sha256 of the name>/meta.json`).
 * Colima, Rancher Desktop, OrbStack and Podman set themselves up through a context, so
 * without this their engines were never found. Pure: the environment and a file reader come in.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export interface DockerEndpoint {
  /** As the docker CLI writes it: unix:///…, npipe:////./pipe/…, tcp://host:port, ssh://… */
  host: string;
  /** Where it came from, for messages: "DOCKER_HOST", `context "colima"`, "the default". */
  source: string;
  tls?: { dir: string; verify: boolean };
}

export interface EndpointInput {
  os: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  readFile: (path: string) => string | undefined;
  exists?: (path: string) => boolean;
}

export function defaultDockerHost(
  os: NodeJS.Platform,
  home: string,
  exists: (p: string) => boolean = () => false,
): string {
  if (os === 'win32') return 'npipe:////./pipe/docker_engine';
  // Docker Desktop for Mac 4.13+ puts its socket in the user's home (the /var/run link is optional).
  const desktop = join(home, '.docker', 'run', 'docker.sock');
  if (os === 'darwin' && exists(desktop)) return `unix://${desktop}`;
  return 'unix:///var/run/docker.sock';
}

function json(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export function resolveDockerEndpoint(input: EndpointInput): DockerEndpoint {
  const { env } = input;
  if (env.DOCKER_HOST) {
    const tlsDir = env.DOCKER_CERT_PATH || join(input.home, '.docker');
    return {
      host: env.DOCKER_HOST,
      source: 'DOCKER_HOST',
      ...(env.DOCKER_TLS_VERIFY ? { tls: { dir: tlsDir, verify: true } } : {}),
    };
  }
  const configDir = env.DOCKER_CONFIG || join(input.home, '.docker');
  const config = json(input.readFile(join(configDir, 'config.json')));
  const name =
    env.DOCKER_CONTEXT || (typeof config?.currentContext === 'string' ? config.currentContext : '');
  const fallback = { host: defaultDockerHost(input.os, input.home, input.exists), source: 'the default' };
  if (!name || name === 'default') return fallback;
  const id = createHash('sha256').update(name).digest('hex');
  const meta = json(input.readFile(join(configDir, 'contexts', 'meta', id, 'meta.json')));
  const docker = (meta?.Endpoints as Record<string, { Host?: string; SkipTLSVerify?: boolean }> | undefined)
    ?.docker;
  if (!docker?.Host)
    return { ...fallback, source: `the default (context "${name}" was not found in ${configDir})` };
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const hasTls = input.readFile(join(tlsDir, 'ca.pem')) !== undefined;
  return {
    host: docker.Host,
    source: `context "${name}"`,
    ...(hasTls ? { tls: { dir: tlsDir, verify: !docker.SkipTLSVerify } } : {}),
  };
}

export interface ModemOptions {
  socketPath?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https' | 'ssh';
  username?: string;
}

/** dockerode's connection options for an endpoint. */
export function modemOptions(endpoint: DockerEndpoint): ModemOptions {
  const url = endpoint.host;
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) };
  // npipe:////./pipe/docker_engine -> //./pipe/docker_engine
  if (url.startsWith('npipe://')) return { socketPath: url.slice('npipe://'.length) };
  const parsed = new URL(url);
  if (parsed.protocol === 'ssh:')
    return {
      protocol: 'ssh',
      host: parsed.hostname,
      port: Number(parsed.port || 22),
      ...(parsed.username ? { username: parsed.username } : {}),
    };
  const secure = endpoint.tls !== undefined || parsed.port === '2376';
  return {
    protocol: secure ? 'https' : 'http',
    host: parsed.hostname,
    port: Number(parsed.port || (secure ? 2376 : 2375)),
  };
}

/** The endpoint as a student reads it: the socket or address actually tried. */
export function endpointLabel(endpoint: DockerEndpoint): string {
  const options = modemOptions(endpoint);
  const where = options.socketPath ?? `${options.host}:${options.port}`;
  return `${where} (${endpoint.source})`;
}
