import { describe, expect, it } from 'vitest';
import { parseStackReport, StackReportError } from './stack-report.js';

describe('stack report', () => {
  it('keeps the services, states and ports the CLI sends', () => {
    const r = parseStackReport(
      {
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
      },
      5,
    );
    expect(r).toEqual({
      mode: 'offline',
      runtime: 'docker',
      reportedAtMs: 5,
      services: [
        {
          name: 'webapp',
          state: 'running',
          health: 'healthy',
          ports: [{ port: 3001, protocol: 'tcp', purpose: 'webapp' }],
        },
      ],
      urls: { webapp: 'http://127.0.0.1:3001' },
    });
  });
  it('refuses what is not a stack report', () => {
    for (const body of [
      {},
      { services: 'x' },
      { services: [{ name: '', state: 'running' }] },
      { services: [{ name: 'a'.repeat(201), state: 'running' }] },
      { services: [{ name: 'w', state: 'running', ports: [{ port: 70000 }] }] },
      { services: [], urls: { webapp: 'javascript:alert(1)' } },
      { services: Array.from({ length: 33 }, (_, i) => ({ name: `s${i}`, state: 'running' })) },
    ])
      expect(() => parseStackReport(body as Record<string, unknown>, 0)).toThrow(StackReportError);
  });
});
