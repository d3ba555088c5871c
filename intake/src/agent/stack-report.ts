/**
 * What the CLI tells the intake about the stack it brought up — the services, their state and
 * the ports published on this machine — which the intake cannot see from inside its container.
 * The console's home page shows it; it is kept only in memory, bounded and typed.
 */
export interface StackService {
  name: string;
  state: string;
  health?: string;
  ports: Array<{ port: number; protocol: string; purpose?: string }>;
}

export interface StackReport {
  mode?: string;
  runtime?: string;
  reportedAtMs: number;
  services: StackService[];
  urls: Record<string, string>;
}

export class StackReportError extends Error {}

const MAX_SERVICES = 32;
const MAX_TEXT = 200;

function text(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_TEXT)
    throw new StackReportError(`${what} must be a string of 1 to ${MAX_TEXT} characters`);
  return v;
}

function optionalText(v: unknown, what: string): string | undefined {
  return v === undefined || v === null ? undefined : text(v, what);
}

function service(raw: unknown, i: number): StackService {
  const s = (raw ?? {}) as Record<string, unknown>;
  const ports = Array.isArray(s.ports) ? s.ports.slice(0, 16) : [];
  return {
    name: text(s.name, `services[${i}].name`),
    state: text(s.state, `services[${i}].state`),
    health: optionalText(s.health, `services[${i}].health`),
    ports: ports.map((p, j) => {
      const port = (p ?? {}) as Record<string, unknown>;
      if (!Number.isInteger(port.port) || (port.port as number) < 1 || (port.port as number) > 65535)
        throw new StackReportError(`services[${i}].ports[${j}].port must be a port number`);
      return {
        port: port.port as number,
        protocol: port.protocol === 'udp' ? 'udp' : 'tcp',
        purpose: optionalText(port.purpose, `services[${i}].ports[${j}].purpose`),
      };
    }),
  };
}

export function parseStackReport(body: Record<string, unknown>, nowMs: number): StackReport {
  if (!Array.isArray(body.services)) throw new StackReportError('services must be a list');
  if (body.services.length > MAX_SERVICES) throw new StackReportError(`at most ${MAX_SERVICES} services`);
  const urls: Record<string, string> = {};
  for (const [k, v] of Object.entries((body.urls ?? {}) as Record<string, unknown>).slice(0, 16)) {
    const url = text(v, `urls.${k}`);
    if (!/^https?:\/\//.test(url)) throw new StackReportError(`urls.${k} must be an http(s) URL`);
    urls[text(k, 'a url name')] = url;
  }
  return {
    mode: optionalText(body.mode, 'mode'),
    runtime: optionalText(body.runtime, 'runtime'),
    reportedAtMs: nowMs,
    services: body.services.map(service),
    urls,
  };
}
