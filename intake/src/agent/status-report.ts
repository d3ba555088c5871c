/** `agent status` text for the intake, modelled on the real agent's sections. Pure. */
import type { IntakeStatus } from '../index.js';

function ago(ms: number, now: number): string {
  if (!ms) return 'never';
  const s = Math.round((now - ms) / 1000);
  return s < 60 ? `${s}s ago` : `${Math.round(s / 60)}m ago`;
}

const mib = (b: number) => (b / 1048576).toFixed(1);

/** What the kernel dropped before the intake could read it (Linux counts it per socket). */
function kernelDropLines(s: IntakeStatus): string[] {
  const drops = s.dogstatsd.kernelDrops;
  if (drops === undefined) return [];
  if (drops === 0) return ['  Packets dropped by the kernel: 0'];
  return [
    `  WARNING: ${drops} packets dropped by the kernel (the receive buffer was full): a flood arrived faster than the intake reads; slow the sender or lower its rate`,
  ];
}

/** A student whose metric never appears must be told why: the limit, what was evicted, what to lower. */
function evictionLines(s: IntakeStatus): string[] {
  const d = s.dogstatsd;
  if (!d.evictedSeries) return ['  Evicted series: 0'];
  const hint = d.cardinalityHint;
  return [
    `  WARNING: series limit reached, ${d.evictedSeries} series evicted (least recently updated first)`,
    ...(hint
      ? [
          `    highest cardinality: ${hint.metric} (${hint.series} series${hint.tag ? `; tag ${hint.tag} has ${hint.values} values` : ''})`,
          '    lower it (fewer tag values), or restart the intake',
        ]
      : []),
  ];
}

export function renderStatus(s: IntakeStatus, now = Date.now()): string {
  const errors = Object.entries(s.dogstatsd.parseErrors);
  const errorCount = errors.reduce((n, [, c]) => n + c, 0);
  const services = Object.entries(s.apm.byService).sort(([a], [b]) => a.localeCompare(b));
  const lines = [
    '===============',
    `Agent (v${s.version})`,
    '===============',
    '',
    `  Status date: ${new Date(now).toISOString()}`,
    `  Uptime: ${s.uptimeSec}s`,
    '  Flavor: ddworkshop local intake (offline stand-in for the Datadog agent)',
    '',
    '==========',
    'API Keys status',
    '==========',
    '  Offline mode: nothing is forwarded to Datadog; the intake answers the Metrics API itself.',
    `  API key check: ${s.keysChecked ? 'enabled (requests must carry the configured keys)' : 'any non-empty key accepted'}`,
    '',
    '=========',
    'DogStatsD',
    '=========',
    `  Listening on: udp port ${s.ports.dogstatsd}`,
    `  Udp Packets: ${s.dogstatsd.packets}`,
    `  Udp Bytes: ${s.dogstatsd.packetBytes}`,
    `  Metric Packets: ${s.dogstatsd.metricSamples}`,
    `  Event Packets: ${s.dogstatsd.events}`,
    `  Service Check Packets: ${s.dogstatsd.serviceChecks}`,
    `  Metric Parse Errors: ${errorCount}`,
    ...errors.map(([reason, n]) => `    ${reason}: ${n}`),
    ...kernelDropLines(s),
    `  Series: ${s.dogstatsd.series} of ${s.dogstatsd.maxSeries}, ~${mib(s.dogstatsd.seriesBytes)} of ${mib(s.dogstatsd.maxSeriesBytes)} MiB`,
    ...evictionLines(s),
    '',
    '=========',
    'APM Agent',
    '=========',
    `  Status: Running`,
    `  Receiver (previous minute) and totals: http://0.0.0.0:${s.ports.trace}`,
    `  Trace payloads: ${s.apm.payloads} (last ${ago(s.apm.lastPayloadMs, now)}), decode errors: ${s.apm.decodeErrors}`,
    `  Traces received: ${s.apm.traces}, spans received: ${s.apm.spans}`,
    ...(services.length
      ? services.map(([svc, c]) => `    From service ${svc}: ${c.traces} traces, ${c.spans} spans`)
      : ['    No traces received yet']),
    '',
    '=========',
    'Collector',
    '=========',
    ...(s.collector.length
      ? s.collector.map(
          (c) =>
            `  ${c.name}: ${c.lastError ? `[ERROR] ${c.lastError}` : c.lastWarning ? `[WARNING] ${c.lastWarning}` : '[OK]'} — runs ${c.runs}, metric samples ${c.lastSamples}, errors ${c.errors}, last run ${ago(c.lastRunMs ?? 0, now)}`,
        )
      : ['  No checks are running']),
    '',
    '==========',
    'Logs Agent',
    '==========',
    ...(s.logs.tailing.length || s.logs.docker || s.logs.received
      ? [
          `  LogsProcessed: ${s.logs.received}`,
          `  Stored: ${s.logs.stored} (${Math.round(s.logs.storedBytes / 1024)} KiB of ${Math.round(s.logs.maxBytes / 1048576)} MiB), evicted: ${s.logs.evicted}, truncated lines: ${s.logs.truncated}`,
          ...s.logs.tailing.map((path) => `    File: ${path}`),
          ...(s.logs.docker
            ? [
                `    Docker: following ${s.logs.docker.following} labelled container(s) of ${s.logs.docker.containers}${s.logs.docker.errors ? `, ${s.logs.docker.errors} error(s), last: ${s.logs.docker.lastError}` : ''}`,
              ]
            : []),
          ...Object.entries(s.logs.sources).map(
            ([src, st]) => `    ${src}: ${st.lines} lines, last ${ago(st.lastMs, now)}`,
          ),
        ]
      : ['  Logs Agent is not collecting: no log source configured or seen yet']),
    '',
    '==========',
    'Query API',
    '==========',
    `  Listening on: http port ${s.ports.api} (/api/v1/query, /api/v2/query/timeseries, /api/v2/spans/events/search)`,
  ];
  return `${lines.join('\n')}\n`;
}

export function renderDogstatsdStats(s: IntakeStatus): string {
  const rows = s.dogstatsd.perMetric;
  const width = Math.max(11, ...rows.map((r) => r.name.length));
  const head = `${'Metric Name'.padEnd(width)} | Contexts | Count      | Last Seen`;
  const body = rows.map(
    (r) =>
      `${r.name.padEnd(width)} | ${String(r.contexts).padEnd(8)} | ${String(r.count).padEnd(10)} | ${new Date(r.lastSeenMs).toISOString()}`,
  );
  return `${[head, '-'.repeat(head.length), ...body].join('\n')}\n`;
}
