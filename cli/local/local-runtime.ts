/**
 * The stack as local processes, from the same model the Docker back end uses: each service as
 * its compose file's `x-ddworkshop.local` form says (the postgres runner for PostgreSQL, a
 * command for the rest), with the environment compose would give it, on the same host ports.
 * No service is known here by name.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync, watch } from 'node:fs';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { CLI } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import type { ProjectModel, ServiceModel } from '../compose/model.js';
import { dependencyWaves } from '../compose/order.js';
import { portVariableFor } from '../config/workshop-config.js';
import { currentHost, type Host } from '../platform/host.js';
import { serviceBaseEnv } from '../platform/service-env.js';
import { reportTypes, transpileService, tscEntry } from '../runtime/fast-build.js';
import type {
  DownOptions,
  ExecResult,
  LogsOptions,
  Runtime,
  ServiceStatus,
  UpOptions,
} from '../runtime/runtime.js';
import { pollUntil } from '../util/poll.js';
import { probeHttp } from '../util/probe-http.js';
import {
  execCommand,
  type LocalPlan,
  listenPorts,
  localPlan,
  POSTGRES_PORT,
  publishedPort,
} from './local-plan.js';
import { portFree } from './ports.js';
import {
  initCluster,
  pgCtlStart,
  pgCtlStop,
  ping,
  postgresCommand,
  postgresPlan,
  runAsUser,
  runInitScripts,
  startsThroughPgCtl,
} from './postgres-local.js';
import {
  isOurs,
  type PidRecord,
  readPid,
  recordProcess,
  spawnDetached,
  stateFiles,
  stopProcess,
  terminate,
} from './processes.js';

export class LocalRuntime implements Runtime {
  readonly kind = 'local' as const;

  constructor(
    private readonly stateDir: string,
    private readonly projectDir: string,
    private readonly host: Host = currentHost(),
  ) {}

  private plan(model: ProjectModel, service: ServiceModel): LocalPlan {
    return localPlan(model, service, this.projectDir, (name) => stateFiles(this.stateDir, name).log);
  }

  private pgPlan(service: ServiceModel) {
    return postgresPlan(service, this.stateDir, publishedPort(service, POSTGRES_PORT) ?? POSTGRES_PORT);
  }

  private async commandFor(
    model: ProjectModel,
    service: ServiceModel,
  ): Promise<{ command: string[]; env: Record<string, string> }> {
    const plan = this.plan(model, service);
    const base = serviceBaseEnv(this.host);
    if (plan.spec.runner === 'postgres')
      return { command: await postgresCommand(this.pgPlan(service), this.host), env: base };
    return { command: plan.command, env: { ...base, ...plan.env } };
  }

  /** One look at readiness, as the plan says to look (the compose healthcheck through `exec` by default). */
  private async health(model: ProjectModel, service: ServiceModel): Promise<boolean> {
    const plan = this.plan(model, service);
    switch (plan.wait.kind) {
      case 'postgres':
        return ping(this.pgPlan(service));
      case 'http':
        return probeHttp(plan.wait.url);
      case 'command': {
        const [program = 'true', ...args] = plan.wait.command;
        const r = await execa(program, args, {
          env: { ...process.env, ...plan.env },
          cwd: this.projectDir,
          reject: false,
          timeout: Math.max(2_000, service.healthcheck?.timeoutMs ?? 3_000),
        });
        return r.exitCode === 0;
      }
      default:
        return true;
    }
  }

  /** What the compiled code looks like now: a rebuilt service counts as a change. */
  private codeFingerprint(build: string | undefined): string {
    if (!build) return '';
    const dist = join(this.projectDir, build, 'dist');
    if (!existsSync(dist)) return '';
    let newest = 0;
    let files = 0;
    for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
      files++;
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
    return `${files}:${newest}`;
  }

  private async compile(build: string, what: string, next: string): Promise<void> {
    const tsc = tscEntry(this.projectDir);
    await execa(process.execPath, [tsc, '-b', build], { cwd: this.projectDir }).catch(
      (error: { stdout?: string }) => {
        throw new UserError(`${what}:\n${(error.stdout ?? '').slice(0, 3000)}`, next);
      },
    );
  }

  /** Compiles each service's TypeScript project that has no output yet (or all of them on --build). */
  private async ensureBuilt(plans: LocalPlan[], rebuild: boolean): Promise<void> {
    const builds = new Set(plans.map((p) => p.spec.build).filter((b): b is string => Boolean(b)));
    for (const build of builds) {
      const compiled = existsSync(join(this.projectDir, build, 'dist'));
      if (rebuild || !compiled)
        await this.compile(
          build,
          `Building ${build} failed`,
          'Fix the TypeScript errors above, then run the command again.',
        );
    }
  }

  private async checkPorts(service: ServiceModel): Promise<void> {
    for (const p of service.ports) {
      const port = p.published ?? p.target;
      if (!(await portFree(port, p.protocol, p.hostIp ?? '127.0.0.1'))) {
        const variable = portVariableFor(p.target, p.protocol);
        throw new UserError(
          `Port ${port}/${p.protocol} for ${service.name} is already in use`,
          `Stop what uses it, or move it${variable ? `: set ${variable}=<free port> in .env` : ''} and run again.`,
        );
      }
    }
  }

  private async startService(
    model: ProjectModel,
    service: ServiceModel,
    options: UpOptions,
    force: boolean,
  ): Promise<void> {
    const emit = (phase: 'start' | 'wait' | 'ready' | 'unchanged' | 'recreate', message: string) =>
      options.onProgress?.({ service: service.name, phase, message });
    const { command, env } = await this.commandFor(model, service);
    const plan = this.plan(model, service);
    const code = this.codeFingerprint(plan.spec.build);
    const hash = createHash('sha256')
      .update(JSON.stringify({ command, env, code }))
      .digest('hex')
      .slice(0, 16);
    const current = await readPid(this.stateDir, service.name);
    if ((await isOurs(current)) && current?.configHash === hash && !force) {
      if (await this.health(model, service)) {
        emit('unchanged', 'running, unchanged');
        return;
      }
    }
    const isPostgres = plan.spec.runner === 'postgres';
    const previous = current && (await isOurs(current)) ? current : undefined;
    // The old and the new process overlap: SIGTERM closes the old one's listening socket at once,
    // and the new one loads its modules for far longer than that before it listens (a save's
    // restart no longer waits for the old one's shutdown). PostgreSQL's data directory allows one.
    let leaving: Promise<void> | undefined;
    if (previous) {
      emit('recreate', force ? 'restarting' : 'configuration changed: restarting');
      if (isPostgres) await this.stopPostgres(service);
      else leaving = terminate(previous, undefined, this.host);
    }
    if (!leaving) await this.checkPorts(service);
    if (isPostgres && (await initCluster(this.pgPlan(service), this.stateDir, this.host)))
      emit('start', 'created the database cluster');
    emit('start', `starting ${command.slice(0, 2).join(' ')}`);
    const user = isPostgres ? runAsUser(this.host) : undefined;
    let overlapped = leaving !== undefined;
    const launch = async (): Promise<void> => {
      const logSize = await this.logSize(service.name);
      const record =
        isPostgres && startsThroughPgCtl(this.host)
          ? await this.startPostgresThroughPgCtl(service, command, env, hash)
          : await spawnDetached(this.stateDir, service.name, command, {
              env,
              cwd: this.projectDir,
              configHash: hash,
              ...(user ?? {}),
            });
      // Health counts once the old process is gone: until then, it may be the one answering.
      await leaving;
      await this.waitHealthy(model, service, options, record.pid).catch(async (error: unknown) => {
        // The old one still held the port (busy, or slow to close it): it is gone now, so again.
        if (!overlapped || !/EADDRINUSE/.test(await this.logSince(service.name, logSize))) throw error;
        overlapped = false;
        await launch();
      });
    };
    await launch();
    if (isPostgres) {
      const ran = await runInitScripts(this.pgPlan(service));
      if (ran.length) emit('start', `ran ${ran.join(', ')}`);
    }
    emit('ready', 'healthy');
  }

  /** pg_ctl starts the server and waits until it accepts connections; its pid is the postmaster's. */
  private async startPostgresThroughPgCtl(
    service: ServiceModel,
    command: string[],
    env: Record<string, string>,
    hash: string,
  ): Promise<PidRecord> {
    const started = await pgCtlStart(
      this.pgPlan(service),
      stateFiles(this.stateDir, service.name).log,
      env,
      this.host,
    );
    if (started.pid === undefined)
      throw new UserError(
        `PostgreSQL did not start (pg_ctl: ${started.error}). Last lines of its log:\n${await this.tail(service.name, 15)}`,
        `Full log: ${CLI} logs ${service.name}`,
      );
    return recordProcess(this.stateDir, service.name, started.pid, command, hash);
  }

  /** `pg_ctl stop -m fast`; a server it could not stop is then ended as any process is. */
  private async stopPostgres(service: ServiceModel): Promise<boolean> {
    const record = await readPid(this.stateDir, service.name);
    const running = record !== undefined && (await isOurs(record));
    if (running) await pgCtlStop(this.pgPlan(service), this.host);
    await stopProcess(this.stateDir, service.name, 10_000, this.host);
    return running;
  }

  private async waitHealthy(
    model: ProjectModel,
    service: ServiceModel,
    options: UpOptions,
    pid: number,
  ): Promise<void> {
    const hc = service.healthcheck;
    const limit =
      options.timeoutMs ??
      Math.max(60_000, (hc?.startPeriodMs ?? 0) + (hc?.retries ?? 3) * (hc?.intervalMs ?? 2000));
    options.onProgress?.({ service: service.name, phase: 'wait', message: 'waiting until healthy' });
    const healthy = async (): Promise<boolean> => {
      if (await this.health(model, service)) return true;
      const record = await readPid(this.stateDir, service.name);
      if (!(await isOurs(record)) || record?.pid !== pid) {
        // A dependency that died first is the cause (PostgreSQL killed, then the webapp cannot connect).
        const gone = await this.deadDependency(service);
        const culprit = gone ?? service.name;
        throw new UserError(
          gone
            ? `${gone} stopped while ${service.name} was starting. Last lines of ${gone}'s log:\n${await this.tail(gone, 15)}`
            : `${service.name} exited while starting. Last lines of its log:\n${await this.tail(service.name, 15)}`,
          `Full log: ${CLI} logs ${culprit}; then ${CLI} up`,
        );
      }
      return false;
    };
    const outcome = await pollUntil(healthy, (ok) => ok, {
      deadline: Date.now() + limit,
      signal: options.signal,
      // Every 50 ms: after a save, the student waits on this poll.
      intervalMs: 50,
      isFinal: () => true,
    });
    if (outcome.ok) return;
    if (outcome.reason === 'aborted') throw new UserError(`Stopped while ${service.name} was starting`);
    throw new UserError(
      `${service.name} did not become healthy in ${Math.round(limit / 1000)} s. Last lines of its log:\n${await this.tail(service.name, 15)}`,
      `Full log: ${CLI} logs ${service.name}`,
    );
  }

  /** The first service this one depends on that is no longer running, if any. */
  private async deadDependency(service: ServiceModel): Promise<string | undefined> {
    for (const name of Object.keys(service.dependsOn)) {
      const record = await readPid(this.stateDir, name);
      if (record && !(await isOurs(record))) return name;
    }
    return undefined;
  }

  private async logSize(service: string): Promise<number> {
    return (await stat(stateFiles(this.stateDir, service).log).catch(() => ({ size: 0 }))).size;
  }

  /** What the service wrote to its log after `offset` (its first 64 KiB). */
  private async logSince(service: string, offset: number): Promise<string> {
    return readSlice(stateFiles(this.stateDir, service).log, offset, 64 * 1024);
  }

  private async tail(service: string, lines: number): Promise<string> {
    const file = stateFiles(this.stateDir, service).log;
    if (!existsSync(file)) return '(no log)';
    // The end of the file only: a webapp's log grows by a line per request.
    const size = await this.logSize(service);
    return (await readSlice(file, Math.max(0, size - 64 * 1024), 64 * 1024))
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `  ${l}`)
      .join('\n');
  }

  async up(model: ProjectModel, options: UpOptions = {}): Promise<void> {
    const waves = dependencyWaves(model, options.services);
    const services = waves.flat().map((name) => model.services[name] as ServiceModel);
    // Planned first: a service with no local form stops `up` before anything starts.
    const plans = services.map((s) => this.plan(model, s));
    await this.ensureBuilt(plans, options.build === true);
    // What this run starts, so that Ctrl-C stops it again (a run stopped 1 s in left three services).
    const started = new Set<string>();
    const tracked: UpOptions = {
      ...options,
      onProgress: (e) => {
        if (e.phase === 'start') started.add(e.service);
        options.onProgress?.(e);
      },
    };
    try {
      for (const wave of waves) {
        await Promise.all(
          wave.map((name) => this.startService(model, model.services[name] as ServiceModel, tracked, false)),
        );
      }
    } catch (error) {
      if (!options.signal?.aborted) throw error;
      await this.stopStarted(model, [...started]);
      throw new UserError(
        `Stopped: ${started.size ? `${[...started].join(', ')} (started by this run) stopped again` : 'nothing was started'}`,
        `Start the stack when you are ready: ${CLI} up`,
      );
    }
  }

  /** Stops services this run started, dependents first. */
  private async stopStarted(model: ProjectModel, names: string[]): Promise<void> {
    for (const wave of dependencyWaves(model).reverse())
      await Promise.all(
        wave
          .filter((name) => names.includes(name))
          .map(async (name) => {
            const service = model.services[name] as ServiceModel;
            if (service.local?.runner === 'postgres') await this.stopPostgres(service);
            else await stopProcess(this.stateDir, name, 5_000, this.host);
          }),
      );
  }

  async reload(model: ProjectModel, service: string, options: UpOptions = {}): Promise<void> {
    const s = model.services[service];
    if (!s) throw new UserError(`No service "${service}"`);
    const build = this.plan(model, s).spec.build;
    if (build && options.onTypeCheck) {
      // Restart on transpiled code now; the type checker reports alongside.
      options.onProgress?.({ service, phase: 'build', message: 'transpiling' });
      await transpileService(this.projectDir, build, service);
      await this.startService(model, s, options, true);
      // Only once the service is up, so the checker's CPU does not slow its start (2-core laptops).
      reportTypes(this.projectDir, build, options.onTypeCheck);
      return;
    }
    if (build) {
      options.onProgress?.({ service, phase: 'build', message: 'compiling' });
      await this.compile(build, `${service} does not compile`, 'Fix the errors above and save again.');
    }
    await this.startService(model, s, options, true);
  }

  async down(model: ProjectModel, options: DownOptions = {}): Promise<void> {
    const waves = dependencyWaves(model).reverse();
    for (const wave of waves) {
      await Promise.all(
        wave.map(async (name) => {
          const service = model.services[name] as ServiceModel;
          const stopped =
            service.local?.runner === 'postgres'
              ? await this.stopPostgres(service)
              : await stopProcess(this.stateDir, name, 10_000, this.host);
          if (stopped) options.onProgress?.({ service: name, phase: 'stop', message: 'stopped' });
        }),
      );
    }
    if (options.volumes) {
      // Retries: Windows answers EBUSY for a moment after the server closed its files.
      const retry = { maxRetries: 10, retryDelay: 200 };
      await rm(join(this.stateDir, 'local', 'postgres-data'), { recursive: true, force: true, ...retry });
      await rm(join(this.stateDir, 'local', 'postgres-init-done'), { force: true, ...retry });
      options.onProgress?.({ service: 'postgres', phase: 'remove', message: 'removed the database data' });
    }
  }

  async status(model: ProjectModel): Promise<ServiceStatus[]> {
    return Promise.all(
      Object.values(model.services).map(async (s): Promise<ServiceStatus> => {
        const record = await readPid(this.stateDir, s.name);
        const alive = s.local !== undefined && (await isOurs(record));
        const healthy = alive && (await this.health(model, s));
        const status: ServiceStatus = {
          service: s.name,
          name: s.containerName ?? s.name,
          state: alive ? 'running' : 'missing',
          health: alive ? (healthy ? 'healthy' : 'unhealthy') : 'none',
          ports: listenPorts(s),
        };
        if (alive && record) status.id = String(record.pid);
        return status;
      }),
    );
  }

  async logs(
    _model: ProjectModel,
    service: string,
    out: NodeJS.WritableStream,
    options: LogsOptions = {},
  ): Promise<void> {
    const file = stateFiles(this.stateDir, service).log;
    if (!existsSync(file)) throw new UserError(`No log for ${service} yet`, `Start the stack: ${CLI} up`);
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n');
    out.write(options.tail ? lines.slice(-options.tail - 1).join('\n') : text);
    if (!options.follow) return;
    let offset = statSync(file).size;
    await new Promise<void>((resolve) => {
      const watcher = watch(file, () => {
        const size = statSync(file).size;
        if (size <= offset) return;
        createReadStream(file, { start: offset, end: size - 1 }).pipe(out, { end: false });
        offset = size;
      });
      options.signal?.addEventListener('abort', () => {
        watcher.close();
        resolve();
      });
    });
  }

  async exec(model: ProjectModel, service: string, command: string[]): Promise<ExecResult> {
    const s = model.services[service];
    if (!s) throw new UserError(`No service "${service}"`);
    const plan = this.plan(model, s);
    if (plan.spec.runner === 'postgres' && command[0] === 'pg_isready') {
      const port = publishedPort(s, POSTGRES_PORT) ?? POSTGRES_PORT;
      const ok = await ping(this.pgPlan(s));
      return {
        exitCode: ok ? 0 : 2,
        stdout: `127.0.0.1:${port} - ${ok ? 'accepting connections' : 'no response'}\n`,
        stderr: '',
      };
    }
    const [program = 'true', ...args] = execCommand(plan.spec, command, this.projectDir);
    const r = await execa(program, args, {
      env: { ...process.env, ...plan.env },
      cwd: this.projectDir,
      reject: false,
    });
    return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
  }
}

/** Up to `length` bytes of a file from `offset`, as text; empty when the file is missing. */
async function readSlice(file: string, offset: number, length: number): Promise<string> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
