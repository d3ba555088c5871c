import { describe, expect, it } from 'vitest';
import { scrubbed, secretValues } from './class-client.js';
import {
  type ClassEvent,
  emptyRow,
  foldEvents,
  parseEvent,
  resultsCsv,
  studentRow,
  withStuck,
} from './class-events.js';
import { advertisedHosts } from './run-class.js';

const ev = (n: number, over: Partial<ClassEvent>): ClassEvent => ({
  id: `event-${String(n).padStart(4, '0')}`,
  at: n * 60_000,
  kind: 'check',
  ...over,
});

describe('a student’s row on the class hub', () => {
  it('follows a drill: started, a wrong answer, then solved, with the time it took', () => {
    const events = [
      ev(10, { kind: 'drill', lesson: 'slow-users' }),
      ev(12, { kind: 'drill', lesson: 'slow-users', passed: false, failure: { title: 'slow-users' } }),
      ev(14, { kind: 'drill', lesson: 'slow-users', passed: true }),
      ev(15, { kind: 'drill', lesson: 'slow-users', passed: false }),
    ];
    const row = studentRow('s1', 'Ada', events, 20 * 60_000);
    expect(row.drill).toEqual({
      name: 'slow-users',
      startedAt: 10 * 60_000,
      solved: true,
      solvedInMs: 4 * 60_000,
    });
    expect(studentRow('s1', 'Ada', events.slice(0, 2), 0).drill).toEqual({
      name: 'slow-users',
      startedAt: 10 * 60_000,
      solved: false,
    });
    const csv = resultsCsv([row]).split('\r\n');
    expect(csv[0]).toContain('"drill","drill solved in (min)"');
    expect(csv[1]).toContain('"slow-users (solved)","4.0"');
  });

  it('follows the lesson, the last check and its first failure; a pass resets the count', () => {
    const row = studentRow(
      's1',
      'Ada',
      [
        ev(1, { lesson: '01-explore-the-stack', passed: true }),
        ev(2, {
          lesson: '02-purchase-endpoint',
          passed: false,
          failure: { title: 'POST /purchase answers 201', message: 'got 404' },
        }),
        ev(3, { kind: 'hint', lesson: '02-purchase-endpoint' }),
        ev(4, {
          lesson: '02-purchase-endpoint',
          passed: false,
          failure: { title: 'POST /purchase answers 201' },
        }),
      ],
      5 * 60_000,
    );
    expect(row).toMatchObject({
      lesson: '02-purchase-endpoint',
      lessonSince: 2 * 60_000,
      failedInARow: 2,
      passed: ['01-explore-the-stack'],
      hints: 1,
      lastCheck: { passed: false, failure: { title: 'POST /purchase answers 201' } },
    });
    expect(row.stuck).toBeUndefined();
  });

  it('is stuck after three failed checks in a row, ten minutes without a pass, or a failed setup', () => {
    const fails = [2, 3, 4].map((n) => ev(n, { lesson: 'l', passed: false }));
    expect(studentRow('s', 'A', fails, 5 * 60_000).stuck).toBe('3 failed checks in a row');
    expect(studentRow('s', 'A', [ev(1, { lesson: 'l', passed: false })], 12 * 60_000).stuck).toBe(
      '11 min on l without a pass',
    );
    expect(studentRow('s', 'A', [ev(1, { lesson: 'l', passed: true })], 60 * 60_000).stuck).toBeUndefined();
    const setup = studentRow(
      's',
      'A',
      [ev(1, { kind: 'setup', passed: false, failure: { title: 'port 3001 taken' } })],
      2 * 60_000,
    );
    expect(setup.stuck).toBe('setup: port 3001 taken');
    expect(
      studentRow('s', 'A', [ev(1, { lesson: 'l', passed: false })], 12 * 60_000, {
        failures: 3,
        idleMs: 20 * 60_000,
      }).stuck,
    ).toBeUndefined();
  });

  it('takes only events it knows, texts cut to 300 characters', () => {
    expect(
      parseEvent({ id: 'abcdefgh-1', at: 1, kind: 'check', lesson: '01-x', passed: true }),
    ).toBeDefined();
    expect(parseEvent({ id: 'short', at: 1, kind: 'check' })).toBeUndefined();
    expect(parseEvent({ id: 'abcdefgh-1', at: 1, kind: 'exec' })).toBeUndefined();
    expect(parseEvent({ id: 'abcdefgh-1', at: 1, kind: 'check', lesson: '../../etc' })).toBeUndefined();
    const long = parseEvent({
      id: 'abcdefgh-1',
      at: 1,
      kind: 'check',
      failure: { title: 'x'.repeat(1000), message: 'y'.repeat(1000) },
    });
    expect(long?.failure?.title).toHaveLength(300);
  });

  it('exports CSV with quotes doubled and formulas defused', () => {
    const csv = resultsCsv([
      studentRow(
        's1',
        '=HYPERLINK("x")',
        [ev(1, { lesson: 'l', passed: false, failure: { title: 'say "hi"' } })],
        0,
      ),
    ]);
    expect(csv.split('\r\n')[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain('"say ""hi"""');
  });
});

describe('what leaves a laptop', () => {
  it('masks every secret-named value and writes the home folder ~', () => {
    const secrets = secretValues({
      DD_API_KEY: 'fake-class-key-not-a-real-one-0042',
      PATH: '/usr/bin',
      DB_PASSWORD: 'hunter22hunter22',
    });
    expect(secrets).toEqual(['fake-class-key-not-a-real-one-0042', 'hunter22hunter22']);
    const e = scrubbed(
      {
        kind: 'doctor',
        passed: false,
        failure: {
          title: 'key fake-class-key-not-a-real-one-0042',
          message: 'cannot write in /home/ada/work (hunter22hunter22)',
        },
      },
      secrets,
      '/home/ada',
    );
    expect(JSON.stringify(e)).not.toMatch(/fake-class-key-not-a-real-one-0042|hunter22hunter22|\/home\/ada/);
    expect(e.failure?.message).toBe('cannot write in ~/work (****er22)');
  });
});

describe('the hub’s host names', () => {
  it('are loopback, the machine’s name and its LAN addresses (or the address bound)', () => {
    const nets = {
      eth0: [{ address: '192.168.1.20', family: 'IPv4', internal: false }],
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
    } as never;
    expect(advertisedHosts('0.0.0.0', [], 'teacher', nets)).toEqual([
      'localhost',
      '127.0.0.1',
      'teacher',
      'teacher.local',
      '192.168.1.20',
    ]);
    expect(advertisedHosts('10.0.0.5', ['hub.room'], 'teacher', nets)).toEqual([
      'localhost',
      '127.0.0.1',
      'teacher',
      'teacher.local',
      '10.0.0.5',
      'hub.room',
    ]);
  });
});

describe('the address students type', () => {
  it('is the one bound, else a LAN address, else the machine’s name', async () => {
    const { joinHost } = await import('./run-class.js');
    expect(joinHost('10.0.0.5', ['localhost', '127.0.0.1', 'teacher', 'teacher.local', '10.0.0.5'])).toBe(
      '10.0.0.5',
    );
    expect(joinHost('0.0.0.0', ['localhost', '127.0.0.1', 'teacher', 'teacher.local', '192.168.1.20'])).toBe(
      '192.168.1.20',
    );
    expect(joinHost('0.0.0.0', ['localhost', '127.0.0.1', 'teacher', 'teacher.local'])).toBe('teacher');
  });
});

describe('joining across a LAN', () => {
  it('says what stops it, from how the connection failed', async () => {
    const { lanAdvice } = await import('./run-class.js');
    const failed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
    expect(lanAdvice(failed('ECONNREFUSED'))).toMatch(/Nothing listens there/);
    expect(lanAdvice(failed('UND_ERR_CONNECT_TIMEOUT'))).toMatch(/client isolation/);
    expect(lanAdvice(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toMatch(/firewall/);
    expect(lanAdvice(failed('EHOSTUNREACH'))).toMatch(/same Wi-Fi/);
    expect(lanAdvice(failed('ENOTFOUND'))).toMatch(/does not resolve/);
  });
});

describe('foldEvents', () => {
  const events: ClassEvent[] = [
    { id: 'e-000001', at: 1, kind: 'check', lesson: 'a', passed: false, failure: { title: 'x' } },
    { id: 'e-000002', at: 2, kind: 'check', lesson: 'a', passed: true },
    { id: 'e-000003', at: 3, kind: 'hint', lesson: 'b' },
    { id: 'e-000004', at: 4, kind: 'drill', lesson: 'slow-product-page' },
    { id: 'e-000005', at: 5, kind: 'check', lesson: 'b', passed: false, failure: { title: 'y' } },
    { id: 'e-000006', at: 6, kind: 'setup', passed: false, failure: { title: 'docker' } },
    { id: 'e-000007', at: 7, kind: 'drill', lesson: 'slow-product-page', passed: true },
  ];
  it('folded in pieces, as deliveries arrive, is the row folded at once', () => {
    const whole = studentRow('s', 'Ada', events, 10);
    for (let cut = 0; cut <= events.length; cut++) {
      const first = foldEvents(emptyRow('s', 'Ada'), events.slice(0, cut));
      expect(withStuck(foldEvents(first, events.slice(cut)), 10)).toEqual(whole);
    }
  });
  it('leaves the row it was given as it was', () => {
    const before = foldEvents(emptyRow('s', 'Ada'), events.slice(0, 2));
    const copy = structuredClone(before);
    foldEvents(before, events.slice(2));
    expect(before).toEqual(copy);
  });
  it('withStuck judges the row now, dropping an old verdict', () => {
    const row = foldEvents(emptyRow('s', 'Ada'), [events[0] as ClassEvent]);
    expect(withStuck(row, 11 * 60_000).stuck).toMatch(/min on a/);
    expect(withStuck({ ...row, stuck: 'old' }, 2).stuck).toBeUndefined();
  });
});
