/**
 * The Runtime on the Docker Engine API (dockerode): build or pull, network and volumes,
 * containers with compose's labels, started in dependency waves and waited on per condition.
 */

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import Docker from 'dockerode';
import { pack } from 'tar-fs';
import { CLI } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import type { Dependency, ProjectModel, ServiceModel } from '../compose/model.js';
import { dependencyWaves } from '../compose/order.js';
import { PORT_VARS } from '../config/workshop-config.js';
import { currentHost, type Host } from '../platform/host.js';
import { reportTypes, transpileService } from '../runtime/fast-build.js';
import type {
  DownOptions,
  ExecResult,
  LogsOptions,
  PublishedPort,
  Runtime,
  ServiceStatus,
  UpOptions,
} from '../runtime/runtime.js';
import { pollUntil } from '../util/poll.js';
import { probeHttp } from '../util/probe-http.js';
import { buildImage, CONTEXT_DIGEST_LABEL, contextDigest, pullImage } from './build-image.js';
import {
  configHash,
  containerName,
  createOptions,
  imageName,
  LABEL,
  missingBindSources,
  planService,
} from './container-spec.js';
import { demultiplex } from './demux.js';
import {
  type DockerEndpoint,
  endpointLabel,
  modemOptions,
  resolveDockerEndpoint,
} from './docker-endpoint.js';
import { tarModes } from './tar-modes.js';

export type DockerConnection =
  | { ok: true; runtime: DockerRuntime }
  | { ok: false; reason: string; next: string };

/** The engine's client, pointed where the docker CLI would point it (DOCKER_HOST, contexts). */
export function dockerClient(host: Host = currentHost()): { docker: Docker; endpoint: DockerEndpoint } {
  const endpoint = resolveDockerEndpoint({
    os: host.os,
    env: host.env,
    home: homedir(),
    readFile: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: existsSync,
  });
  const options: Docker.DockerOptions = { ...modemOptions(endpoint) };
  if (endpoint.tls) {
    const pem = (name: string) => readFileSync(join(endpoint.tls?.dir ?? '', name));
    Object.assign(options, { ca: pem('ca.pem'), cert: pem('cert.pem'), key: pem('key.pem') });
  }
  return { docker: new Docker(options), endpoint };
}

export async function connectDocker(host: Host = currentHost()): Promise<DockerConnection> {
  let docker: Docker;
  let endpoint: DockerEndpoint;
  try {
    ({ docker, endpoint } = dockerClient(host));
  } catch (error) {
    return {
      ok: false,
      reason: `the Docker endpoint's settings cannot be read: ${(error as Error).message}`,
      next: 'Check DOCKER_HOST or your docker context (docker context ls), or use --runtime local.',
    };
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer in 3 s')), 3000);
      }),
    ]);
    return { ok: true, runtime: new DockerRuntime(docker) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const where = endpointLabel(endpoint);
    const reason =
      e.code === 'ENOENT'
        ? `no Docker engine at ${where}`
        : e.code === 'EACCES'
          ? `permission denied on the Docker socket ${where}`
          : `${e.message} at ${where}`;
    const next =
      e.code === 'EACCES'
        ? 'Add yourself to the docker group (sudo usermod -aG docker $USER, then log in again), or use --runtime local.'
        : 'Start Docker Desktop (or `sudo systemctl start docker`), or run without Docker: --runtime local.';
    return { ok: false, reason, next };
  } finally {
    // A pending timer would keep every command alive for 3 s after its work is done.
    clearTimeout(timer);
  }
}

type Container = Docker.ContainerInfo;

/** The project's containers of services not in this model (another profile) that hold a host port the model publishes. */
export function portHolders(model: ProjectModel, containers: Container[]): Container[] {
  const wanted = new Set(
    Object.values(model.services).flatMap((s) =>
      s.ports.map((p) => `${p.published ?? p.target}/${p.protocol}`),
    ),
  );
  return containers.filter(
    (c) =>
      !model.services[c.Labels[LABEL.service] ?? ''] &&
      (c.Ports ?? []).some((p) => p.PublicPort && wanted.has(`${p.PublicPort}/${p.Type}`)),
  );
}

export class DockerRuntime implements Runtime {
  readonly kind = 'docker' as const;
  constructor(readonly docker: Docker) {}

  private async containers(model: ProjectModel): Promise<Container[]> {
    return this.docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${model.name}`] } });
  }

  /** Creates the project's missing networks; returns the ones it created. */
  private async ensureNetworks(model: ProjectModel): Promise<string[]> {
    const made: string[] = [];
    for (const [key, net] of Object.entries(model.networks)) {
      if (net.external) continue;
      const found = await this.docker.listNetworks({ filters: { name: [net.name] } });
      if (found.some((n) => n.Name === net.name)) continue;
      const network = await this.docker.createNetwork({
        Name: net.name,
        Driver: net.driver ?? 'bridge',
        Labels: { ...net.labels, [LABEL.project]: model.name, [LABEL.network]: key },
      });
      made.push(network.id);
    }
    return made;
  }

  /** Creates the project's missing volumes; returns the names it created. */
  private async ensureVolumes(model: ProjectModel): Promise<string[]> {
    const made: string[] = [];
    const { Volumes } = await this.docker.listVolumes();
    for (const [key, vol] of Object.entries(model.volumes)) {
      if (vol.external || (Volumes ?? []).some((v) => v.Name === vol.name)) continue;
      made.push(vol.name);
      await this.docker.createVolume({
        Name: vol.name,
        Driver: vol.driver ?? 'local',
        Labels: { ...vol.labels, [LABEL.project]: model.name, [LABEL.volume]: key },
      });
    }
    return made;
  }

  private async image(name: string): Promise<{ id: string; digest?: string } | undefined> {
    try {
      const info = await this.docker.getImage(name).inspect();
      return { id: info.Id, digest: info.Config?.Labels?.[CONTEXT_DIGEST_LABEL] };
    } catch {
      return undefined;
    }
  }

  private async imageId(name: string): Promise<string | undefined> {
    return (await this.image(name))?.id;
  }

  /** Builds (when the service has a build and it is missing or asked for) or pulls; returns the image id. */
  private async prepareImage(
    model: ProjectModel,
    service: ServiceModel,
    options: UpOptions,
  ): Promise<string> {
    const name = imageName(model, service);
    const current = await this.image(name);
    let id = current?.id;
    const digest = service.build ? await contextDigest(service.build) : undefined;
    // Built from other sources than the context holds now (an update, an edit): built again.
    const stale = Boolean(id && digest && current?.digest !== digest);
    if (service.build && (!id || options.build || stale)) {
      const why = stale ? ' (its sources changed)' : '';
      options.onProgress?.({ service: service.name, phase: 'build', message: `building ${name}${why}` });
      await buildImage(
        this.docker,
        service.build,
        name,
        (line) =>
          options.onProgress?.({ service: service.name, phase: 'build', message: line.slice(0, 100) }),
        digest ? { [CONTEXT_DIGEST_LABEL]: digest } : {},
      );
      id = await this.imageId(name);
    } else if (!id) {
      await pullImage(this.docker, name, (message, fraction) =>
        options.onProgress?.({
          service: service.name,
          phase: 'pull',
          message,
          ...(fraction !== undefined ? { fraction } : {}),
        }),
      );
      id = await this.imageId(name);
    }
    if (!id) throw new UserError(`The image ${name} is missing after build/pull`);
    return id;
  }

  private async waitFor(
    model: ProjectModel,
    name: string,
    dep: Dependency,
    options: UpOptions,
  ): Promise<void> {
    const service = model.services[name];
    if (!service) return;
    const container = this.docker.getContainer(containerName(model, service));
    const hc = service.healthcheck;
    const limit =
      options.timeoutMs ??
      Math.max(
        60_000,
        (hc?.startPeriodMs ?? 0) +
          (hc?.retries ?? 3) * ((hc?.intervalMs ?? 30_000) + (hc?.timeoutMs ?? 30_000)),
      );
    let last = '';
    const ready = async (): Promise<boolean> => {
      const state = (await container.inspect()).State;
      const health = state.Health?.Status;
      const status = health ? `${state.Status} (${health})` : state.Status;
      if (status !== last) options.onProgress?.({ service: name, phase: 'wait', message: status });
      last = status;
      if (dep.condition === 'service_completed_successfully') {
        if (state.Status === 'exited') {
          if (state.ExitCode === 0) return true;
          throw await this.failure(model, service, `exited with code ${state.ExitCode}`);
        }
      } else if (dep.condition === 'service_healthy' && service.healthcheck && !service.healthcheck.disable) {
        if (health === 'healthy') return true;
        if (health === 'unhealthy') throw await this.failure(model, service, 'is unhealthy');
      } else if (state.Running) return true;
      if (state.Status === 'exited' || state.Status === 'dead')
        throw await this.failure(model, service, `exited with code ${state.ExitCode}`);
      return false;
    };
    // Every error above is final: a container that exited will not get better by waiting. Docker
    // records a health check's verdict when it runs; asked every 50 ms (an inspect is ~1 ms on the
    // socket), the next wave starts within a moment of it, where docker-compose asks every 100 ms.
    const outcome = await pollUntil(ready, (ok) => ok, {
      deadline: Date.now() + limit,
      signal: options.signal,
      intervalMs: 50,
      isFinal: () => true,
    });
    if (outcome.ok) return;
    if (outcome.reason === 'aborted') throw new UserError('Stopped (Ctrl-C)');
    throw await this.failure(
      model,
      service,
      `did not become ${dep.condition === 'service_healthy' ? 'healthy' : 'ready'} in ${Math.round(limit / 1000)} s`,
    );
  }

  private async failure(model: ProjectModel, service: ServiceModel, what: string): Promise<UserError> {
    const container = this.docker.getContainer(containerName(model, service));
    const info = await container.inspect().catch(() => undefined);
    const health = (info?.State.Health?.Log ?? [])
      .slice(-3)
      .map((l) => `  health (exit ${l.ExitCode}): ${l.Output.trim().slice(0, 200)}`);
    const raw = (await container
      .logs({ stdout: true, stderr: true, tail: 20 })
      .catch(() => Buffer.alloc(0))) as Buffer;
    const { stdout, stderr } = demultiplex(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
    const logs = `${stdout}${stderr}`
      .trimEnd()
      .split('\n')
      .slice(-20)
      .map((l) => `  | ${l}`);
    return new UserError(
      `${service.name} (${containerName(model, service)}) ${what}.\n${[...health, ...logs].join('\n')}`,
      `See everything: ${CLI} logs ${service.name}`,
    );
  }

  /**
   * The service's image and container, ready to start: built or pulled, created or recreated when
   * its configuration changed. False when it runs unchanged and needs no start.
   */
  private async createService(
    model: ProjectModel,
    service: ServiceModel,
    options: UpOptions,
    existing: Container | undefined,
    created: string[],
  ): Promise<boolean> {
    const imageId = await this.prepareImage(model, service, options);
    const hash = configHash(service, imageId);
    const action = planService(
      hash,
      existing ? { hash: existing.Labels[LABEL.hash], running: existing.State === 'running' } : undefined,
    );
    const name = containerName(model, service);
    if (action === 'keep') {
      options.onProgress?.({ service: service.name, phase: 'unchanged', message: 'running, unchanged' });
      return false;
    }
    if (action === 'recreate' && existing) {
      options.onProgress?.({
        service: service.name,
        phase: 'recreate',
        message: 'configuration changed: recreating',
      });
      await this.docker.getContainer(existing.Id).remove({ force: true });
    }
    if (action === 'create' || action === 'recreate') {
      // A container with our name but not our labels (an old `docker compose` run, say) blocks the name.
      const clash = await this.docker
        .getContainer(name)
        .inspect()
        .catch(() => undefined);
      if (clash && clash.Config.Labels?.[LABEL.project] !== model.name) {
        throw new UserError(
          `A container named ${name} already exists and is not part of this stack`,
          `Remove it (docker rm -f ${name}) and run again.`,
        );
      }
      if (clash) await this.docker.getContainer(name).remove({ force: true });
      options.onProgress?.({ service: service.name, phase: 'create', message: `creating ${name}` });
      for (const folder of missingBindSources(service, model.workingDir, existsSync, sep))
        mkdirSync(folder, { recursive: true });
      const container = await this.docker.createContainer(createOptions(model, service, imageId));
      created.push(container.id);
      const extra = Object.entries(service.networks).slice(1);
      for (const [net, { aliases }] of extra) {
        await this.docker
          .getNetwork(model.networks[net]?.name ?? net)
          .connect({ Container: container.id, EndpointConfig: { Aliases: [service.name, ...aliases] } });
      }
    }
    return true;
  }

  private async startService(model: ProjectModel, service: ServiceModel, options: UpOptions): Promise<void> {
    const name = containerName(model, service);
    options.onProgress?.({ service: service.name, phase: 'start', message: `starting ${name}` });
    await this.docker
      .getContainer(name)
      .start()
      .catch((error: { statusCode?: number; message: string }) => {
        if (error.statusCode === 304) return;
        if (/port is already allocated|address already in use/i.test(error.message)) {
          throw new UserError(
            `${service.name} cannot start: ${error.message.split(': ').pop()}`,
            `Stop what uses that port, or move it in .env (${Object.values(PORT_VARS).join(', ')}).`,
          );
        }
        throw error;
      });
  }

  async up(model: ProjectModel, options: UpOptions = {}): Promise<void> {
    const created: string[] = [];
    let networks: string[] = [];
    let volumes: string[] = [];
    try {
      networks = await this.ensureNetworks(model);
      volumes = await this.ensureVolumes(model);
      const all = await this.containers(model);
      // Another mode's services (the offline intake when Datadog mode starts its agent) would hold
      // the ports this run needs: removed, and said, as `docker compose up --remove-orphans` would.
      const orphans = portHolders(model, all);
      for (const orphan of orphans) {
        await this.docker.getContainer(orphan.Id).remove({ force: true });
        options.onProgress?.({
          service: orphan.Labels[LABEL.service] ?? orphan.Names[0] ?? '?',
          phase: 'remove',
          message: `removed: it belongs to another mode and holds ${orphan.Ports.map((p) => p.PublicPort)
            .filter(Boolean)
            .join(', ')}`,
        });
      }
      const existing = new Map(
        all
          .filter((c) => !portHolders(model, all).includes(c))
          .map((c) => [c.Labels[LABEL.service] ?? '', c]),
      );
      const waves = dependencyWaves(model, options.services);
      // Every image and container is made first, side by side; each container is started once what
      // it depends on is ready, as Compose does — no creation waits behind a health check.
      const toStart = new Set<string>();
      await Promise.all(
        waves.flat().map(async (name) => {
          const service = model.services[name] as ServiceModel;
          if (await this.createService(model, service, options, existing.get(name), created))
            toStart.add(name);
        }),
      );
      for (const wave of waves) {
        await Promise.all(
          wave.map(async (name) => {
            const service = model.services[name] as ServiceModel;
            // Its dependencies are waited on together: each one's health check runs on its own clock.
            await Promise.all(
              Object.entries(service.dependsOn)
                .filter(([dep]) => model.services[dep])
                .map(([dep, d]) => this.waitFor(model, dep, d, options)),
            );
            if (toStart.has(name)) await this.startService(model, service, options);
          }),
        );
      }
      // The last wave is waited on too: setup ends with every service ready.
      const last = waves.at(-1) ?? [];
      await Promise.all(
        last.map((name) =>
          this.waitFor(
            model,
            name,
            { condition: 'service_healthy', required: true, restart: false },
            options,
          ),
        ),
      );
      for (const name of last) options.onProgress?.({ service: name, phase: 'ready', message: 'healthy' });
    } catch (error) {
      // Ctrl-C: leave nothing half-started that this run created.
      if (options.signal?.aborted) {
        for (const id of created)
          await this.docker
            .getContainer(id)
            .remove({ force: true })
            .catch(() => {});
        for (const id of networks)
          await this.docker
            .getNetwork(id)
            .remove()
            .catch(() => {});
        // A volume this run created holds only a half-done first start (a database mid-initdb).
        for (const name of volumes)
          await this.docker
            .getVolume(name)
            .remove()
            .catch(() => {});
      }
      throw error;
    }
  }

  async reload(model: ProjectModel, service: string, options: UpOptions = {}): Promise<void> {
    if (options.onTypeCheck && (await this.hotReload(model, service, options, options.onTypeCheck))) return;
    // The image's build type-checks (tsc in the Dockerfile): once it is up, the types were sound.
    await this.up(model, { ...options, services: [service], build: true });
    options.onTypeCheck?.(undefined);
  }

  /**
   * Ready after a restart: the service's health URL (its local form's, reached through the published
   * port) polled every 50 ms — Docker's own health check runs only every interval — else that check.
   */
  private async waitReady(
    model: ProjectModel,
    service: ServiceModel,
    container: Docker.Container,
    options: UpOptions,
  ): Promise<void> {
    const url = service.local?.healthcheck?.http;
    if (!url) {
      const healthy = { condition: 'service_healthy', required: true, restart: false } as const;
      return this.waitFor(model, service.name, healthy, options);
    }
    const ready = async () => {
      if (await probeHttp(url)) return true;
      const state = (await container.inspect()).State;
      if (!state.Running) throw await this.failure(model, service, `exited with code ${state.ExitCode}`);
      return false;
    };
    const outcome = await pollUntil(ready, (ok) => ok, {
      deadline: Date.now() + 60_000,
      signal: options.signal,
      intervalMs: 50,
      isFinal: () => true,
    });
    if (!outcome.ok) throw await this.failure(model, service, `did not answer ${url} in 60 s`);
  }

  /**
   * learn's loop on Docker: the code transpiled here (as the local runtime does) is copied into the
   * running container's `dist/` beside its working directory — where the image puts the compiled
   * code — and the container restarted; the types are checked here alongside. The image is now
   * older than the sources: the next `up` rebuilds it (its context digest changed). False when the
   * service has no running container or no build to transpile: the caller rebuilds instead.
   */
  private async hotReload(
    model: ProjectModel,
    name: string,
    options: UpOptions,
    report: (errors: string | undefined) => void,
  ): Promise<boolean> {
    const service = model.services[name];
    if (!service?.build) return false;
    const container = this.docker.getContainer(containerName(model, service));
    const info = await container.inspect().catch(() => undefined);
    if (!info?.State.Running || !info.Config.WorkingDir) return false;
    const build = relative(model.workingDir, service.build.context);
    options.onProgress?.({ service: name, phase: 'build', message: 'transpiling' });
    await transpileService(model.workingDir, build, name);
    const map = tarModes(process.platform);
    const tar = pack(join(model.workingDir, build), { entries: ['dist'], ...(map ? { map } : {}) });
    await container.putArchive(tar as unknown as NodeJS.ReadableStream, {
      path: info.Config.WorkingDir,
    });
    options.onProgress?.({ service: name, phase: 'recreate', message: 'restarting with the new code' });
    await container.restart({ t: 10 });
    await this.waitReady(model, service, container, options);
    options.onProgress?.({ service: name, phase: 'ready', message: 'healthy' });
    reportTypes(model.workingDir, build, report);
    return true;
  }

  async down(model: ProjectModel, options: DownOptions = {}): Promise<void> {
    const containers = await this.containers(model);
    await Promise.all(
      containers.map(async (c) => {
        const service = c.Labels[LABEL.service] ?? c.Names[0] ?? c.Id;
        options.onProgress?.({
          service,
          phase: 'stop',
          message: `removing ${c.Names[0]?.slice(1) ?? c.Id.slice(0, 12)}`,
        });
        await this.docker.getContainer(c.Id).remove({ force: true });
      }),
    );
    const networks = await this.docker.listNetworks({
      filters: { label: [`${LABEL.project}=${model.name}`] },
    });
    for (const n of networks)
      await this.docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => {});
    if (options.volumes) {
      const { Volumes } = await this.docker.listVolumes({
        filters: { label: [`${LABEL.project}=${model.name}`] },
      });
      for (const v of Volumes ?? []) {
        await this.docker.getVolume(v.Name).remove();
        options.onProgress?.({ service: v.Name, phase: 'remove', message: 'volume removed' });
      }
    }
  }

  async status(model: ProjectModel): Promise<ServiceStatus[]> {
    const containers = new Map((await this.containers(model)).map((c) => [c.Labels[LABEL.service] ?? '', c]));
    return Promise.all(
      Object.values(model.services).map(async (s): Promise<ServiceStatus> => {
        const c = containers.get(s.name);
        if (!c)
          return {
            service: s.name,
            name: containerName(model, s),
            state: 'missing',
            health: 'none',
            ports: [],
          };
        const info = await this.docker.getContainer(c.Id).inspect();
        const health = info.State.Health?.Status;
        const status: ServiceStatus = {
          service: s.name,
          name: c.Names[0]?.slice(1) ?? containerName(model, s),
          state: info.State.Running
            ? 'running'
            : info.State.Restarting
              ? 'restarting'
              : info.State.Status === 'exited'
                ? 'exited'
                : 'stopped',
          health: health === 'healthy' || health === 'unhealthy' || health === 'starting' ? health : 'none',
          ports: c.Ports.filter((p) => p.PublicPort).map(
            (p): PublishedPort => ({
              hostIp: p.IP ?? '0.0.0.0',
              hostPort: p.PublicPort,
              containerPort: p.PrivatePort,
              protocol: p.Type === 'udp' ? 'udp' : 'tcp',
            }),
          ),
          id: c.Id.slice(0, 12),
        };
        if (info.State.Status === 'exited') status.exitCode = info.State.ExitCode;
        return status;
      }),
    );
  }

  async logs(
    model: ProjectModel,
    service: string,
    out: NodeJS.WritableStream,
    options: LogsOptions = {},
  ): Promise<void> {
    const s = model.services[service];
    if (!s) throw new UserError(`No service "${service}"`);
    const container = this.docker.getContainer(containerName(model, s));
    const tail = options.tail !== undefined ? { tail: options.tail } : {};
    // A TTY container's log has no stream headers: it passes through as it is.
    const tty = (await container.inspect()).Config.Tty;
    // One stream, frames in the order the engine wrote them (its log is in time order), stdout
    // and stderr interleaved as they happened, through dockerode's own demultiplexer.
    const stream: NodeJS.ReadableStream = options.follow
      ? await container.logs({ stdout: true, stderr: true, follow: true, ...tail })
      : Readable.from([
          (await container.logs({ stdout: true, stderr: true, follow: false, ...tail })) as unknown as Buffer,
        ]);
    const pass = new PassThrough();
    if (tty) stream.pipe(pass);
    else this.docker.modem.demuxStream(stream, pass, pass);
    pass.pipe(out, { end: false });
    await new Promise<void>((resolve) => {
      stream.on('end', () => setImmediate(resolve));
      options.signal?.addEventListener('abort', () => {
        (stream as unknown as { destroy?: () => void }).destroy?.();
        resolve();
      });
    });
  }

  async exec(model: ProjectModel, service: string, command: string[]): Promise<ExecResult> {
    const s = model.services[service];
    if (!s) throw new UserError(`No service "${service}"`);
    const exec = await this.docker
      .getContainer(containerName(model, s))
      .exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    // demuxStream never ends: wait for the raw stream, then ask for the exit code.
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    const { stdout, stderr } = demultiplex(Buffer.concat(chunks));
    const { ExitCode } = await exec.inspect();
    return { exitCode: ExitCode ?? 1, stdout, stderr };
  }
}
