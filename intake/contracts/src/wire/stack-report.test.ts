import { describe, expect, it } from 'vitest';
import { ContractError, readAs } from './parse.js';
import { StackReportBodySchema, StackReportSchema } from './stack-report.js';

describe('stack report', () => {
  it('keeps the services, states and ports the CLI sends', () => {
    const body = {
      mode: 'offline',
      runtime: 'docker',
      services: [
        {
          name: 'webapp',
          state: 'running',
          health: 'healthy',
          ports: [{ port: 3001, protocol: 'tcp', purpose: 'webapp' }],
        },
      ],
      urls: { webapp: 'http://127.0.0.1:3001' },
    };
    expect(readAs(StackReportBodySchema, body, 'report')).toEqual(body);
    expect(readAs(StackReportSchema, { ...body, reportedAtMs: 5 }, 'answer')).toEqual({
      ...body,
      reportedAtMs: 5,
    });
    expect(readAs(StackReportSchema, {}, 'answer before the first report')).toEqual({});
  });

  it('reads null as absent and a service without ports as none', () => {
    const r = readAs(StackReportBodySchema, { mode: null, services: [{ name: 'w', state: 'exited' }] }, 'r');
    expect(r).toEqual({
      mode: undefined,
      runtime: undefined,
      services: [{ name: 'w', state: 'exited', health: undefined, ports: [] }],
      urls: {},
    });
  });

  it('refuses what is not a stack report, naming where', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /services/],
      [{ services: 'x' }, /services must be a list/],
      [
        { services: [{ name: '', state: 'running' }] },
        /services\.0\.name: name must be a string of 1 to 200/,
      ],
      [{ services: [{ name: 'a'.repeat(201), state: 'running' }] }, /1 to 200 characters/],
      [
        { services: [{ name: 'w', state: 'running', ports: [{ port: 70000, protocol: 'tcp' }] }] },
        /port number/,
      ],
      [{ services: [], urls: { webapp: 'javascript:alert(1)' } }, /http\(s\) URL/],
      [
        { services: Array.from({ length: 33 }, (_, i) => ({ name: `s${i}`, state: 'running' })) },
        /at most 32/,
      ],
    ];
    for (const [body, message] of cases) {
      expect(() => readAs(StackReportBodySchema, body, 'stack report')).toThrow(ContractError);
      expect(() => readAs(StackReportBodySchema, body, 'stack report')).toThrow(message);
    }
  });
});
