/**
 * `agent` inside the intake's container (and for the local runtime): the seed's
 * `docker exec datadog-agent agent status` works offline. Reads the intake's own status API.
 */
import { renderDogstatsdStats, renderStatus } from './agent/status-report.js';
import type { IntakeStatus } from './index.js';

const usage = 'usage: agent status | health | dogstatsd-stats [--json] | version';

async function fetchStatus(): Promise<IntakeStatus> {
  const port = process.env.INTAKE_API_PORT || '8127';
  const res = await fetch(`http://127.0.0.1:${port}/intake/status`, { signal: AbortSignal.timeout(3000) });
  if (!res.ok) throw new Error(`the intake answered ${res.status}`);
  return (await res.json()) as IntakeStatus;
}

const [command, ...flags] = process.argv.slice(2);
const json = flags.includes('--json');
try {
  switch (command) {
    case 'status': {
      const s = await fetchStatus();
      process.stdout.write(json ? `${JSON.stringify(s, null, 2)}\n` : renderStatus(s));
      break;
    }
    case 'health': {
      await fetchStatus();
      process.stdout.write('Agent health: PASS\n');
      break;
    }
    case 'dogstatsd-stats': {
      const s = await fetchStatus();
      process.stdout.write(
        json ? `${JSON.stringify(s.dogstatsd.perMetric, null, 2)}\n` : renderDogstatsdStats(s),
      );
      break;
    }
    case 'version':
      process.stdout.write(`Agent ${(await fetchStatus()).version} - ddworkshop local intake\n`);
      break;
    default:
      process.stderr.write(`${usage}\n`);
      process.exitCode = command ? 2 : 0;
  }
} catch (error) {
  process.stderr.write(`Agent health: FAIL (${(error as Error).message})\n`);
  process.exitCode = 1;
}
