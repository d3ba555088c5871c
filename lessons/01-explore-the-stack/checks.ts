import { CLI } from '../../cli/base/command.js';
import { defineChecks, fail, failNow } from '../../cli/lessons/check-api.js';

/** Metrics flush every 10 s, traces within seconds: past this, none at all means none was sent. */
const FLUSH_MS = 12_000;

/** Fails at once when nothing at all arrived after a flush: waiting longer would not change it. */
function nothingSent(count: number, since: number, what: string): void {
  if (count === 0 && Date.now() - since > FLUSH_MS)
    failNow(
      `no ${what} of the webapp in the last 15 minutes: no traffic was sent`,
      `Run \`${CLI} traffic quick\`, then check again.`,
    );
}

export const checks = defineChecks([
  {
    title: 'The webapp and its database are healthy',
    async run(ctx) {
      const res = await ctx.http('/health');
      if (res.status !== 200)
        fail(
          `GET /health answered ${res.status}: ${res.text.slice(0, 120)}`,
          `Run \`${CLI} status\` to see which service is down.`,
        );
      return 'GET /health → 200';
    },
  },
  {
    title: 'The trace agent takes traces and knows the DogStatsD port',
    async run(ctx) {
      const info = await ctx.agentInfo();
      const endpoints = (info.endpoints as string[] | undefined) ?? [];
      if (!endpoints.includes('/v0.4/traces'))
        fail(
          `GET ${ctx.traceAgentUrl}/info does not list /v0.4/traces`,
          `Is the agent running with APM enabled? \`${CLI} agent status\``,
        );
      const statsdPort = (info.config as { statsd_port?: number } | undefined)?.statsd_port;
      if (!statsdPort) fail(`GET ${ctx.traceAgentUrl}/info has no config.statsd_port`);
      return `agent ${String(info.version ?? '?')}, DogStatsD on ${statsdPort}`;
    },
  },
  {
    title: '`agent status` reports DogStatsD and the APM receiver',
    async run(ctx) {
      const status = await ctx.agentStatus();
      if (!/dogstatsd/i.test(status)) fail('`agent status` has no DogStatsD section');
      if (!/apm/i.test(status)) fail('`agent status` has no APM section');
      return undefined;
    },
  },
  {
    title: 'Traces of your traffic arrived (at least 5 endpoints)',
    async run(ctx) {
      const started = Date.now();
      return ctx.eventually(async () => {
        // The README has students send traffic before the lesson starts: that counts too.
        const spans = await ctx.searchSpans('service:webapp operation_name:express.request', {
          since: 'recent',
        });
        const resources = new Set(spans.map((s) => s.resource));
        resources.delete('GET /health');
        nothingSent(resources.size, started, 'traces');
        if (resources.size < 5) {
          fail(
            `traces of ${resources.size} endpoint(s) in the last 15 minutes`,
            `Run \`${CLI} traffic quick\`, then check again.`,
          );
        }
        return [...resources].sort().join(', ');
      });
    },
  },
  {
    title: 'request_count arrived for at least 5 endpoints',
    async run(ctx) {
      const started = Date.now();
      return ctx.eventually(async () => {
        const series = await ctx.queryMetrics('sum:request_count{service:webapp} by {endpoint}.as_count()', {
          since: 'recent',
        });
        const endpoints = series
          .filter((s) => s.points.some(([, v]) => v > 0))
          .map((s) => s.tagSet.find((t) => t.startsWith('endpoint:'))?.slice('endpoint:'.length))
          .filter((e): e is string => e !== undefined && e !== '/health');
        nothingSent(endpoints.length, started, 'request_count');
        if (endpoints.length < 5) {
          fail(
            `request_count has ${endpoints.length} endpoint(s) in the last 15 minutes`,
            `Run \`${CLI} traffic quick\`; metrics flush every 10 s.`,
          );
        }
        return endpoints.sort().join(', ');
      });
    },
  },
]);
