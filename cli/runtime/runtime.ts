/**
 * The one small interface the commands use to run the stack. `docker/` implements it on the
 * Docker Engine API (dockerode); `local/` implements it with child processes and an embedded
 * PostgreSQL. Commands never talk to dockerode or spawn services directly.
 */
import type { ProjectModel } from '../compose/model.js';

export type RuntimeKind = 'docker' | 'local';

/** Progress of one service while bringing the stack up, for spinners and --json logs. */
export interface ProgressEvent {
  service: string;
  phase:
    | 'pull'
    | 'build'
    | 'create'
    | 'start'
    | 'wait'
    | 'ready'
    | 'unchanged'
    | 'recreate'
    | 'stop'
    | 'remove'
    | 'error';
  message: string;
  /** 0..1 where the phase can tell (image pulls, builds). */
  fraction?: number;
}

export interface UpOptions {
  /** Only these services (and what they depend on). Default: all active ones. */
  services?: string[];
  /** Rebuild images even if present (after a lesson changed the webapp). */
  build?: boolean;
  /** Per-service wait limit for a dependency condition. */
  timeoutMs?: number;
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  /**
   * reload only: restart on transpiled code at once and report the type checker's verdict when it
   * comes (undefined: sound). Where the runtime cannot split them (Docker builds), it is called
   * after the build with undefined.
   */
  onTypeCheck?: (errors: string | undefined) => void;
}

export interface DownOptions {
  /** Also remove named volumes (Docker) or the local data folder (local). */
  volumes?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

export type ServiceState = 'running' | 'starting' | 'exited' | 'stopped' | 'missing' | 'restarting';
export type HealthState = 'healthy' | 'unhealthy' | 'starting' | 'none';

export interface ServiceStatus {
  service: string;
  /** Container name (Docker) or process label (local). */
  name: string;
  state: ServiceState;
  health: HealthState;
  /** The host ports the service holds. */
  ports: PublishedPort[];
  /** Container id or pid. */
  id?: string;
  exitCode?: number;
}

/** A port a service holds on this machine: a container's mapping, or where a local process listens. */
export interface PublishedPort {
  hostIp: string;
  hostPort: number;
  /** The container's port behind the mapping (Docker); a local process has none. */
  containerPort?: number;
  protocol: 'tcp' | 'udp';
}

/** As `docker ps` shows it: `127.0.0.1:3001->3001/tcp`, or `127.0.0.1:4101/tcp` for a local process. */
export function portLabel(p: PublishedPort): string {
  const mapping = p.containerPort === undefined ? '' : `->${p.containerPort}`;
  return `${p.hostIp}:${p.hostPort}${mapping}/${p.protocol}`;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface LogsOptions {
  follow?: boolean;
  /** Last N lines; default all. */
  tail?: number;
  signal?: AbortSignal;
}

export interface Runtime {
  readonly kind: RuntimeKind;
  up(model: ProjectModel, options?: UpOptions): Promise<void>;
  down(model: ProjectModel, options?: DownOptions): Promise<void>;
  status(model: ProjectModel): Promise<ServiceStatus[]>;
  /** Writes a service's output (stdout and stderr interleaved, prefixed by nothing). */
  logs(
    model: ProjectModel,
    service: string,
    out: NodeJS.WritableStream,
    options?: LogsOptions,
  ): Promise<void>;
  /** Run a command in a service (Docker: exec in the container; local: a process with its environment). */
  exec(model: ProjectModel, service: string, command: string[]): Promise<ExecResult>;
  /** Apply code changes to one service: Docker rebuilds and recreates it, local restarts it. */
  reload(model: ProjectModel, service: string, options?: UpOptions): Promise<void>;
}
