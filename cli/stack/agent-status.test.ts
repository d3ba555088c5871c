import { describe, expect, it } from 'vitest';
import { checkAgentInfo, summarizeAgentStatus } from './agent-status.js';

// Trimmed from a real `agent status` of Datadog Agent 7.
const realAgent = `
==============
Agent (v7.60.1)
==============
  Status date: 2026-11-24 10:00:00.000 UTC

==========
API Keys status
==========
  API key ending with abcde: API Key valid

=========
APM Agent
=========
  Status: Running
  Pid: 401
  Receiver (previous minute)
  ==========================
    From javascript 20.19.0 (v8), client 5.132.0
      Traces received: 1,204 (1,532,210 bytes)
      Spans received: 9,630

=========
DogStatsD
=========
  Event Packets: 0
  Metric Packets: 14,230
  Metric Parse Errors: 0
  Udp Packets: 2,931
`;

describe('summarizeAgentStatus', () => {
  it('reads the real agent', () => {
    expect(summarizeAgentStatus(realAgent)).toEqual([
      { name: 'API key', ok: true, detail: 'API key ending with abcde: API Key valid' },
      { name: 'DogStatsD', ok: true, detail: '2931 packets, 0 parse errors' },
      { name: 'APM receiver', ok: true, detail: 'running; 1204 traces received' },
    ]);
  });

  it('says what was lost after arrival — kernel drops and evicted series — without --raw', () => {
    const lossy = realAgent.replace(
      '  Udp Packets: 2,931\n',
      '  Udp Packets: 2,931\n  WARNING: 151234 packets dropped by the kernel (the receive buffer was full)\n  WARNING: series limit reached, 40 series evicted (least recently updated first)\n',
    );
    const statsd = summarizeAgentStatus(lossy).find((c) => c.name === 'DogStatsD');
    expect(statsd?.ok).toBe(false);
    expect(statsd?.detail).toContain('151234 packets dropped by the kernel');
    expect(statsd?.detail).toContain('40 series evicted');
    expect(statsd?.remedy).toMatch(/--raw/);
    expect(summarizeAgentStatus(realAgent).find((c) => c.name === 'DogStatsD')?.ok).toBe(true);
  });

  it('gives a remedy for each problem', () => {
    const broken = realAgent
      .replace('API Key valid', 'API Key invalid')
      .replace('Metric Parse Errors: 0', 'Metric Parse Errors: 7')
      .replace('Status: Running', 'Status: Not running');
    const checks = summarizeAgentStatus(broken);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['API key', false],
      ['DogStatsD', false],
      ['APM receiver', false],
    ]);
    expect(checks.every((c) => c.remedy)).toBe(true);
    expect(summarizeAgentStatus('nothing useful').every((c) => !c.ok)).toBe(true);
  });
});

describe('checkAgentInfo', () => {
  it('needs the trace endpoints and a DogStatsD port', () => {
    expect(
      checkAgentInfo({
        version: '7.60.1',
        endpoints: ['/v0.4/traces', '/v0.5/traces'],
        config: { statsd_port: 8125 },
      }),
    ).toEqual({
      ok: true,
      problems: [],
      version: '7.60.1',
      statsdPort: 8125,
    });
    expect(checkAgentInfo({ endpoints: ['/v0.4/traces'], config: {} }).problems).toEqual([
      'no /v0.5/traces endpoint',
      'no config.statsd_port: DogStatsD may be off',
    ]);
  });
});
