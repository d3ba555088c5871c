/**
 * A service of the model -> the Docker Engine API's container create options, with the labels
 * `docker compose` uses so its own `ps` and `down` see our containers. Pure.
 */
import { createHash } from 'node:crypto';
import type { ProjectModel, ServiceModel } from '../compose/model.js';

export const LABEL = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  hash: 'com.docker.compose.config-hash',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  version: 'com.docker.compose.version',
} as const;

export function imageName(model: ProjectModel, service: ServiceModel): string {
  return service.image ?? `${model.name}-${service.name}`;
}

export function containerName(model: ProjectModel, service: ServiceModel): string {
  return service.containerName ?? `${model.name}-${service.name}-1`;
}

/** Changes when anything that shapes the container changes; `imageId` makes a rebuild count. */
export function configHash(service: ServiceModel, imageId = ''): string {
  const { profiles: _p, dependsOn: _d, ...shape } = service;
  return createHash('sha256').update(JSON.stringify({ shape, imageId })).digest('hex');
}

const ns = (ms: number) => Math.round(ms * 1e6);

export function createOptions(
  model: ProjectModel,
  service: ServiceModel,
  imageId = '',
): Record<string, unknown> {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of service.ports) {
    const key = `${p.target}/${p.protocol}`;
    // A port bound without the same key in ExposedPorts is silently not published.
    exposed[key] = {};
    const list = bindings[key] ?? [];
    list.push({ HostIp: p.hostIp ?? '', HostPort: p.published === undefined ? '' : String(p.published) });
    bindings[key] = list;
  }
  const mounts = service.volumes.map((v) => ({
    Type: v.type,
    Target: v.target,
    ReadOnly: v.readOnly,
    ...(v.source
      ? { Source: v.type === 'volume' ? (model.volumes[v.source]?.name ?? v.source) : v.source }
      : {}),
  }));
  const networks = Object.entries(service.networks);
  const [firstNet] = networks;
  const endpoint = (net: string, aliases: string[]) => ({
    [model.networks[net]?.name ?? net]: { Aliases: [service.name, ...aliases] },
  });
  const hc = service.healthcheck;
  const options: Record<string, unknown> = {
    name: containerName(model, service),
    Image: imageName(model, service),
    Env: Object.entries(service.environment).map(([k, v]) => `${k}=${v}`),
    ExposedPorts: exposed,
    Labels: {
      ...service.labels,
      [LABEL.project]: model.name,
      [LABEL.service]: service.name,
      [LABEL.number]: '1',
      [LABEL.oneoff]: 'False',
      [LABEL.hash]: configHash(service, imageId),
      [LABEL.workingDir]: model.workingDir,
      [LABEL.configFiles]: model.file,
      [LABEL.version]: '2.29.0',
    },
    HostConfig: {
      PortBindings: bindings,
      Mounts: mounts,
      RestartPolicy: {
        Name: service.restart && service.restart !== 'no' ? service.restart.split(':')[0] : '',
      },
      ...(service.extraHosts ? { ExtraHosts: service.extraHosts } : {}),
      ...(service.pid ? { PidMode: service.pid } : {}),
      ...(service.cgroup ? { CgroupnsMode: service.cgroup } : {}),
      ...(service.init !== undefined ? { Init: service.init } : {}),
    },
    NetworkingConfig: { EndpointsConfig: firstNet ? endpoint(firstNet[0], firstNet[1].aliases) : {} },
  };
  if (service.command) options.Cmd = service.command;
  if (service.entrypoint) options.Entrypoint = service.entrypoint;
  if (service.workingDir) options.WorkingDir = service.workingDir;
  if (service.user) options.User = service.user;
  if (service.stopGracePeriodMs !== undefined)
    options.StopTimeout = Math.ceil(service.stopGracePeriodMs / 1000);
  if (hc) {
    options.Healthcheck = hc.disable
      ? { Test: ['NONE'] }
      : {
          Test: hc.test,
          Interval: ns(hc.intervalMs),
          Timeout: ns(hc.timeoutMs),
          Retries: hc.retries,
          StartPeriod: ns(hc.startPeriodMs),
          ...(hc.startIntervalMs !== undefined ? { StartInterval: ns(hc.startIntervalMs) } : {}),
        };
  }
  return options;
}

export type Action = 'create' | 'recreate' | 'keep' | 'start';

/** What to do with a service given the container already there (if any). */
export function planService(
  wantedHash: string,
  existing: { hash?: string; running: boolean } | undefined,
): Action {
  if (!existing) return 'create';
  if (existing.hash !== wantedHash) return 'recreate';
  return existing.running ? 'keep' : 'start';
}

/**
 * The bind sources inside the project that do not exist yet: compose creates a short-syntax bind's
 * missing host folder (`create_host_path`), where the Engine API refuses the mount. Only inside the
 * project — a missing /var/run/docker.sock must stay an error, not become a folder. Pure.
 */
export function missingBindSources(
  service: ServiceModel,
  projectDir: string,
  exists: (path: string) => boolean,
  sep = '/',
): string[] {
  const inside = (path: string) =>
    path === projectDir || path.startsWith(projectDir.endsWith(sep) ? projectDir : projectDir + sep);
  return service.volumes
    .filter((v) => v.type === 'bind' && v.source !== undefined && inside(v.source) && !exists(v.source))
    .map((v) => v.source as string);
}
