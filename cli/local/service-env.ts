/**
 * What compose would give a container, translated for a local process: service hostnames
 * become 127.0.0.1 and container ports become the published host ports. Pure.
 */
import type { PortMapping, ProjectModel, ServiceModel } from '../compose/model.js';

export type LocalRole = 'postgres' | 'intake' | 'webapp';

/** The services the local runtime can run, by name; the real agent needs Docker. */
export function roleOf(service: ServiceModel): LocalRole | undefined {
  if (service.name === 'postgres' || service.name === 'intake' || service.name === 'webapp')
    return service.name;
  return undefined;
}

export function publishedPort(
  service: ServiceModel | undefined,
  target: number,
  protocol: PortMapping['protocol'] = 'tcp',
): number | undefined {
  const p = service?.ports.find((m) => m.target === target && m.protocol === protocol);
  return p ? (p.published ?? p.target) : undefined;
}

/** Host names other services know a service by: its name, container name and aliases. */
function hostNames(model: ProjectModel): Map<string, string> {
  const names = new Map<string, string>();
  for (const s of Object.values(model.services)) {
    for (const name of [s.name, s.containerName, ...Object.values(s.networks).flatMap((n) => n.aliases)]) {
      if (name) names.set(name, s.name);
    }
  }
  return names;
}

export function localEnvironment(model: ProjectModel, service: ServiceModel): Record<string, string> {
  const names = hostNames(model);
  const env: Record<string, string> = {};
  // Only host variables: DB_NAME=postgres names a database, not the postgres service.
  for (const [key, value] of Object.entries(service.environment))
    env[key] = /HOST$/.test(key) && names.has(value) ? '127.0.0.1' : value;

  const agent = model.services.intake ?? model.services.datadog;
  switch (roleOf(service)) {
    case 'webapp': {
      env.PORT = String(publishedPort(service, Number(service.environment.PORT ?? 3001)) ?? 3001);
      env.DB_PORT = String(publishedPort(model.services.postgres, 5432) ?? env.DB_PORT ?? 5432);
      env.DD_TRACE_AGENT_PORT = String(publishedPort(agent, 8126) ?? env.DD_TRACE_AGENT_PORT ?? 8126);
      env.DD_DOGSTATSD_PORT = String(publishedPort(agent, 8125, 'udp') ?? env.DD_DOGSTATSD_PORT ?? 8125);
      break;
    }
    case 'intake': {
      delete env.INTAKE_IN_CONTAINER;
      env.INTAKE_HOST = '127.0.0.1';
      env.INTAKE_DOGSTATSD_PORT = String(publishedPort(service, 8125, 'udp') ?? 8125);
      env.INTAKE_TRACE_PORT = String(publishedPort(service, 8126) ?? 8126);
      env.INTAKE_API_PORT = String(publishedPort(service, 8127) ?? 8127);
      break;
    }
    default:
  }
  return env;
}

/** `127.0.0.1:3001->3001/tcp`, as `docker ps` shows them. */
export function portLabels(service: ServiceModel): string[] {
  return service.ports.map(
    (p) => `${p.hostIp ?? '0.0.0.0'}:${p.published ?? p.target}->${p.target}/${p.protocol}`,
  );
}
