/** The local intake in-process on free ports, for tests. */
import { type Intake, type IntakeOptions, startIntake } from '../../intake/src/index.js';

export async function startTestIntake(options: IntakeOptions = {}): Promise<Intake> {
  // Rate limits off unless a test asks for them: most tests need speed, not Datadog's allowance.
  return startIntake({
    host: '127.0.0.1',
    dogstatsdPort: 0,
    tracePort: 0,
    apiPort: 0,
    rateLimits: {},
    ...options,
  });
}

/** Environment that points the webapp (dd-trace and hot-shots) at the intake. */
export function webappAgentEnv(intake: Intake): Record<string, string> {
  return {
    DD_AGENT_HOST: '127.0.0.1',
    DD_TRACE_AGENT_PORT: String(intake.ports.trace),
    DD_DOGSTATSD_PORT: String(intake.ports.dogstatsd),
  };
}
