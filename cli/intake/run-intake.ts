/** `ddworkshop intake`: the intake in this process until Ctrl-C, keys from the environment if set. */
import type { startIntake as StartIntake } from '../../intake/src/index.js';
import { CLI } from '../base/command.js';
import { UserError } from '../base/user-error.js';

// The intake is its own compiled project (intake/dist), next to the CLI's dist/ at run time.
async function loadIntake(): Promise<typeof StartIntake> {
  const url = new URL('../../../intake/dist/index.js', import.meta.url);
  return ((await import(url.href)) as { startIntake: typeof StartIntake }).startIntake;
}

export async function runIntake(options: {
  host: string;
  dogstatsdPort: number;
  tracePort: number;
  apiPort: number;
}): Promise<void> {
  const startIntake = await loadIntake();
  let intake: Awaited<ReturnType<typeof StartIntake>>;
  try {
    intake = await startIntake({
      host: options.host,
      dogstatsdPort: options.dogstatsdPort,
      tracePort: options.tracePort,
      apiPort: options.apiPort,
      apiKey: process.env.INTAKE_API_KEY || undefined,
      appKey: process.env.INTAKE_APP_KEY || undefined,
      allowedHosts: [options.host],
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE')
      throw new UserError(
        `A port is already in use (${e.message})`,
        `Stop the stack (${CLI} down) or pick other ports with the --*-port options.`,
      );
    throw error;
  }
  const { dogstatsd, trace, api } = intake.ports;
  process.stdout.write(
    `intake on ${options.host}: DogStatsD ${dogstatsd}/udp, traces ${trace}, API ${api} — Ctrl-C to stop\n` +
      `console: http://127.0.0.1:${api}/\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await intake.stop();
  process.stdout.write('intake stopped\n');
}
