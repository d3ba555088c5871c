import { describe, expect, it } from 'vitest';
import { type ContainerReading, containerSamples, imageTags } from './container-metrics.js';

const reading = (atMs: number, cpuNs: number, rx: number): ContainerReading => ({
  id: 'abc123def456',
  name: 'datadog-webapp',
  image: 'ddworkshop/webapp:local',
  labels: { 'com.docker.compose.service': 'webapp', 'com.docker.compose.project': 'ddworkshop' },
  unifiedTags: ['service:webapp', 'env:workshop'],
  startedAtMs: 1_000,
  atMs,
  cpu: { totalNs: cpuNs, userNs: cpuNs / 2, systemNs: cpuNs / 4 },
  memory: { usage: 50_000_000 },
  net: { rx, tx: rx / 2 },
});

describe('container metrics', () => {
  it('splits image references as the agent does', () => {
    expect(imageTags('gcr.io/datadoghq/agent:7')).toEqual([
      'docker_image:gcr.io/datadoghq/agent:7',
      'image_name:gcr.io/datadoghq/agent',
      'short_image:agent',
      'image_tag:7',
    ]);
    expect(imageTags('localhost:5000/pg')).toContain('image_tag:latest');
    expect(imageTags('localhost:5000/pg')).toContain('short_image:pg');
  });

  it('reports gauges at once and counters as what happened since the last run', () => {
    const first = containerSamples(undefined, [reading(11_000, 1e9, 1000)]);
    expect(first.map((s) => s.name).sort()).toEqual(['container.memory.usage', 'container.uptime']);
    expect(first.find((s) => s.name === 'container.uptime')?.value).toBe(10);
    const prev = new Map([['abc123def456', reading(11_000, 1e9, 1000)]]);
    const next = containerSamples(prev, [reading(26_000, 4e9, 7000)]);
    const by = Object.fromEntries(next.map((s) => [s.name, s]));
    expect(by['container.cpu.usage']).toMatchObject({ type: 'c', value: 3e9 });
    expect(by['container.net.rcvd']?.value).toBe(6000);
    expect(by['container.net.sent']?.value).toBe(3000);
    expect(by['container.memory.usage']?.tags).toEqual(
      expect.arrayContaining([
        'container_name:datadog-webapp',
        'short_image:webapp',
        'compose_service:webapp',
        'service:webapp',
      ]),
    );
    // A restarted container's counters start again: no negative rate.
    const restarted = containerSamples(prev, [reading(26_000, 1e6, 10)]);
    expect(restarted.some((s) => s.name === 'container.cpu.usage')).toBe(false);
  });
});
