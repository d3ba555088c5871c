/**
 * docker-compose.yml text -> ProjectModel. Pure: the caller passes the variables (`.env` and
 * the environment) and the profiles. Validation errors name the file and the key path.
 */
import { basename, resolve } from 'node:path';
import { parse } from 'yaml';
import { parseEnvFile } from '../config/env-file.js';
import { parseDuration } from '../util/duration.js';
import { ComposeError } from './compose-error.js';
import {
  type Fail,
  keyValues,
  parseDependsOn,
  parseHealthcheck,
  parsePorts,
  parseVolumes,
  stringList,
} from './fields.js';
import { interpolateTree } from './interpolate.js';
import type { BuildSpec, LocalSpec, NetworkModel, ProjectModel, ServiceModel, VolumeModel } from './model.js';

export interface BuildOptions {
  /** For error messages (e.g. `docker-compose.yml`). */
  file: string;
  projectDir: string;
  env: Record<string, string | undefined>;
  profiles: string[];
  projectName?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Compose's project-name rule: lowercase letters, digits, dashes and underscores. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');
}

function parseBuild(value: unknown, path: string, fail: Fail, workingDir: string): BuildSpec | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string')
    return { context: resolve(workingDir, value), dockerfile: 'Dockerfile', args: {} };
  if (!isObject(value)) return fail(path, 'expected a path or a map');
  const spec: BuildSpec = {
    context: resolve(workingDir, typeof value.context === 'string' ? value.context : '.'),
    dockerfile: typeof value.dockerfile === 'string' ? value.dockerfile : 'Dockerfile',
    args: keyValues(value.args, `${path}.args`, fail),
  };
  if (typeof value.target === 'string') spec.target = value.target;
  return spec;
}

function parseNetworks(value: unknown, path: string, fail: Fail): Record<string, { aliases: string[] }> {
  if (value === undefined || value === null) return { default: { aliases: [] } };
  if (Array.isArray(value)) return Object.fromEntries(value.map((n) => [String(n), { aliases: [] }]));
  if (!isObject(value)) return fail(path, 'expected a list or a map');
  return Object.fromEntries(
    Object.entries(value).map(([name, spec]) => [
      name,
      {
        aliases: stringList(
          (spec as Record<string, unknown> | null)?.aliases,
          `${path}.${name}.aliases`,
          fail,
        ),
      },
    ]),
  );
}

function parseLocal(value: unknown, path: string, fail: Fail): LocalSpec | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) return fail(path, 'expected a map');
  for (const key of Object.keys(value))
    if (!['runner', 'command', 'build', 'environment', 'healthcheck', 'exec', 'collect_logs'].includes(key))
      fail(
        `${path}.${key}`,
        'is not a local option (runner, command, build, environment, healthcheck, exec, collect_logs)',
      );
  const runner = value.runner ?? 'process';
  if (runner !== 'process' && runner !== 'postgres') fail(`${path}.runner`, 'is process or postgres');
  const spec: LocalSpec = {
    runner: runner as LocalSpec['runner'],
    environment: keyValues(value.environment, `${path}.environment`, fail),
    exec: {},
  };
  if (value.command !== undefined) spec.command = stringList(value.command, `${path}.command`, fail);
  if (spec.runner === 'process' && !spec.command?.length)
    fail(`${path}.command`, 'is required for runner process');
  if (value.build !== undefined) spec.build = String(value.build);
  if (value.healthcheck !== undefined) {
    const http = (value.healthcheck as { http?: unknown } | null)?.http;
    if (typeof http !== 'string' || !/^https?:\/\//.test(http))
      fail(`${path}.healthcheck.http`, 'expected a URL such as http://127.0.0.1:3001/health');
    spec.healthcheck = { http: http as string };
  }
  if (value.exec !== undefined) {
    if (!isObject(value.exec)) fail(`${path}.exec`, 'expected a map of program -> command');
    for (const [program, command] of Object.entries(value.exec as Record<string, unknown>))
      spec.exec[program] = stringList(command, `${path}.exec.${program}`, fail);
  }
  if (value.collect_logs !== undefined) {
    if (typeof value.collect_logs !== 'boolean') fail(`${path}.collect_logs`, 'is true or false');
    spec.collectLogs = value.collect_logs as boolean;
  }
  return spec;
}

function parseService(
  name: string,
  raw: unknown,
  fail: Fail,
  opts: BuildOptions,
  envFiles: (path: string, value: unknown) => Record<string, string>,
): ServiceModel {
  const path = `services.${name}`;
  if (!isObject(raw)) return fail(path, 'expected a map');
  const known = new Set([
    'image',
    'build',
    'container_name',
    'command',
    'entrypoint',
    'environment',
    'env_file',
    'ports',
    'volumes',
    'networks',
    'depends_on',
    'healthcheck',
    'profiles',
    'labels',
    'restart',
    'working_dir',
    'user',
    'extra_hosts',
    'stop_grace_period',
    'expose',
    'hostname',
    'init',
    'tty',
    'stdin_open',
    'stop_signal',
    'pid',
    'cgroup',
    'privileged',
    'cap_add',
    'cap_drop',
    'shm_size',
    'ulimits',
    'logging',
  ]);
  for (const key of Object.keys(raw))
    if (!known.has(key) && !key.startsWith('x-'))
      fail(`${path}.${key}`, 'is not a service option ddworkshop understands');
  const build = parseBuild(raw.build, `${path}.build`, fail, opts.projectDir);
  if (raw.image === undefined && !build) fail(path, 'needs an image or a build');
  const environment = {
    ...envFiles(`${path}.env_file`, raw.env_file),
    ...keyValues(raw.environment, `${path}.environment`, fail, (k) => opts.env[k]),
  };
  const service: ServiceModel = {
    name,
    environment,
    ports: parsePorts(raw.ports, `${path}.ports`, fail),
    volumes: parseVolumes(raw.volumes, `${path}.volumes`, fail, opts.projectDir),
    networks: parseNetworks(raw.networks, `${path}.networks`, fail),
    dependsOn: parseDependsOn(raw.depends_on, `${path}.depends_on`, fail),
    profiles: stringList(raw.profiles, `${path}.profiles`, fail),
    labels: keyValues(raw.labels, `${path}.labels`, fail),
  };
  if (raw.image !== undefined) service.image = String(raw.image);
  if (build) service.build = build;
  if (raw.container_name !== undefined) service.containerName = String(raw.container_name);
  if (raw.command !== undefined) service.command = stringList(raw.command, `${path}.command`, fail);
  if (raw.entrypoint !== undefined)
    service.entrypoint = stringList(raw.entrypoint, `${path}.entrypoint`, fail);
  const healthcheck = parseHealthcheck(raw.healthcheck, `${path}.healthcheck`, fail);
  if (healthcheck) service.healthcheck = healthcheck;
  if (raw.restart !== undefined) {
    const restart = String(raw.restart);
    if (!/^(no|always|unless-stopped|on-failure(:\d+)?)$/.test(restart))
      fail(`${path}.restart`, `"${restart}" is not no, always, on-failure or unless-stopped`);
    service.restart = restart;
  }
  if (raw.working_dir !== undefined) service.workingDir = String(raw.working_dir);
  if (raw.user !== undefined) service.user = String(raw.user);
  if (raw.extra_hosts !== undefined)
    service.extraHosts = stringList(raw.extra_hosts, `${path}.extra_hosts`, fail);
  const local = parseLocal(
    (raw['x-ddworkshop'] as Record<string, unknown> | undefined)?.local,
    `${path}.x-ddworkshop.local`,
    fail,
  );
  if (local) service.local = local;
  if (raw.pid !== undefined) service.pid = String(raw.pid);
  if (raw.cgroup !== undefined) {
    if (raw.cgroup !== 'host' && raw.cgroup !== 'private') fail(`${path}.cgroup`, 'is host or private');
    service.cgroup = raw.cgroup as 'host' | 'private';
  }
  if (raw.init !== undefined) {
    // Interpolation leaves `${VAR}` values as strings; compose takes both spellings.
    if (![true, false, 'true', 'false'].includes(raw.init as string | boolean))
      fail(`${path}.init`, 'is true or false');
    service.init = raw.init === true || raw.init === 'true';
  }
  if (raw.stop_grace_period !== undefined) {
    const ms = parseDuration(raw.stop_grace_period);
    if (ms === undefined) fail(`${path}.stop_grace_period`, 'is not a duration');
    service.stopGracePeriodMs = ms;
  }
  return service;
}

export type EnvFileReader = (path: string) => string | undefined;

export function buildModel(
  text: string,
  opts: BuildOptions,
  readEnvFile: EnvFileReader = () => undefined,
): ProjectModel {
  const fail: Fail = (path, message) => {
    throw new ComposeError(opts.file, path, message);
  };
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new ComposeError(opts.file, '', `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isObject(doc)) return fail('', 'expected a map with services');
  const tree = interpolateTree(doc, (k) => opts.env[k], '', fail) as Record<string, unknown>;
  if (!isObject(tree.services) || Object.keys(tree.services).length === 0)
    fail('services', 'expected at least one service');

  const envFiles = (path: string, value: unknown): Record<string, string> => {
    if (value === undefined || value === null) return {};
    const list = Array.isArray(value) ? value : [value];
    const out: Record<string, string> = {};
    list.forEach((entry, i) => {
      const spec =
        typeof entry === 'string'
          ? { path: entry, required: true }
          : (entry as { path?: unknown; required?: unknown });
      if (typeof spec.path !== 'string') fail(`${path}[${i}]`, 'expected a file path');
      const content = readEnvFile(resolve(opts.projectDir, spec.path as string));
      if (content === undefined) {
        if (spec.required !== false) fail(`${path}[${i}]`, `${spec.path} does not exist`);
        return;
      }
      // The one .env parser: quotes, escapes and comments read as `.env` itself is read.
      const parsed = parseEnvFile(content);
      const bad = parsed.errors[0];
      if (bad) fail(`${path}[${i}]`, `${spec.path} line ${bad.line}: ${bad.message}`);
      Object.assign(out, parsed.values);
    });
    return out;
  };

  const all = Object.entries(tree.services as Record<string, unknown>).map(([name, raw]) =>
    parseService(name, raw, fail, opts, envFiles),
  );
  const active = all.filter(
    (s) => s.profiles.length === 0 || s.profiles.some((p) => opts.profiles.includes(p)),
  );
  const activeNames = new Set(active.map((s) => s.name));
  const allNames = new Set(all.map((s) => s.name));
  for (const s of active) {
    for (const [dep, d] of Object.entries(s.dependsOn)) {
      if (!allNames.has(dep)) fail(`services.${s.name}.depends_on.${dep}`, 'names no service');
      if (!activeNames.has(dep) && d.required) {
        fail(
          `services.${s.name}.depends_on.${dep}`,
          `${dep} is not active for profiles [${opts.profiles.join(', ')}]; mark it required: false or enable its profile`,
        );
      }
    }
  }

  const name = normalizeProjectName(
    opts.projectName ?? (typeof tree.name === 'string' ? tree.name : basename(opts.projectDir)),
  );
  if (!name) fail('name', 'the project name is empty after normalisation');
  const networks: Record<string, NetworkModel> = {};
  const declaredNetworks = isObject(tree.networks) ? tree.networks : {};
  const usedNetworks = new Set(active.flatMap((s) => Object.keys(s.networks)));
  for (const net of usedNetworks) {
    const spec = (declaredNetworks[net] ?? {}) as Record<string, unknown>;
    if (net !== 'default' && !(net in declaredNetworks))
      fail(`services: network ${net}`, 'is used but not declared under networks');
    networks[net] = {
      name: typeof spec.name === 'string' ? spec.name : `${name}_${net}`,
      external: spec.external === true,
      labels: keyValues(spec.labels, `networks.${net}.labels`, fail),
      ...(typeof spec.driver === 'string' ? { driver: spec.driver } : {}),
    };
  }
  const volumes: Record<string, VolumeModel> = {};
  const declaredVolumes = isObject(tree.volumes) ? tree.volumes : {};
  for (const s of active) {
    for (const [i, v] of s.volumes.entries()) {
      if (v.type !== 'volume' || !v.source) continue;
      if (!(v.source in declaredVolumes))
        fail(`services.${s.name}.volumes[${i}]`, `volume "${v.source}" is not declared under volumes`);
      const spec = (declaredVolumes[v.source] ?? {}) as Record<string, unknown>;
      volumes[v.source] = {
        name: typeof spec.name === 'string' ? spec.name : `${name}_${v.source}`,
        external: spec.external === true,
        labels: keyValues(spec.labels, `volumes.${v.source}.labels`, fail),
        ...(typeof spec.driver === 'string' ? { driver: spec.driver } : {}),
      };
    }
  }
  return {
    name,
    file: resolve(opts.projectDir, opts.file),
    workingDir: opts.projectDir,
    services: Object.fromEntries(active.map((s) => [s.name, s])),
    networks,
    volumes,
    profiles: [...opts.profiles],
  };
}
