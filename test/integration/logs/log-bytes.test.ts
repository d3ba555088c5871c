/**
 * The log store's budget counts what memory holds: for a request log line (pino's JSON, as the
 * webapp writes it) and a plain one, the events' estimated bytes are within a third of the heap
 * they really take (measured with V8's own GC). The old estimate, from the text's length, was
 * off by more than half for JSON lines, so 64 MiB of "budget" held far more.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { type LogEvent, parseLogLine } from '../../../intake/src/logs/parse-log.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const FROM = { service: 'webapp', source: 'nodejs', host: 'h' };

function measure(line: (i: number) => string, n = 20_000): { measured: number; estimated: number } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const held: LogEvent[] = [];
  let estimated = 0;
  for (let i = 0; i < n; i++) {
    const e = parseLogLine(line(i), FROM, 1_764_748_800_000);
    held.push(e);
    estimated += e.bytes;
  }
  gc();
  const measured = process.memoryUsage().heapUsed - before;
  expect(held.length).toBe(n);
  return { measured: measured / n, estimated: estimated / n };
}

describe('what a log event holds', () => {
  it('a request log line: estimated within a third of the measured heap', () => {
    const { measured, estimated } = measure((i) =>
      JSON.stringify({
        level: 30,
        time: 1_764_748_800_000 + i,
        msg: `POST /purchase 201 ${i}`,
        http: { method: 'POST', status_code: 201, route: '/purchase', url_details: { path: '/purchase' } },
        duration_ms: 500 + i,
        dd: {
          trace_id: `6b1141c5000000005f3b5b02e2${String(i).padStart(6, '0')}`,
          span_id: String(1e15 + i),
          service: 'webapp',
          env: 'workshop',
        },
      }),
    );
    expect(estimated / measured).toBeGreaterThan(0.67);
    expect(estimated / measured).toBeLessThan(1.5);
  });

  it('a plain text line too', () => {
    const { measured, estimated } = measure(
      (i) => `webapp listening on :3001 — request number ${i} and some more words`,
    );
    expect(estimated / measured).toBeGreaterThan(0.67);
    expect(estimated / measured).toBeLessThan(1.5);
  });
});
