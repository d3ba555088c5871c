import { defineChecks, fail, type PushedMonitor } from '../../cli/lessons/check-api.js';
import { cmd } from '../../cli/ui/command.js';

const FILE = 'monitors/error-rate.json';
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
      for (let i = 0; i < burst; i++) await ctx.http('/error?rate=100');
      return ctx.eventually(async () => {
        const now = (await errorMonitor(ctx)).state;
        if (now !== 'Alert')
          fail(
            `the monitor is ${now} after ${burst} errors`,
            `Is the threshold reachable in the window? \`${cmd('monitor status')}\` shows its state.`,
          );
        return `${burst} errors sent → Alert`;
      });
    },
  },
]);
