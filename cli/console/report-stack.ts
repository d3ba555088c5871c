/**
 * Tells the intake what the stack looks like from this machine — services, states, published
 * ports — which it cannot see from inside its container; the console's home page shows it.
 * Best effort: a stack report that does not land only leaves that panel empty.
 */
import type { StackReportBody } from '#contracts/wire/stack-report.js';
import type { WorkshopConfig, WorkshopPorts } from '../config/workshop-config.js';
import type { PublishedPort, RuntimeKind, ServiceStatus } from '../runtime/runtime.js';
import { fetchWithin } from '../util/fetch-within.js';

const PURPOSE: Record<keyof WorkshopPorts, string> = {
  webapp: 'webapp',
  postgres: 'PostgreSQL',
  dogstatsd: 'DogStatsD',
  trace: 'trace agent',
  intakeApi: 'API and console',
};

/** A held port, with what the workshop uses it for. */
function reportedPort({ hostPort: port, protocol }: PublishedPort, ports: WorkshopPorts) {
  const key = (Object.keys(ports) as Array<keyof WorkshopPorts>).find(
    (k) => ports[k] === port && (k === 'dogstatsd') === (protocol === 'udp'),
  );
  return { port, protocol, ...(key ? { purpose: PURPOSE[key] } : {}) };
}

export function stackReportBody(
  config: Pick<WorkshopConfig, 'mode' | 'ports' | 'webappUrl' | 'apiBaseUrl' | 'traceAgentUrl'>,
  runtime: RuntimeKind,
  services: ServiceStatus[],
): StackReportBody {
  return {
    mode: config.mode,
    runtime,
    services: services.map((s) => ({
      name: s.service,
      state: s.state,
      ...(s.health !== 'none' ? { health: s.health } : {}),
      ports: s.ports.map((p) => reportedPort(p, config.ports)),
    })),
    urls: { webapp: config.webappUrl, console: config.apiBaseUrl, trace_agent: config.traceAgentUrl },
  };
}

export async function reportStack(
  config: WorkshopConfig,
  runtime: RuntimeKind,
  services: ServiceStatus[],
): Promise<void> {
  if (config.mode !== 'offline') return;
  try {
    await fetchWithin(new URL('/intake/stack', config.apiBaseUrl), 2000, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'dd-api-key': config.apiKey ?? 'ddworkshop' },
      body: JSON.stringify(stackReportBody(config, runtime, services)),
    });
  } catch {
    // The console's stack panel stays empty; nothing else depends on it.
  }
}
