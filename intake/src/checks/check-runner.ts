/**
 * Runs the intake's checks as the agent's collector does — each on its interval (15 s, the
 * agent's default), its samples into the metric store — and keeps each check's health for
 * `agent status`'s Collector section: runs, metric samples, last error, last run.
 */
import type { MetricSample, MetricSink } from '../metrics-seam.js';
import { type SystemReading, systemSamples } from './system-metrics.js';

export interface Check {
  name: string;
  run(): Promise<MetricSample[]>;
  /** A part of the check that cannot run while the rest does (the agent's check warnings). */
  warning?(): string | undefined;
}

export interface CheckHealth {
  name: string;
  runs: number;
  errors: number;
  lastSamples: number;
  lastError?: string;
  lastWarning?: string;
  lastRunMs?: number;
}

export function startChecks(checks: Check[], sink: MetricSink, intervalMs = 15_000) {
  const health = new Map(
    checks.map((c) => [c.name, { name: c.name, runs: 0, errors: 0, lastSamples: 0 } as CheckHealth]),
  );
  let running = false;
  const runAll = async () => {
    if (running) return;
    running = true;
    try {
      for (const c of checks) {
        const h = health.get(c.name) as CheckHealth;
        h.runs++;
        h.lastRunMs = Date.now();
        try {
          const samples = await c.run();
          for (const s of samples) sink.ingest(s);
          h.lastSamples = samples.length;
          h.lastError = undefined;
          h.lastWarning = c.warning?.();
        } catch (error) {
          h.errors++;
          h.lastError = (error as Error).message.slice(0, 300);
        }
      }
    } finally {
      running = false;
    }
  };
  void runAll();
  const timer = setInterval(() => void runAll(), intervalMs);
  timer.unref();
  return {
    health: () => [...health.values()].map((h) => ({ ...h })),
    runNow: runAll,
    stop: () => clearInterval(timer),
  };
}

/** The system check: a reading each run, samples from the difference with the one before. */
export function systemCheck(read: () => Promise<SystemReading>, host: string): Check {
  let previous: SystemReading | undefined;
  return {
    name: 'system',
    async run() {
      const now = await read();
      const out = systemSamples(previous, now, host);
      previous = now;
      return out;
    },
  };
}
