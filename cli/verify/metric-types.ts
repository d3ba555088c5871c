/**
 * The type a metric *arrived* as, in Datadog's metric metadata (`GET /api/v1/metrics/{name}`),
 * against the type a lesson asks for. DogStatsD counters are stored as `rate` (or `count`),
 * gauges and histogram series as `gauge`, distributions as `distribution`. Pure.
 */
export type MetricKind = 'count' | 'gauge' | 'histogram' | 'distribution';

const STORED_AS: Record<MetricKind, string[]> = {
  count: ['rate', 'count'],
  gauge: ['gauge'],
  histogram: ['gauge'],
  distribution: ['distribution'],
};

const CALL: Record<MetricKind, string> = {
  count: 'statsd.increment(name, value, tags)',
  gauge: 'statsd.gauge(name, value, tags)',
  histogram: 'statsd.histogram(name, value, tags)',
  distribution: 'statsd.distribution(name, value, tags)',
};

const NOUN: Record<MetricKind, string> = {
  count: 'a counter',
  gauge: 'a gauge',
  histogram: 'a histogram',
  distribution: 'a distribution',
};

/** `rate` -> "a rate (a counter)": the stored type, with the client call that makes it. */
export function describeArrived(type: string): string {
  switch (type) {
    case 'rate':
    case 'count':
      return `a ${type} (a counter)`;
    case 'gauge':
      return 'a gauge';
    case 'distribution':
      return 'a distribution';
    default:
      return `a ${type}`;
  }
}

/** The column text: what arrived, e.g. `rate (counter)`; `?` while unknown. */
export function arrivedLabel(type: string | undefined, expected?: MetricKind): string {
  if (!type) return '?';
  // A histogram is stored as gauges, one per aggregate: what was expected, though it reads "gauge".
  if (expected === 'histogram' && type === 'gauge') return 'gauge (.avg, .max… series)';
  return type === 'rate' || type === 'count' ? `${type} (counter)` : type;
}

/** Undefined when the arrived type fits; else one line saying what differs and the fix. */
export function typeMismatch(
  name: string,
  expected: MetricKind,
  arrived: string | undefined,
): string | undefined {
  if (!arrived || STORED_AS[expected].includes(arrived)) return undefined;
  return `${name} arrived as ${describeArrived(arrived)}; it should be ${NOUN[expected]} → ${CALL[expected]}`;
}
