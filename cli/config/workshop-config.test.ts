import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSite } from './datadog-sites.js';
import { DEFAULT_PORTS, portVariableFor, resolveConfig } from './workshop-config.js';

const KEY = 'fake-test-key-not-a-real-one-0789';

describe('resolveConfig', () => {
  it('is offline with default ports when there is no key', () => {
    const c = resolveConfig({ projectDir: '/p', env: {} });
    expect(c.mode).toBe('offline');
    expect(c.ports).toEqual(DEFAULT_PORTS);
    expect(c.webappUrl).toBe('http://127.0.0.1:3001');
    expect(c.apiBaseUrl).toBe('http://127.0.0.1:8127');
    expect(c.stateDir).toBe(join('/p', '.ddworkshop'));
    expect(c.warnings).toEqual([]);
  });

  it('is datadog mode when .env has a real key, with the API of its site', () => {
    const c = resolveConfig({
      projectDir: '/p',
      envFileText: `DD_API_KEY=${KEY}\nDD_SITE=datadoghq.eu\n`,
      env: {},
    });
    expect(c.mode).toBe('datadog');
    expect(c.apiKey).toBe(KEY);
    expect(c.apiBaseUrl).toBe('https://api.datadoghq.eu');
  });

  it('treats the template placeholder as no key', () => {
    const c = resolveConfig({
      projectDir: '/p',
      envFileText: 'DD_API_KEY=your_actual_api_key_here',
      env: {},
    });
    expect(c.mode).toBe('offline');
    expect(c.apiKey).toBeUndefined();
  });

  it('lets the environment override .env, and --offline override the key', () => {
    const c = resolveConfig({
      projectDir: '/p',
      envFileText: `DD_API_KEY=${KEY}\nWEBAPP_PORT=4000`,
      env: { WEBAPP_PORT: '4100', INTAKE_API_PORT: '9127' },
      forceOffline: true,
    });
    expect(c.mode).toBe('offline');
    expect(c.ports.webapp).toBe(4100);
    expect(c.apiBaseUrl).toBe('http://127.0.0.1:9127');
  });

  it('warns about bad ports, unknown sites and bad lines without failing', () => {
    const c = resolveConfig({
      projectDir: '/p',
      envFileText: 'WEBAPP_PORT=abc\nDD_SITE=example.com\nbroken',
      env: {},
    });
    expect(c.ports.webapp).toBe(3001);
    expect(c.warnings).toHaveLength(3);
    expect(c.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('.env line 3'),
        expect.stringContaining('WEBAPP_PORT=abc'),
        expect.stringContaining('DD_SITE=example.com'),
      ]),
    );
  });
});

describe('findSite', () => {
  it.each([
    ['datadoghq.com', 'datadoghq.com'],
    ['https://app.datadoghq.eu/', 'datadoghq.eu'],
    ['US5.datadoghq.com', 'us5.datadoghq.com'],
  ])('normalises %s', (input, site) => {
    expect(findSite(input)?.site).toBe(site);
  });
  it('rejects unknown sites', () => {
    expect(findSite('datadoghq.org')).toBeUndefined();
  });
});

describe('portVariableFor', () => {
  it('names the variable that moves a container port, by protocol', () => {
    expect(portVariableFor(3001, 'tcp')).toBe('WEBAPP_PORT');
    expect(portVariableFor(5432, 'tcp')).toBe('POSTGRES_PORT');
    expect(portVariableFor(8125, 'udp')).toBe('DD_DOGSTATSD_PORT');
    expect(portVariableFor(8126, 'tcp')).toBe('DD_TRACE_AGENT_PORT');
    expect(portVariableFor(8127, 'tcp')).toBe('INTAKE_API_PORT');
    expect(portVariableFor(8125, 'tcp')).toBeUndefined();
    expect(portVariableFor(80, 'tcp')).toBeUndefined();
  });
});
