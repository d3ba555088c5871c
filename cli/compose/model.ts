/**
 * The typed project model that docker-compose.yml turns into. Both runtimes (docker/ and
 * local/) consume only this; nothing downstream reads YAML. Durations are milliseconds,
 * paths are absolute.
 */
export interface ProjectModel {
  /** Compose project name (`com.docker.compose.project`). */
  name: string;
  /** Absolute path of the compose file, for error messages. */
  file: string;
  /** Folder relative paths were resolved against. */
  workingDir: string;
  /** Only the services active for the selected profiles. */
  services: Record<string, ServiceModel>;
  networks: Record<string, NetworkModel>;
  volumes: Record<string, VolumeModel>;
  /** Profiles the model was built for. */
  profiles: string[];
}

export interface ServiceModel {
  name: string;
  image?: string;
  build?: BuildSpec;
  containerName?: string;
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  ports: PortMapping[];
  volumes: VolumeMount[];
  /** Network name -> aliases on it. */
  networks: Record<string, { aliases: string[] }>;
  dependsOn: Record<string, Dependency>;
  healthcheck?: Healthcheck;
  profiles: string[];
  labels: Record<string, string>;
  restart?: 'no' | 'always' | 'on-failure' | 'unless-stopped' | string;
  workingDir?: string;
  user?: string;
  extraHosts?: string[];
  stopGracePeriodMs?: number;
  /**
   * `init: true`: Docker's init is the container's first process and passes signals on, so a
   * stop is prompt even before the program has installed its own handlers (a lone PID 1 ignores
   * SIGTERM until then, and Docker waits out the whole grace period).
   */
  init?: boolean;
  /** `pid: host`: the host's process namespace (the Datadog agent reads every process). */
  pid?: string;
  /** `cgroup: host`: the host's cgroup namespace (container metrics on cgroup-v2 hosts). */
  cgroup?: 'host' | 'private';
  /** How the local runtime runs it (`x-ddworkshop.local`); absent: Docker only. */
  local?: LocalSpec;
}

/**
 * A service's local form, declared in the compose file under `x-ddworkshop.local` (Docker's
 * own compose ignores `x-` keys): the local runtime runs what is declared here and knows no
 * service by name.
 */
export interface LocalSpec {
  /** `process`: run `command`; `postgres`: the embedded PostgreSQL binaries, configured from the service. */
  runner: 'process' | 'postgres';
  /** `node` is this Node; other words are programs on PATH or project-relative files. */
  command?: string[];
  /** A TypeScript project folder, compiled with `tsc -p` before the first start and on reload. */
  build?: string;
  /** Replaces the service's variables for a local process; an empty value removes one. */
  environment: Record<string, string>;
  /** How to tell it is ready: an HTTP URL answering 2xx; default: the compose healthcheck, through `exec`. */
  healthcheck?: { http: string };
  /** `docker exec` programs and what runs them locally (`agent` -> `node intake/dist/agent-cli.js`). */
  exec: Record<string, string[]>;
  /**
   * Collects the other services' output as the agent collects containers' (`INTAKE_LOG_FILES`:
   * each labelled `com.datadoghq.ad.logs` service's log file, with its source and service).
   */
  collectLogs?: boolean;
}

export type DependsCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  condition: DependsCondition;
  required: boolean;
  restart: boolean;
}

export interface BuildSpec {
  /** Absolute path of the build context. */
  context: string;
  /** Dockerfile path relative to the context. */
  dockerfile: string;
  args: Record<string, string>;
  target?: string;
}

export interface Healthcheck {
  /** Normalised: ['CMD', ...] or ['CMD-SHELL', 'cmd'] or ['NONE'] */
  test: string[];
  intervalMs: number;
  timeoutMs: number;
  retries: number;
  startPeriodMs: number;
  startIntervalMs?: number;
  disable: boolean;
}

export interface PortMapping {
  target: number;
  /** Host port; undefined means an ephemeral one. */
  published?: number;
  hostIp?: string;
  protocol: 'tcp' | 'udp';
}

export interface VolumeMount {
  type: 'volume' | 'bind' | 'tmpfs';
  /** Named volume key or absolute host path; absent for anonymous volumes and tmpfs. */
  source?: string;
  target: string;
  readOnly: boolean;
}

export interface NetworkModel {
  /** Engine-level name (`<project>_<key>` unless `name:` is set). */
  name: string;
  driver?: string;
  external: boolean;
  labels: Record<string, string>;
}

export interface VolumeModel {
  name: string;
  driver?: string;
  external: boolean;
  labels: Record<string, string>;
}
