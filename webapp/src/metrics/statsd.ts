/** The DogStatsD client: UDP to the agent (or the local intake), tagged service:webapp. */
import { StatsD } from 'hot-shots';
import type { WebappConfig } from '../config.js';

export function createStatsd({ host, port }: WebappConfig['statsd']): StatsD {
  return new StatsD({
    host,
    port,
    globalTags: ['service:webapp'],
    // Several metrics per datagram, flushed at least every second: one syscall per request
    // instead of four, which matters under load (the agent reads multi-line packets).
    maxBufferSize: 1400,
    bufferFlushInterval: 1000,
    // STATSD_MOCK=true keeps metrics in memory: benchmarks measure the app without them.
    mock: process.env.STATSD_MOCK === 'true',
    // A missing agent must never take the app down: metrics are best effort.
    errorHandler: (error) => console.error(`statsd: ${error.message}`),
  });
}
