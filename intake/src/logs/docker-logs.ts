/**
 * Container output collected as the agent collects it with `container_collect_all`: through the
 * Docker Engine API on the socket mounted read-only, every running container followed from now on
 * (re-scanned, so a recreated webapp is picked up) but the intake's own, its stdout and stderr
 * lines tagged with the `com.datadoghq.ad.logs` label's source and service, or — unlabelled — the
 * short image name for both, as the agent defaults them. Nothing in the intake's HTTP API reaches
 * Docker: this only reads.
 */
import { request } from 'node:http';
import { type ContainerSummary, containerName, getJson } from '../docker/engine-api.js';
import type { LogSourceInfo } from './parse-log.js';

export interface DockerLogOptions {
  socketPath: string;
  hostname: string;
  onLine: (line: string, from: LogSourceInfo) => void;
  rescanMs?: number;
}

/** Docker's multiplexed stream, chunk by chunk: 8-byte headers (stream, 0, 0, 0, length BE), then the payload. */
export function frameReader(onPayload: (stream: 'stdout' | 'stderr', text: string) => void) {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const kind = pending[0];
      if (kind === undefined || kind > 2 || pending[1] !== 0 || pending[2] !== 0 || pending[3] !== 0) {
        // A TTY container's stream has no headers: everything is stdout.
        onPayload('stdout', pending.toString('utf8'));
        pending = Buffer.alloc(0);
        return;
      }
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) return;
      onPayload(kind === 2 ? 'stderr' : 'stdout', pending.subarray(8, 8 + size).toString('utf8'));
      pending = pending.subarray(8 + size);
    }
  };
}

/** `ddworkshop/webapp:local` → `webapp`, `postgres:17` → `postgres`, `registry:5000/a/b@sha256:…` → `b`. */
export function shortImage(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const last = withoutDigest.split('/').at(-1) ?? withoutDigest;
  return last.split(':')[0] ?? last;
}

/** The intake's own output is not collected (it is the agent here). */
const OWN_IMAGE = 'intake';

export function sourceOf(c: ContainerSummary, hostname: string): LogSourceInfo | undefined {
  const name = containerName(c);
  const image = shortImage(c.Image ?? '');
  const tags = [
    `container_name:${name}`,
    `container_id:${c.Id.slice(0, 12)}`,
    ...(image ? [`short_image:${image}`] : []),
  ];
  const label = c.Labels?.['com.datadoghq.ad.logs'];
  if (!label) {
    if (image === OWN_IMAGE || !image) return undefined;
    return { service: image, source: image, host: hostname, tags };
  }
  try {
    const [config] = JSON.parse(label) as Array<{ source?: string; service?: string }>;
    return { service: config?.service ?? image, source: config?.source ?? image, host: hostname, tags };
  } catch {
    return undefined;
  }
}

export function collectDockerLogs({ socketPath, hostname, onLine, rescanMs = 3000 }: DockerLogOptions) {
  const following = new Map<string, () => void>();
  let stopped = false;
  const stats = { containers: 0, errors: 0, lastError: '' };

  function follow(c: ContainerSummary, from: LogSourceInfo): void {
    const since = Math.floor(Date.now() / 1000) - 1;
    const partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
    const read = frameReader((stream, text) => {
      const lines = (partial[stream] + text).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line.replace(/\r$/, ''), { ...from, stream });
    });
    const req = request(
      {
        socketPath,
        method: 'GET',
        path: `/containers/${c.Id}/logs?follow=1&stdout=1&stderr=1&since=${since}`,
      },
      (res) => {
        res.on('data', read);
        res.on('end', () => following.delete(c.Id));
        res.on('error', () => following.delete(c.Id));
      },
    );
    req.on('error', (error) => {
      stats.errors++;
      stats.lastError = error.message;
      following.delete(c.Id);
    });
    req.end();
    following.set(c.Id, () => req.destroy());
  }

  async function scan(): Promise<void> {
    try {
      const containers = await getJson<ContainerSummary[]>(socketPath, '/containers/json');
      stats.containers = containers.length;
      for (const c of containers) {
        if (following.has(c.Id) || c.State !== 'running') continue;
        const from = sourceOf(c, hostname);
        if (from) follow(c, from);
      }
    } catch (error) {
      stats.errors++;
      stats.lastError = (error as Error).message;
    }
  }

  void scan();
  const timer = setInterval(() => {
    if (!stopped) void scan();
  }, rescanMs);
  timer.unref();
  return {
    stats: () => ({ ...stats, following: following.size }),
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const close of following.values()) close();
      following.clear();
    },
  };
}
