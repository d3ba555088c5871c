/**
 * The intake's `GET /intake/status` as the console's home page and `ddw verify` read it: is data
 * arriving, what was dropped or evicted and why. The intake's own status type must satisfy it.
 */
import * as v from 'valibot';

const count = v.number();

const DogStatsDStatusSchema = v.object({
  packets: count,
  parseErrors: v.record(v.string(), count),
  series: count,
  evictedSeries: count,
  /** Datagrams the kernel dropped (receive buffer full); Linux only. */
  kernelDrops: v.optional(count),
  /** At the last eviction: the metric with the most series and its tag with the most values. */
  cardinalityHint: v.optional(
    v.object({ metric: v.string(), series: count, tag: v.optional(v.string()), values: v.optional(count) }),
  ),
});

export const IntakeStatusSchema = v.object({
  version: v.string(),
  uptimeSec: count,
  ports: v.object({ dogstatsd: count, trace: count, api: count }),
  dogstatsd: DogStatsDStatusSchema,
  apm: v.object({ traces: count, spans: count, decodeErrors: count }),
  recent: v.object({
    windowSec: count,
    packetsPerSec: count,
    parseErrorsPerSec: count,
    spansPerSec: count,
    tracesPerSecByService: v.record(v.string(), count),
  }),
});

export type IntakeStatusView = v.InferOutput<typeof IntakeStatusSchema>;

/** What `ddw verify` reads to say why a metric may be missing (kernel drops, evictions). */
export const IntakeLossSchema = v.object({
  dogstatsd: v.pick(DogStatsDStatusSchema, ['evictedSeries', 'kernelDrops', 'cardinalityHint']),
});
