/**
 * The local intake in one call: DogStatsD (UDP), the trace agent (HTTP) and the query API
 * (HTTP), sharing one metric store and one span store. Port 0 picks a free port (tests).
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContractError, readAs } from '#contracts/wire/parse.js';
import {
  type StackReport,
  type StackReportAnswer,
  StackReportBodySchema,
} from '#contracts/wire/stack-report.js';
import { type RecentRates, trackRecentRates } from './agent/recent-rates.js';
import { ApiError } from './api/api-error.js';
import { createApiServer } from './api/api-server.js';
import { createLooks } from './api/looks.js';
import { createRateLimiter, DATADOG_LIMITS, type Limits } from './api/rate-limit.js';
import { type CheckHealth, startChecks, systemCheck } from './checks/check-runner.js';
import { containerCheck } from './checks/container-check.js';
import { postgresCheck } from './checks/postgres-check.js';
import { readSystem } from './checks/read-system.js';
import { createDashboardStore } from './dashboards/dashboard-store.js';
import { explainStatement } from './database/run-explain.js';
import { createStatementCatalog } from './database/statement-catalog.js';
import { kernelDrops } from './dogstatsd/kernel-drops.js';
import { startDogStatsD } from './dogstatsd/server.js';
import { createFacetStore } from './facets/facet-store.js';
import { collectDockerLogs } from './logs/docker-logs.js';
import { createLogStore, type LogStore } from './logs/log-store.js';
import { type LogSourceInfo, parseLogLine, splitLongLine } from './logs/parse-log.js';
import { type TailedFile, tailFiles } from './logs/tail-files.js';
import { createMetricsEngine, type MetricsEngine } from './metrics/engine.js';
import { createMonitorStore, type MonitorStore } from './monitors/monitor-store.js';
import { createSpanStore, type SpanStore } from './traces/span-store.js';
import { AGENT_VERSION, createTraceServer } from './traces/trace-server.js';

const withDrops = (n: number | undefined) => (n === undefined ? {} : { kernelDrops: n });

export interface IntakeOptions {
  host?: string;
  dogstatsdPort?: number;
  tracePort?: number;
  apiPort?: number;
  apiKey?: string;
  appKey?: string;
  maxPacketBytes?: number;
  retentionSec?: number;
  maxSeries?: number;
  /** Datadog's API rate limits (default: the documented ones, DATADOG_LIMITS; `{}` for none). */
  rateLimits?: Limits;
  /** Host names the HTTP API serves besides loopback ones (DDWORKSHOP_HOST). */
  allowedHosts?: string[];
  /** Host names the trace port serves besides loopback ones: what other containers call it (`datadog`). */
  traceHosts?: string[];
  /** Seconds after its bucket closes before a point can be read (Datadog: 15–30 s; default 0). */
  ingestionDelaySec?: number;
  /** How often monitors are evaluated (default 10 s; Datadog: every minute). */
  monitorIntervalSec?: number;
  /** Log files to follow as the agent follows containers' output (the local runtime's services). */
  logFiles?: TailedFile[];
  /** Where the log tailer keeps how far it read each file, across restarts (the agent's registry). */
  logRegistry?: string;
  /** Where the workshop's facets are kept across restarts (in memory only without it). */
  facetsFile?: string;
  /** The host name logs are tagged with. */
  hostname?: string;
  /** The Docker Engine socket to collect labelled containers' output from (Docker runtime). */
  dockerSocket?: string;
  /** Memory the kept logs may use (default 64 MiB); the oldest go first, counted. */
  logMaxBytes?: number;
  /** Run the agent's system check (system.cpu/load/mem/disk/net) every `checkIntervalMs` (default 15 s). */
  systemCheck?: boolean;
  /** The host's /proc for the system check (`/host/proc` in a container, as the agent mounts it). */
  procRoot?: string;
  /** Run the agent's postgres check against this URL (the `datadog` user the init SQL creates). */
  postgresUrl?: string;
  /** The postgres check's `relations:`: tables with per-table metrics (seq_scans, index_rel_scans…). */
  postgresRelations?: string[];
  checkIntervalMs?: number;
}

export interface IntakeStatus {
  version: string;
  uptimeSec: number;
  ports: { dogstatsd: number; trace: number; api: number };
  keysChecked: boolean;
  dogstatsd: ReturnType<MetricsEngine['stats']> & {
    /** Datagrams the kernel dropped, its receive buffer full (Linux only). */
    kernelDrops?: number;
  };
  apm: {
    payloads: number;
    decodeErrors: number;
    lastPayloadMs: number;
    spans: number;
    traces: number;
    byService: Record<string, { spans: number; traces: number }>;
  };
  /** Per-second rates over the last minute: is data arriving now? */
  recent: RecentRates;
  /** The agent's "Collector" section: each check's runs, samples and last error. */
  collector: CheckHealth[];
  /** The agent's "Logs Agent" section: lines received, kept, evicted, cut, by source. */
  logs: ReturnType<LogStore['stats']> & {
    tailing: string[];
    docker?: { containers: number; following: number; errors: number; lastError: string };
  };
}

export interface Intake {
  ports: { dogstatsd: number; trace: number; api: number };
  engine: MetricsEngine;
  spans: SpanStore;
  monitors: MonitorStore;
  logs: LogStore;
  /** One line of a service's output, as the agent would collect it. */
  ingestLog(line: string, from: LogSourceInfo): void;
  status(): IntakeStatus;
  stop(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startIntake(options: IntakeOptions = {}): Promise<Intake> {
  const host = options.host ?? '127.0.0.1';
  const started = Date.now();
  const engine = createMetricsEngine({
    retentionSec: options.retentionSec,
    maxSeries: options.maxSeries,
    ingestionDelaySec: options.ingestionDelaySec,
  });
  const facets = createFacetStore(options.facetsFile);
  const spans = createSpanStore({ retentionMs: (options.retentionSec ?? 3600) * 1000, facets: facets.list });
  const apm = { payloads: 0, decodeErrors: 0, lastPayloadMs: 0 };
  const ports = { dogstatsd: 0, trace: 0, api: 0 };

  const statsd = await startDogStatsD({
    host,
    port: options.dogstatsdPort ?? 8125,
    maxPacketBytes: options.maxPacketBytes,
    engine,
  });
  ports.dogstatsd = statsd.port;
  const trace = createTraceServer({
    engine,
    spans,
    apm,
    statsdPort: () => ports.dogstatsd,
    receiverPort: () => ports.trace,
    allowedHosts: [...(options.traceHosts ?? []), ...(options.allowedHosts ?? [])],
  });
  const recent = trackRecentRates(() => {
    const c = spans.counts();
    return {
      packets: engine.counters.packets,
      parseErrors: Object.values(engine.counters.parseErrors).reduce((a, b) => a + b, 0),
      metricSamples: engine.counters.metricSamples,
      spans: c.spans,
      tracesByService: Object.fromEntries(Object.entries(c.byService).map(([k, v]) => [k, v.traces])),
    };
  });
  const monitors = createMonitorStore({ engine, intervalSec: options.monitorIntervalSec });
  const dashboards = createDashboardStore();
  const logs = createLogStore({
    retentionMs: (options.retentionSec ?? 3600) * 1000,
    facets: facets.list,
    ...(options.logMaxBytes ? { maxBytes: options.logMaxBytes } : {}),
  });
  const hostname = options.hostname ?? 'ddworkshop-intake';
  const ingestLog = (line: string, from: LogSourceInfo) => {
    for (const piece of splitLongLine(line))
      logs.add(parseLogLine(piece, from, Date.now()), `${from.source}:${from.service}`);
  };
  const tailing = tailFiles(
    options.logFiles ?? [],
    (file, line) => ingestLog(line, { service: file.service, source: file.source, host: hostname }),
    500,
    options.logRegistry,
  );
  const statements = createStatementCatalog();
  const postgresUrl = options.postgresUrl;
  const checks = startChecks(
    [
      ...(options.systemCheck ? [systemCheck(() => readSystem(options.procRoot), hostname)] : []),
      ...(options.postgresUrl
        ? [
            postgresCheck(options.postgresUrl, {
              catalog: statements,
              relations: options.postgresRelations ?? [],
              hostname,
            }),
          ]
        : []),
      ...(options.dockerSocket ? [containerCheck(options.dockerSocket)] : []),
    ],
    engine,
    options.checkIntervalMs ?? 15_000,
  );
  const docker = options.dockerSocket
    ? collectDockerLogs({ socketPath: options.dockerSocket, hostname, onLine: ingestLog })
    : undefined;
  let stackReport: StackReport | undefined;
  const stack = {
    get: (): StackReportAnswer => stackReport ?? {},
    set(body: unknown) {
      try {
        stackReport = {
          ...readAs(StackReportBodySchema, body ?? {}, 'stack report'),
          reportedAtMs: Date.now(),
        };
      } catch (error) {
        if (error instanceof ContractError) throw new ApiError(400, error.message);
        throw error;
      }
    },
  };
  const status = (): IntakeStatus => ({
    version: AGENT_VERSION,
    uptimeSec: Math.round((Date.now() - started) / 1000),
    ports: { ...ports },
    keysChecked: Boolean(options.apiKey),
    dogstatsd: { ...engine.stats(), ...withDrops(kernelDrops(ports.dogstatsd)) },
    apm: { ...apm, ...spans.counts() },
    recent: recent.rates(),
    collector: checks.health(),
    logs: {
      ...logs.stats(),
      tailing: (options.logFiles ?? []).map((f) => f.path),
      ...(docker ? { docker: docker.stats() } : {}),
    },
  });
  const api = createApiServer({
    rateLimiter: createRateLimiter(options.rateLimits ?? DATADOG_LIMITS),
    engine,
    spans,
    apiKey: options.apiKey,
    appKey: options.appKey,
    status,
    stack,
    monitors,
    dashboards,
    logs,
    facets,
    looks: createLooks(),
    database: {
      catalog: statements,
      ...(postgresUrl
        ? { explain: (text: string, name: string) => explainStatement(postgresUrl, text, name) }
        : {}),
      warning: () => checks.health().find((c) => c.name === 'postgres')?.lastWarning,
    },
    allowedHosts: options.allowedHosts,
  });
  try {
    ports.trace = await listen(trace, options.tracePort ?? 8126, host);
    ports.api = await listen(api, options.apiPort ?? 8127, host);
  } catch (error) {
    await statsd.close();
    trace.close();
    throw error;
  }
  // Keep-alive sockets from tracers must not hold stop() open.
  trace.keepAliveTimeout = 5_000;
  return {
    ports,
    engine,
    spans,
    monitors,
    logs,
    ingestLog,
    status,
    async stop() {
      recent.stop();
      monitors.stop();
      tailing.stop();
      docker?.stop();
      checks.stop();
      await statsd.close();
      for (const server of [trace, api]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

export type { MetricsEngine } from './metrics/engine.js';
export { createMetricsEngine } from './metrics/engine.js';
