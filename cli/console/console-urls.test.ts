import { describe, expect, it } from 'vitest';
import { hasDesktop, pageUrl } from './console-urls.js';
import { stackReportBody } from './report-stack.js';

const offline = { mode: 'offline' as const, site: 'datadoghq.com', apiBaseUrl: 'http://127.0.0.1:8127' };

describe('console URLs', () => {
  it('point at the intake offline, at Datadog’s same paths online', () => {
    expect(pageUrl(offline)).toBe('http://127.0.0.1:8127/');
    expect(pageUrl(offline, 'metrics')).toBe('http://127.0.0.1:8127/metric/explorer');
    expect(pageUrl(offline, '/apm/services/webapp')).toBe('http://127.0.0.1:8127/apm/services/webapp');
    expect(pageUrl({ ...offline, mode: 'datadog', site: 'datadoghq.eu' }, 'services')).toBe(
      'https://app.datadoghq.eu/apm/services',
    );
    expect(pageUrl({ ...offline, mode: 'datadog', site: 'us5.datadoghq.com' }, 'traces')).toBe(
      'https://us5.datadoghq.com/apm/traces',
    );
    expect(() => pageUrl(offline, 'nope')).toThrow();
  });
  it('open a browser only where there is a desktop', () => {
    expect(hasDesktop('darwin', {})).toBe(true);
    expect(hasDesktop('win32', {})).toBe(true);
    expect(hasDesktop('linux', {})).toBe(false);
    expect(hasDesktop('linux', { DISPLAY: ':0' })).toBe(true);
    expect(hasDesktop('darwin', { CI: 'true' })).toBe(false);
    expect(hasDesktop('linux', { DISPLAY: ':0', BROWSER: 'none' })).toBe(false);
  });
});

describe('stack report', () => {
  it('names the published ports by what the workshop uses them for', () => {
    const body = stackReportBody(
      {
        mode: 'offline',
        ports: { webapp: 3001, postgres: 5432, dogstatsd: 8125, trace: 8126, intakeApi: 8127 },
        webappUrl: 'http://127.0.0.1:3001',
        apiBaseUrl: 'http://127.0.0.1:8127',
        traceAgentUrl: 'http://127.0.0.1:8126',
      },
      'docker',
      [
        {
          service: 'intake',
          name: 'datadog-agent',
          state: 'running',
          health: 'healthy',
          ports: [
            { hostIp: '127.0.0.1', hostPort: 8125, containerPort: 8125, protocol: 'udp' },
            { hostIp: '127.0.0.1', hostPort: 8127, containerPort: 8127, protocol: 'tcp' },
          ],
        },
        { service: 'webapp', name: 'webapp', state: 'exited', health: 'none', ports: [] },
      ],
    );
    expect(body.services).toEqual([
      {
        name: 'intake',
        state: 'running',
        health: 'healthy',
        ports: [
          { port: 8125, protocol: 'udp', purpose: 'DogStatsD' },
          { port: 8127, protocol: 'tcp', purpose: 'API and console' },
        ],
      },
      { name: 'webapp', state: 'exited', ports: [] },
    ]);
  });
});
