/**
 * The agent's container check metrics from two readings of the Docker Engine API's stats:
 * `container.cpu.usage/user/system` (nanocores: nanoseconds of CPU per second, submitted as
 * rates), `container.memory.usage/limit` (bytes), `container.net.sent/rcvd` and
 * `container.io.read/write` (bytes per second), `container.uptime` (seconds). Tagged as the agent
 * tags a container's data: `container_name`, `container_id`, `docker_image`, `image_name`,
 * `short_image`, `image_tag`, `env`/`service`/`version` from the container's DD_* variables, and
 * `compose_service`/`compose_project` (the compose file maps those labels to tags for the real
 * agent too). Pure.
 */
import type { MetricSample } from '../metrics-seam.js';

export interface ContainerReading {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  /** DD_ENV, DD_SERVICE, DD_VERSION from the container's environment. */
  unifiedTags: string[];
  startedAtMs?: number;
  atMs: number;
  cpu: { totalNs: number; userNs: number; systemNs: number };
  memory: { usage: number; limit?: number };
  net?: { rx: number; tx: number };
  io?: { read: number; write: number };
}

/** `registry/ns/name:tag` (or `@sha256:…`) → the agent's image tags. */
export function imageTags(image: string): string[] {
  const [ref = image] = image.split('@');
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const hasTag = colon > lastSlash;
  const name = hasTag ? ref.slice(0, colon) : ref;
  const tag = hasTag ? ref.slice(colon + 1) : 'latest';
  return [
    `docker_image:${ref}`,
    `image_name:${name}`,
    `short_image:${name.slice(name.lastIndexOf('/') + 1)}`,
    `image_tag:${tag}`,
  ];
}

export function containerTags(c: ContainerReading): string[] {
  const service = c.labels['com.docker.compose.service'];
  const project = c.labels['com.docker.compose.project'];
  return [
    `container_name:${c.name}`,
    `container_id:${c.id}`,
    ...imageTags(c.image),
    ...(service ? [`compose_service:${service}`] : []),
    ...(project ? [`compose_project:${project}`] : []),
    ...c.unifiedTags,
  ];
}

export function containerSamples(
  prev: Map<string, ContainerReading> | undefined,
  now: ContainerReading[],
): MetricSample[] {
  const out: MetricSample[] = [];
  for (const c of now) {
    const tags = containerTags(c);
    const gauge = (name: string, value: number) => out.push({ name, type: 'g', value, sampleRate: 1, tags });
    // Rates from cumulative counters; a restarted container (counters back to zero) skips one run.
    const rate = (name: string, delta: number) => {
      if (delta >= 0) out.push({ name, type: 'c', value: delta, sampleRate: 1, tags });
    };
    gauge('container.memory.usage', c.memory.usage);
    if (c.memory.limit) gauge('container.memory.limit', c.memory.limit);
    if (c.startedAtMs) gauge('container.uptime', Math.max(0, (c.atMs - c.startedAtMs) / 1000));
    const before = prev?.get(c.id);
    if (!before) continue;
    rate('container.cpu.usage', c.cpu.totalNs - before.cpu.totalNs);
    rate('container.cpu.user', c.cpu.userNs - before.cpu.userNs);
    rate('container.cpu.system', c.cpu.systemNs - before.cpu.systemNs);
    if (c.net && before.net) {
      rate('container.net.rcvd', c.net.rx - before.net.rx);
      rate('container.net.sent', c.net.tx - before.net.tx);
    }
    if (c.io && before.io) {
      rate('container.io.read', c.io.read - before.io.read);
      rate('container.io.write', c.io.write - before.io.write);
    }
  }
  return out;
}
