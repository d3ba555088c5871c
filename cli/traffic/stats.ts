/**
 * Latency statistics per endpoint and status in HDR histograms: fixed memory however long the
 * run, exact enough (3 significant digits) for any percentile. Values in microseconds.
 */
import { build, type Histogram } from 'hdr-histogram-js';

export interface EndpointStats {
  endpoint: string;
  count: number;
  errors: number;
  failures: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

export interface Snapshot {
  elapsedSec: number;
  requests: number;
  errors: number;
  failures: number;
  dropped: number;
  ratePerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  endpoints: EndpointStats[];
}

const newHistogram = () =>
  build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });

interface Entry {
  hist: Histogram;
  count: number;
  errors: number;
  failures: number;
  statuses: Map<string, number>;
}

export class Recorder {
  private readonly all = newHistogram();
  private readonly byEndpoint = new Map<string, Entry>();
  dropped = 0;

  /** `status` is the HTTP status, or a failure name (`timeout`, `ECONNREFUSED`) when none came back. */
  record(endpoint: string, status: number | string, latencyUs: number): void {
    const us = Math.max(1, Math.round(latencyUs));
    this.all.recordValue(us);
    let e = this.byEndpoint.get(endpoint);
    if (!e) {
      e = { hist: newHistogram(), count: 0, errors: 0, failures: 0, statuses: new Map() };
      this.byEndpoint.set(endpoint, e);
    }
    e.hist.recordValue(us);
    e.count++;
    if (typeof status === 'string') e.failures++;
    else if (status >= 400) e.errors++;
    const key = String(status);
    e.statuses.set(key, (e.statuses.get(key) ?? 0) + 1);
  }

  snapshot(elapsedSec: number): Snapshot {
    // HDR buckets round up: a percentile may read above the largest value seen, which is absurd.
    const ms = (h: Histogram, p: number) =>
      h.totalCount ? Math.min(h.getValueAtPercentile(p), h.maxValue) / 1000 : 0;
    const endpoints = [...this.byEndpoint].map(
      ([endpoint, e]): EndpointStats => ({
        endpoint,
        count: e.count,
        errors: e.errors,
        failures: e.failures,
        statuses: Object.fromEntries([...e.statuses].sort()),
        p50Ms: ms(e.hist, 50),
        p95Ms: ms(e.hist, 95),
        p99Ms: ms(e.hist, 99),
        maxMs: e.hist.totalCount ? e.hist.maxValue / 1000 : 0,
        meanMs: e.hist.totalCount ? e.hist.mean / 1000 : 0,
      }),
    );
    endpoints.sort((a, b) => a.endpoint.localeCompare(b.endpoint));
    const requests = this.all.totalCount;
    return {
      elapsedSec,
      requests,
      errors: endpoints.reduce((n, e) => n + e.errors, 0),
      failures: endpoints.reduce((n, e) => n + e.failures, 0),
      dropped: this.dropped,
      ratePerSec: elapsedSec > 0 ? requests / elapsedSec : 0,
      p50Ms: ms(this.all, 50),
      p95Ms: ms(this.all, 95),
      p99Ms: ms(this.all, 99),
      endpoints,
    };
  }
}
