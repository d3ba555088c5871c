import { describe, expect, it } from 'vitest';
import { fullTraceId, sameTrace } from '../traces/trace-id.js';
import { frameReader, shortImage, sourceOf } from './docker-logs.js';
import { matchesLog, parseLogQuery } from './log-query.js';
import { createLogStore } from './log-store.js';
import { MAX_LINE_BYTES, parseLogLine, splitLongLine, TRUNCATED } from './parse-log.js';

const FROM = { service: 'webapp', source: 'nodejs', host: 'h' };
const NOW = Date.UTC(2026, 10, 25, 12);

describe('a log line as Datadog’s pipeline makes it', () => {
  it('lifts pino’s JSON: status from level, message, dd.* into trace ids and tags', () => {
    const e = parseLogLine(
      JSON.stringify({
        level: 'warn',
        timestamp: '2026-11-25T11:59:59.000Z',
        message: 'slow',
        http: { route: '/p' },
        dd: { trace_id: 'ab'.repeat(16), span_id: '42', service: 'webapp', env: 'prod', version: '2' },
      }),
      FROM,
      NOW,
    );
    expect(e).toMatchObject({
      status: 'warn',
      message: 'slow',
      traceId: 'ab'.repeat(16),
      spanId: '42',
      timestampMs: NOW - 1000,
    });
    expect(e.tags).toEqual(
      expect.arrayContaining(['env:prod', 'version:2', 'service:webapp', 'source:nodejs']),
    );
    expect(e.attributes).toMatchObject({ http: { route: '/p' }, level: 'warn' });
    expect(parseLogLine(JSON.stringify({ level: 'error', msg: 'x' }), FROM, NOW)).toMatchObject({
      status: 'error',
      message: 'x',
    });
  });

  // Docs, Log status remapper: "Integers from 0 to 7 map to the Syslog severity standards",
  // "Strings beginning with emerg or f … map to emerg (0)", a, c, e, w, n, i, "d, trace or verbose",
  // "o or s, or matching OK or Success … map to OK", "All others map to info (6)".
  it.each([
    [3, 'error'],
    [0, 'emergency'],
    [7, 'debug'],
    [50, 'info'],
    [60, 'info'],
    [2.5, 'info'],
    ['fatal', 'emergency'],
    ['emerg', 'emergency'],
    ['Alert', 'alert'],
    ['crit', 'critical'],
    ['err', 'error'],
    ['WARNING', 'warn'],
    ['notice', 'notice'],
    ['information', 'info'],
    ['trace', 'debug'],
    ['verbose', 'debug'],
    ['debug', 'debug'],
    ['OK', 'ok'],
    ['Success', 'ok'],
    ['4', 'warn'],
    ['bogus', 'info'],
  ])('level %j is status %j', (level, status) => {
    expect(parseLogLine(JSON.stringify({ level }), FROM, NOW).status).toBe(status);
  });

  it('takes the date from Datadog’s default date attributes; pino’s time is an attribute only', () => {
    const dated = parseLogLine(JSON.stringify({ date: '2026-11-25T11:59:58.000Z', time: 5 }), FROM, NOW);
    expect(dated.timestampMs).toBe(NOW - 2000);
    expect(dated.attributes.time).toBe(5);
    expect(parseLogLine(JSON.stringify({ time: '2026-11-25T11:59:58.000Z' }), FROM, NOW).timestampMs).toBe(
      NOW,
    );
  });

  it('an object-valued msg is no message: kept whole as an attribute, never "[object Object]"', () => {
    const e = parseLogLine(JSON.stringify({ level: 30, msg: { order: 7, items: [1, 2] } }), FROM, NOW);
    expect(e.message).toBe('');
    expect(e.attributes.msg).toEqual({ order: 7, items: [1, 2] });
    expect(parseLogLine(JSON.stringify({ level: 30, msg: 42 }), FROM, NOW).message).toBe('42');
  });
  it('keeps anything else whole as a plain message; stderr lines are errors; long lines are cut and marked', () => {
    expect(parseLogLine('Error: boom', FROM, NOW)).toMatchObject({ message: 'Error: boom', status: 'info' });
    expect(parseLogLine('{not json', { ...FROM, stream: 'stderr' }, NOW)).toMatchObject({
      message: '{not json',
      status: 'error',
    });
    // The agent's max_message_size_bytes (256,000): longer lines go in marked pieces, nothing dropped.
    const pieces = splitLongLine('y'.repeat(2 * MAX_LINE_BYTES + 10));
    expect(pieces.map((p) => p.length)).toEqual([
      MAX_LINE_BYTES + TRUNCATED.length,
      MAX_LINE_BYTES + 2 * TRUNCATED.length,
      10 + TRUNCATED.length,
    ]);
    expect(pieces[1]?.startsWith(TRUNCATED) && pieces[1].endsWith(TRUNCATED)).toBe(true);
    const first = parseLogLine(pieces[0] ?? '', FROM, NOW);
    expect(first.attributes.truncated).toBe(true);
    expect(splitLongLine('short')).toEqual(['short']);
    expect(parseLogLine(JSON.stringify({ timestamp: 5, message: 'old clock' }), FROM, NOW).timestampMs).toBe(
      NOW,
    );
  });
});

describe('128-bit trace ids', () => {
  it('join the span’s 64-bit id and its _dd.p.tid, and match either spelling', () => {
    const full = fullTraceId('2405521315113447220', '6b06608900000000');
    // As dd-trace 5 logged it for that span: the low 64 bits are the span's decimal id in hex.
    expect(full).toBe('6b06608900000000216220e41ef7af34');
    expect(sameTrace(full, '2405521315113447220', '6b06608900000000')).toBe(true);
    expect(sameTrace(full, '2405521315113447221', '6b06608900000000')).toBe(false);
    expect(sameTrace(full, '2405521315113447220', undefined)).toBe(true);
    expect(sameTrace('2405521315113447220', '2405521315113447220', undefined)).toBe(true);
  });
});

describe('log search syntax', () => {
  const line = (o: object, from = FROM) => parseLogLine(JSON.stringify(o), from, NOW);
  const a = line({
    level: 'info',
    message: 'GET /users 200',
    http: { status_code: 200, route: '/users' },
    duration_ms: 12,
    dd: { trace_id: 'ab'.repeat(16) },
  });
  const b = line({
    level: 'error',
    message: 'GET /error 500',
    http: { status_code: 500, route: '/error' },
    duration_ms: 340,
  });
  const c = parseLogLine('database not ready; retrying', { ...FROM, service: 'worker' }, NOW);
  // duration_ms has a measure (numeric searches need one, as in Datadog: facets.test.ts).
  const facets = [{ source: 'logs' as const, path: 'duration_ms', type: 'measure' as const, createdMs: 0 }];
  const hits = (q: string) =>
    [a, b, c].filter((e) => matchesLog(e, parseLogQuery(q), facets)).map((e) => e.message.split(' ')[1]);

  it('free text, reserved attributes, @attributes, comparisons, ranges, negation and OR', () => {
    expect(hits('*')).toEqual(['/users', '/error', 'not']);
    expect(hits('retrying')).toEqual(['not']);
    expect(hits('"GET /error"')).toEqual(['/error']);
    expect(hits('service:webapp status:error')).toEqual(['/error']);
    expect(hits('@http.status_code:500')).toEqual(['/error']);
    expect(hits('@http.route:/u*')).toEqual(['/users']);
    expect(hits('@duration_ms:>100')).toEqual(['/error']);
    expect(hits('@duration_ms:[10 TO 20]')).toEqual(['/users']);
    expect(hits('-status:error service:webapp')).toEqual(['/users']);
    expect(hits('NOT service:webapp')).toEqual(['not']);
    expect(hits('status:error OR service:worker')).toEqual(['/error', 'not']);
    expect(hits(`trace_id:${'ab'.repeat(16)}`)).toEqual(['/users']);
    expect(hits('@dd.trace_id:*')).toEqual(['/users']);
    expect(hits('@missing:x')).toEqual([]);
  });
  it('refuses unbalanced quotes and absurd queries', () => {
    expect(() => parseLogQuery('"open')).toThrow('unbalanced quotes');
    expect(() => parseLogQuery('x'.repeat(5000))).toThrow('longer than');
  });
  it('matches wildcards in linear time', () => {
    const e = parseLogLine('a'.repeat(5000), FROM, NOW);
    const t0 = performance.now();
    matchesLog(e, parseLogQuery(`${'a*'.repeat(30)}b`));
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('the log store', () => {
  it('keeps within its byte budget, oldest out first, and counts what it evicted', () => {
    let now = NOW;
    const store = createLogStore({ maxBytes: 50_000, now: () => now });
    for (let i = 0; i < 1000; i++)
      store.add(parseLogLine(`line ${i} ${'x'.repeat(100)}`, FROM, now), 'nodejs:webapp');
    const s = store.stats();
    expect(s.received).toBe(1000);
    expect(s.storedBytes).toBeLessThanOrEqual(50_000);
    expect(s.evicted).toBe(1000 - s.stored);
    const newest = store.search(parseLogQuery('*'), 0, now + 1, 1);
    expect(newest[0]?.message.startsWith('line 999 ')).toBe(true);
    const page = store.search(parseLogQuery('*'), 0, now + 1, 2, false, newest[0]?.id);
    expect(page[0]?.message.startsWith('line 998 ')).toBe(true);
    now += 2 * 3_600_000;
    expect(store.search(parseLogQuery('*'), 0, now, 10)).toEqual([]);
  });
});

describe('Docker’s multiplexed log stream', () => {
  it('is read frame by frame across chunks, stdout and stderr apart; a TTY stream passes as stdout', () => {
    const got: string[] = [];
    const read = frameReader((stream, text) => got.push(`${stream}:${text}`));
    const frame = (kind: number, text: string) => {
      const body = Buffer.from(text);
      const head = Buffer.from([kind, 0, 0, 0, 0, 0, 0, 0]);
      head.writeUInt32BE(body.length, 4);
      return Buffer.concat([head, body]);
    };
    const all = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err\n'), frame(1, 'out two\n')]);
    read(all.subarray(0, 5));
    read(all.subarray(5, 20));
    read(all.subarray(20));
    expect(got).toEqual(['stdout:out one\n', 'stderr:err\n', 'stdout:out two\n']);
    const tty: string[] = [];
    frameReader((s, t) => tty.push(`${s}:${t}`))(Buffer.from('plain tty output\n'));
    expect(tty).toEqual(['stdout:plain tty output\n']);
  });
});

describe('data nested too deep', () => {
  it('a log line of nested arrays is kept as text: a search over it answers, never overflows', async () => {
    const { nestsDeeperThan } = await import('../util/json-depth.js');
    const deep = `{"a":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    const e = parseLogLine(deep.slice(0, 60_000), FROM, NOW);
    expect(typeof e.message).toBe('string');
    const store = createLogStore({ now: () => NOW });
    store.add(parseLogLine(`{"msg":"deep","x":${'['.repeat(25)}${']'.repeat(25)}}`, FROM, NOW), 'k');
    expect(store.search(parseLogQuery('@x.y:1 OR deep'), NOW - 60_000, NOW + 1, 10)).toHaveLength(1);
    expect(nestsDeeperThan(JSON.parse(`${'['.repeat(50_000)}${']'.repeat(50_000)}`), 32)).toBe(true);
    expect(nestsDeeperThan({ a: { b: [1, { c: 2 }] } }, 32)).toBe(false);
  });
});

// The agent with DD_LOGS_CONFIG_CONTAINER_COLLECT_ALL=true (the compose file's): every container,
// the label's source and service where there is one, else the short image name for both.
describe('container logs collected as with container_collect_all', () => {
  const container = (Image: string, Labels: Record<string, string> = {}) => ({
    Id: 'abcdef1234567890',
    Names: ['/datadog-x'],
    Image,
    Labels,
  });
  it('reads short image names as the agent does', () => {
    expect(shortImage('ddworkshop/webapp:local')).toBe('webapp');
    expect(shortImage('postgres:17')).toBe('postgres');
    expect(shortImage('registry.local:5000/team/api@sha256:0a1b')).toBe('api');
  });
  it('collects unlabelled containers under their image name, labelled ones as labelled, never its own', () => {
    expect(sourceOf(container('postgres:17'), 'h')).toMatchObject({
      service: 'postgres',
      source: 'postgres',
    });
    expect(
      sourceOf(
        container('ddworkshop/webapp:local', {
          'com.datadoghq.ad.logs': '[{"source":"nodejs","service":"webapp"}]',
        }),
        'h',
      ),
    ).toMatchObject({
      service: 'webapp',
      source: 'nodejs',
      tags: expect.arrayContaining(['short_image:webapp']),
    });
    expect(sourceOf(container('ddworkshop/intake:local'), 'h')).toBeUndefined();
  });
});
