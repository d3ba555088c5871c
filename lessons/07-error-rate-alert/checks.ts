import { cmd } from '../../cli/base/command.js';
import { defineChecks, fail, type PushedMonitor } from '../../cli/lessons/check-api.js';

const FILE = 'monitors/error-rate.json';
/** The highest critical threshold the check will trip (it sends 1.5 × critical + 2 errors). */
const MAX_CRITICAL = 100;
/** Bursts sent at most until Alert: Datadog may evaluate a window that missed the first. */
const MAX_BURSTS = 5;
/** Longer than the intake's 10 s evaluation: offline, one burst is enough. */
const BURST_EVERY_MS = 20_000;
/** `sum(last_1m):sum:error_count{service:webapp}.as_count() > 10` → its parts. */
const SHAPE =
  /^\s*([a-z_]+)\(last_(\d+)([mhd])\):([a-z0-9]+):([\w.]+)\{([^}]*)\}[^<>]*?(\.as_count\(\))?\s*(>=|>)\s*(-?[\d.]+)\s*$/;

async function errorMonitor(ctx: { monitors(): Promise<PushedMonitor[]> }): Promise<PushedMonitor> {
  const all = await ctx.monitors();
  const mine = all.find((m) => m.key === 'error-rate');
  if (!mine)
    fail(
      all.length
        ? `no monitor was pushed from ${FILE} (found: ${all.map((m) => m.key).join(', ')})`
        : 'no monitor was pushed from monitors/ yet',
      `Write ${FILE}, then \`${cmd('monitor push')}\`.`,
    );
  return mine;
}

export const checks = defineChecks([
  {
    id: 'monitor',
    title: `The monitor of ${FILE} exists (read through the API)`,
    async run(ctx) {
      const m = await errorMonitor(ctx);
      return `"${m.name}" (${m.state})`;
    },
  },
  {
    id: 'sane',
    title: 'It alerts when webapp errors counted over a window pass a threshold, with a warning below it',
    needs: ['monitor'],
    async run(ctx) {
      const m = await errorMonitor(ctx);
      const q = SHAPE.exec(m.query);
      if (!q)
        fail(
          `the query is not a metric threshold on errors: ${m.query}`,
          'Use e.g. sum(last_1m):sum:error_count{service:webapp}.as_count() > 10.',
        );
      const [, , , , , metric, scope, asCount] = q;
      if (metric !== 'error_count' && !/^trace\..+\.errors$/.test(metric ?? ''))
        fail(
          `the monitor watches ${metric}, not the webapp's errors`,
          'Watch error_count (or trace.express.request.errors).',
        );
      if (!scope?.includes('service:webapp'))
        fail(`the scope {${scope}} does not pick the webapp`, 'Scope it with {service:webapp}.');
      if (!asCount)
        fail(
          'without .as_count() the threshold would be errors per second',
          'Add .as_count() to count errors in the window.',
        );
      if (
        m.thresholds.warning === undefined ||
        m.thresholds.critical === undefined ||
        !(m.thresholds.warning < m.thresholds.critical)
      )
        fail(
          'options.thresholds needs a critical and a lower warning threshold',
          'e.g. "thresholds": { "critical": 10, "warning": 5 }.',
        );
      // The check trips the monitor itself with 1.5 × critical + 2 errors: a threshold it cannot
      // sensibly send is refused before anything is sent.
      if (
        m.thresholds.critical !== undefined &&
        (m.thresholds.critical < 1 || m.thresholds.critical > MAX_CRITICAL)
      )
        fail(
          `a critical threshold of ${m.thresholds.critical} errors cannot be tested here (the check would send ${Math.ceil(m.thresholds.critical * 1.5) + 2} failing requests)`,
          `Use a threshold from 1 to ${MAX_CRITICAL} errors in the window: the lesson suggests 10.`,
        );
      if (!/\{\{#is_alert\}\}/.test(m.message))
        fail('the message has no {{#is_alert}} section', 'Say in it what happened and what to look at.');
      return `${m.query} (warning ${m.thresholds.warning})`;
    },
  },
  {
    title: 'It goes to Alert when errors start',
    needs: ['sane'],
    async run(ctx) {
      const m = await errorMonitor(ctx);
      const burst = Math.ceil((m.thresholds.critical ?? 10) * 1.5) + 2;
      let sent = 0;
      let lastBurst = 0;
      const send = async () => {
        for (let i = 0; i < burst; i++) await ctx.http('/error?rate=100');
        sent += burst;
        lastBurst = Date.now();
      };
      await send();
      return ctx.eventually(async () => {
        const now = (await errorMonitor(ctx)).state;
        if (now !== 'Alert') {
          // Errors until Alert: Datadog evaluates once a minute over points that land 15–30 s
          // late, so one burst can miss every window that sees it; another lands in the next.
          if (sent < burst * MAX_BURSTS && Date.now() - lastBurst >= BURST_EVERY_MS) await send();
          fail(
            `the monitor is ${now} after ${sent} errors`,
            `Is the threshold reachable in the window? \`${cmd('monitor status')}\` shows its state.`,
          );
        }
        return `${sent} errors sent → Alert`;
      });
    },
  },
]);
