/**
 * Reads `agent status` output (the real agent's or the local intake's) for the parts the
 * workshop depends on, each with a remedy when it is wrong. Pure.
 */
import { CLI } from '../base/command.js';
export interface StatusCheck {
  name: 'API key' | 'DogStatsD' | 'APM receiver';
  ok: boolean;
  detail: string;
  remedy?: string;
}

function section(text: string, title: RegExp): string | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l, i) => title.test(l.trim()) && /^=+$/.test((lines[i + 1] ?? '').trim()));
  if (start < 0) return undefined;
  const end = lines.findIndex(
    (l, i) => i > start + 2 && /^=+$/.test(l.trim()) && /^=+$/.test((lines[i + 2] ?? '').trim()),
  );
  return lines.slice(start + 2, end < 0 ? undefined : end).join('\n');
}

function count(body: string | undefined, label: string): number | undefined {
  const m = new RegExp(`${label}:\\s*([\\d,]+)`).exec(body ?? '');
  return m ? Number((m[1] ?? '').replace(/,/g, '')) : undefined;
}

export function summarizeAgentStatus(text: string): StatusCheck[] {
  const checks: StatusCheck[] = [];

  const keys = section(text, /^API Keys status$/i);
  if (keys === undefined) {
    checks.push({
      name: 'API key',
      ok: false,
      detail: 'no "API Keys status" section',
      remedy: `Is this the Datadog agent? Run \`${CLI} status\`.`,
    });
  } else if (/offline mode/i.test(keys)) {
    checks.push({ name: 'API key', ok: true, detail: 'offline: the local intake needs no key' });
  } else if (/API Key valid/i.test(keys)) {
    checks.push({ name: 'API key', ok: true, detail: keys.trim().split('\n')[0]?.trim() ?? 'valid' });
  } else {
    checks.push({
      name: 'API key',
      ok: false,
      detail: /invalid/i.test(keys)
        ? 'the agent says the API key is invalid'
        : 'the agent could not validate the API key',
      remedy: `Check DD_API_KEY and DD_SITE in .env (\`${CLI} setup\` validates them), then \`${CLI} up\`.`,
    });
  }

  const statsd = section(text, /^DogStatsD$/i);
  const packets = count(statsd, 'Udp Packets') ?? count(statsd, 'Metric Packets');
  const parseErrors = count(statsd, 'Metric Parse Errors') ?? 0;
  if (statsd === undefined || packets === undefined) {
    checks.push({
      name: 'DogStatsD',
      ok: false,
      detail: 'no DogStatsD section',
      remedy: `DogStatsD is off: DD_DOGSTATSD_NON_LOCAL_TRAFFIC=true in docker-compose.yml, then \`${CLI} up\`.`,
    });
  } else if (packets === 0) {
    checks.push({
      name: 'DogStatsD',
      ok: true,
      detail: 'listening; no packets yet',
      remedy: `Send traffic: \`${CLI} traffic quick\`.`,
    });
  } else {
    // What was lost after arrival: the kernel's drops and evicted series, said plainly (not only in --raw).
    const dropped = /WARNING: (\d+) packets dropped by the kernel/.exec(statsd)?.[1];
    const evicted = /WARNING: series limit reached, (\d+) series evicted/.exec(statsd)?.[1];
    const lost = [
      ...(dropped ? [`${dropped} packets dropped by the kernel (receive buffer full)`] : []),
      ...(evicted ? [`${evicted} series evicted (series limit reached)`] : []),
    ];
    checks.push({
      name: 'DogStatsD',
      ok: parseErrors === 0 && lost.length === 0,
      detail: [`${packets} packets, ${parseErrors} parse errors`, ...lost].join('; '),
      ...(parseErrors
        ? { remedy: 'Some metrics are malformed: `agent dogstatsd-stats` shows which ones arrive.' }
        : lost.length
          ? {
              remedy: `A flood or a tag with too many values: \`${CLI} agent status --raw\` names the metric and tag.`,
            }
          : {}),
    });
  }

  const apm = section(text, /^APM Agent$/i);
  if (apm === undefined || !/Status:\s*Running/i.test(apm)) {
    checks.push({
      name: 'APM receiver',
      ok: false,
      detail: 'the APM agent is not running',
      remedy: `Set DD_APM_ENABLED=true for the agent, then \`${CLI} up\`.`,
    });
  } else {
    const traces = [...apm.matchAll(/Traces received:\s*([\d,]+)/g)].reduce(
      (n, m) => n + Number((m[1] ?? '0').replace(/,/g, '')),
      0,
    );
    checks.push({
      name: 'APM receiver',
      ok: true,
      detail: traces > 0 ? `running; ${traces} traces received` : 'running; no traces yet',
      ...(traces === 0 ? { remedy: `Send traffic: \`${CLI} traffic quick\`.` } : {}),
    });
  }
  return checks;
}

export interface InfoCheck {
  ok: boolean;
  problems: string[];
  version?: string;
  statsdPort?: number;
}

/** `GET :8126/info`: the trace endpoints the tracer needs and where DogStatsD listens. */
export function checkAgentInfo(info: Record<string, unknown>): InfoCheck {
  const problems: string[] = [];
  const endpoints = Array.isArray(info.endpoints) ? (info.endpoints as string[]) : [];
  for (const needed of ['/v0.4/traces', '/v0.5/traces'])
    if (!endpoints.includes(needed)) problems.push(`no ${needed} endpoint`);
  const config = (info.config ?? {}) as { statsd_port?: unknown };
  const statsdPort = typeof config.statsd_port === 'number' ? config.statsd_port : undefined;
  if (!statsdPort) problems.push('no config.statsd_port: DogStatsD may be off');
  const result: InfoCheck = { ok: problems.length === 0, problems };
  if (typeof info.version === 'string') result.version = info.version;
  if (statsdPort) result.statsdPort = statsdPort;
  return result;
}
