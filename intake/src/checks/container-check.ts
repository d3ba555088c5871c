/**
 * The agent's container check, offline: every running container's one-shot stats through the
 * Docker Engine API (the socket mounted read-only), its environment read once per container for
 * the unified service tags.
 */
import { type ContainerSummary, containerName, getJson } from '../docker/engine-api.js';
import type { Check } from './check-runner.js';
import { type ContainerReading, containerSamples } from './container-metrics.js';

interface Stats {
  read?: string;
  cpu_stats?: {
    cpu_usage?: { total_usage?: number; usage_in_usermode?: number; usage_in_kernelmode?: number };
  };
  memory_stats?: { usage?: number; limit?: number };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null };
}

interface Inspect {
  Config?: { Env?: string[] | null; Image?: string };
  State?: { StartedAt?: string };
}

const UNIFIED = { DD_ENV: 'env', DD_SERVICE: 'service', DD_VERSION: 'version' } as const;

function unifiedTags(env: string[]): string[] {
  return env.flatMap((kv) => {
    const eq = kv.indexOf('=');
    const tag = UNIFIED[kv.slice(0, eq) as keyof typeof UNIFIED];
    const value = kv.slice(eq + 1);
    return tag && value ? [`${tag}:${value}`] : [];
  });
}

/** What the check keeps of an inspection: never the environment itself (it holds passwords). */
interface Identity {
  image?: string;
  unifiedTags: string[];
  startedAtMs?: number;
}

function identity(inspect: Inspect): Identity {
  const started = Date.parse(inspect.State?.StartedAt ?? '');
  return {
    ...(inspect.Config?.Image ? { image: inspect.Config.Image } : {}),
    unifiedTags: unifiedTags(inspect.Config?.Env ?? []),
    ...(Number.isFinite(started) && started > 0 ? { startedAtMs: started } : {}),
  };
}

function toReading(c: ContainerSummary, stats: Stats, who: Identity): ContainerReading {
  const cpu = stats.cpu_stats?.cpu_usage ?? {};
  const nets = Object.values(stats.networks ?? {});
  const io = stats.blkio_stats?.io_service_bytes_recursive ?? null;
  const ioSum = (op: string) =>
    (io ?? []).filter((e) => e.op?.toLowerCase() === op).reduce((n, e) => n + (e.value ?? 0), 0);
  return {
    id: c.Id.slice(0, 12),
    name: containerName(c),
    image: who.image ?? c.Image ?? 'unknown',
    labels: c.Labels ?? {},
    unifiedTags: who.unifiedTags,
    ...(who.startedAtMs ? { startedAtMs: who.startedAtMs } : {}),
    atMs: Date.parse(stats.read ?? '') || Date.now(),
    cpu: {
      totalNs: cpu.total_usage ?? 0,
      userNs: cpu.usage_in_usermode ?? 0,
      systemNs: cpu.usage_in_kernelmode ?? 0,
    },
    memory: {
      usage: stats.memory_stats?.usage ?? 0,
      // Docker reports the host's memory as the "limit" of an unlimited container.
      ...(stats.memory_stats?.limit && stats.memory_stats.limit < 2 ** 60
        ? { limit: stats.memory_stats.limit }
        : {}),
    },
    ...(nets.length
      ? {
          net: {
            rx: nets.reduce((n, x) => n + (x.rx_bytes ?? 0), 0),
            tx: nets.reduce((n, x) => n + (x.tx_bytes ?? 0), 0),
          },
        }
      : {}),
    ...(io ? { io: { read: ioSum('read'), write: ioSum('write') } } : {}),
  };
}

export function containerCheck(socketPath: string): Check {
  let previous: Map<string, ContainerReading> | undefined;
  const inspected = new Map<string, Identity>();
  return {
    name: 'container',
    async run() {
      const running = (await getJson<ContainerSummary[]>(socketPath, '/containers/json')).filter(
        (c) => c.State === 'running',
      );
      const readings = await Promise.all(
        running.map(async (c) => {
          const [stats, who] = await Promise.all([
            getJson<Stats>(socketPath, `/containers/${c.Id}/stats?stream=false&one-shot=true`),
            inspected.get(c.Id) ?? getJson<Inspect>(socketPath, `/containers/${c.Id}/json`).then(identity),
          ]);
          inspected.set(c.Id, who);
          return toReading(c, stats, who);
        }),
      );
      for (const id of inspected.keys()) if (!running.some((c) => c.Id === id)) inspected.delete(id);
      const out = containerSamples(previous, readings);
      previous = new Map(readings.map((r) => [r.id, r]));
      return out;
    },
  };
}
