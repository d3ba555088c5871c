import { describe, expect, it } from 'vitest';
import { hostName, isAllowedHost, parseAllowedHosts } from './host-check.js';

describe('Host check (DNS rebinding)', () => {
  it('serves loopback names with any port', () => {
    for (const h of [
      '127.0.0.1:8127',
      'localhost:8127',
      'LOCALHOST',
      '[::1]:8127',
      '127.1.2.3',
      'app.localhost:1',
    ])
      expect(isAllowedHost(h)).toBe(true);
  });
  it('refuses other names, missing hosts and look-alikes', () => {
    for (const h of [
      undefined,
      '',
      'evil.com',
      'evil.com:8127',
      '127.0.0.1.evil.com',
      'localhost.evil.com',
      '[::2]:8127',
      '10.0.0.5',
    ])
      expect(isAllowedHost(h)).toBe(false);
  });
  it('serves the configured DDWORKSHOP_HOST', () => {
    const extra = parseAllowedHosts(' 192.168.1.20 , workshop.lan ');
    expect(extra).toEqual(['192.168.1.20', 'workshop.lan']);
    expect(isAllowedHost('192.168.1.20:8127', extra)).toBe(true);
    expect(isAllowedHost('Workshop.LAN', extra)).toBe(true);
    expect(isAllowedHost('192.168.1.21:8127', extra)).toBe(false);
    expect(hostName('[::1]:80')).toBe('[::1]');
  });
});
