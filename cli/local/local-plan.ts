/**
 * A service as a local process, planned from the compose model alone: its `x-ddworkshop.local`
 * spec, its environment as compose would give it (service host names become 127.0.0.1, the
 * spec's overrides applied), how to tell it is ready, and what `docker exec` programs mean
 * here. Pure: no service is known by name, so a service added to the compose file with a local
 * spec runs locally with no code change.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { CLI } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import type { LocalSpec, PortMapping, ProjectModel, ServiceModel } from '../compose/model.js';
import type { PublishedPort } from '../runtime/runtime.js';

/** How the local runtime knows a service is ready (the Docker back end reads the container's health). */
export type LocalWait =
  | { kind: 'http'; url: string; intervalMs: number }
  | { kind: 'command'; command: string[]; intervalMs: number }
  | { kind: 'postgres'; intervalMs: number }
  | { kind: 'running' };

export interface LocalPlan {
  service: string;
  spec: LocalSpec;
  /** The process runner's command, resolved (`node` is this Node, project files made absolute). */
  command: string[];
  env: Record<string, string>;
  wait: LocalWait;
}

/** The PostgreSQL image's port: the postgres runner listens on the host port published for it. */
export const POSTGRES_PORT = 5432;

export function publishedPort(
  service: ServiceModel | undefined,
  target: number,
  protocol: PortMapping['protocol'] = 'tcp',
): number | undefined {
  const p = service?.ports.find((m) => m.target === target && m.protocol === protocol);
  return p ? (p.published ?? p.target) : undefined;
}

/** Host names other services know a service by: its name, container name and aliases. */
function hostNames(model: ProjectModel): Set<string> {
  const names = new Set<string>();
  for (const s of Object.values(model.services))
    for (const name of [s.name, s.containerName, ...Object.values(s.networks).flatMap((n) => n.aliases)])
      if (name) names.add(name);
  return names;
}

export function localSpec(service: ServiceModel): LocalSpec {
  if (service.local) return service.local;
  throw new UserError(
    `The local runtime cannot run "${service.name}": docker-compose.yml gives it no x-ddworkshop.local form${service.image?.includes('datadoghq/agent') ? ' (the real Datadog agent needs Docker)' : ''}`,
    `Use the Docker runtime (--runtime docker), or the local intake: ${CLI} setup --offline`,
  );
}

export function localEnvironment(model: ProjectModel, service: ServiceModel): Record<string, string> {
  const names = hostNames(model);
  const env: Record<string, string> = {};
  // Only host variables: DB_NAME=postgres names a database, not the postgres service.
  for (const [key, value] of Object.entries(service.environment))
    env[key] = /HOST$/.test(key) && names.has(value) ? '127.0.0.1' : value;
  for (const [key, value] of Object.entries(localSpec(service).environment)) {
    if (value === '') delete env[key];
    else env[key] = value;
  }
  return env;
}

/** `node` -> this Node; `intake/dist/main.js` -> an absolute path in the project; the rest as written. */
export function resolveCommand(words: string[], projectDir: string): string[] {
  return words.map((word, i) => {
    if (i === 0 && word === 'node') return process.execPath;
    return !isAbsolute(word) && /^[\w.-]+\/[\w./-]+\.(c|m)?js$/.test(word) ? join(projectDir, word) : word;
  });
}

/** A `docker exec` command line as it runs here: its program through the spec's `exec` map. */
export function execCommand(spec: LocalSpec, command: string[], projectDir: string): string[] {
  const [program = '', ...args] = command;
  const alias = spec.exec[program];
  return alias ? [...resolveCommand(alias, projectDir), ...args] : command;
}

function waitFor(service: ServiceModel, spec: LocalSpec, projectDir: string): LocalWait {
  const intervalMs = Math.max(250, Math.min(service.healthcheck?.intervalMs ?? 1000, 2000));
  if (spec.healthcheck) return { kind: 'http', url: spec.healthcheck.http, intervalMs: 250 };
  if (spec.runner === 'postgres') return { kind: 'postgres', intervalMs: 250 };
  const test = service.healthcheck;
  if (!test || test.disable || test.test[0] === 'NONE') return { kind: 'running' };
  const command = test.test[0] === 'CMD-SHELL' ? ['sh', '-c', test.test[1] ?? 'true'] : test.test.slice(1);
  return { kind: 'command', command: execCommand(spec, command, projectDir), intervalMs };
}

/**
 * The log files a collecting service tails: every service labelled `com.datadoghq.ad.logs`
 * (Datadog's container log configuration), with the source and service the label gives.
 */
export function logFilesToCollect(model: ProjectModel, logFile: (service: string) => string) {
  const files: Array<{ path: string; service: string; source: string }> = [];
  for (const s of Object.values(model.services)) {
    const label = s.labels['com.datadoghq.ad.logs'];
    if (!label) continue;
    let configs: Array<{ source?: string; service?: string }>;
    try {
      configs = JSON.parse(label) as typeof configs;
    } catch {
      throw new UserError(
        `${s.name}: the com.datadoghq.ad.logs label is not valid JSON`,
        'Fix it in docker-compose.yml.',
      );
    }
    const c = configs[0] ?? {};
    files.push({ path: logFile(s.name), service: c.service ?? s.name, source: c.source ?? s.name });
  }
  return files;
}

export function localPlan(
  model: ProjectModel,
  service: ServiceModel,
  projectDir: string,
  logFile: (service: string) => string = (name) => join(projectDir, '.ddworkshop', 'local', `${name}.log`),
): LocalPlan {
  const spec = localSpec(service);
  const env = localEnvironment(model, service);
  if (spec.collectLogs) {
    env.INTAKE_LOG_FILES = JSON.stringify(logFilesToCollect(model, logFile));
    // Beside the logs: lines written while the collector was down are read when it is back.
    env.INTAKE_LOG_REGISTRY = join(dirname(logFile(service.name)), `${service.name}-log-registry.json`);
    // The facets a student created (console or lesson), kept across restarts as Datadog keeps them.
    env.INTAKE_FACETS_FILE = join(dirname(logFile(service.name)), `${service.name}-facets.json`);
  }
  return {
    service: service.name,
    spec,
    command: spec.command ? resolveCommand(spec.command, projectDir) : [],
    env,
    wait: waitFor(service, spec, projectDir),
  };
}

/** Where the local process itself listens (no container port: a local process has no mapping). */
export function listenPorts(service: ServiceModel): PublishedPort[] {
  return service.ports.map((p) => ({
    hostIp: p.hostIp ?? '127.0.0.1',
    hostPort: p.published ?? p.target,
    protocol: p.protocol,
  }));
}
