/**
 * The `metrics-stopped` drill's fault: the webapp's DogStatsD address wrong, as after a deploy that
 * changed DD_DOGSTATSD_PORT — metrics stop while traces go on. The app keeps the client it was
 * given; while `drill.statsd-port` is set, its calls go to a second client at that port instead.
 */
import type { StatsD } from 'hot-shots';
import { followFlags } from './flags.js';

export function misroutableStatsd(statsd: StatsD, atPort: (port: number) => StatsD): StatsD {
  let wrong: { port: number; client: StatsD } | undefined;
  followFlags({ 'drill.statsd-port': 0 }, ({ 'drill.statsd-port': port }) => {
    if (wrong?.port === port) return;
    wrong?.client.close();
    wrong = port > 0 ? { port, client: atPort(port) } : undefined;
  });
  return new Proxy(statsd, {
    get(target, property) {
      if (property === 'close')
        return (callback?: (error?: Error) => void) => {
          wrong?.client.close();
          target.close(callback);
        };
      const client = wrong?.client ?? target;
      const value = Reflect.get(client, property);
      return typeof value === 'function' ? value.bind(client) : value;
    },
  });
}
