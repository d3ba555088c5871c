/**
 * The one place that decides how the workshop is configured: `.env` in the project folder,
 * overridden by the process environment (as docker compose does). Pure: callers pass in the
 * file text and the environment; `load-config.ts` does the reading.
 */
import { join } from 'node:path';
import { DEFAULT_SITE, findSite } from './datadog-sites.js';
import { type EnvMap, parseEnvFile } from './env-file.js';

export type Mode = 'datadog' | 'offline';

export interface WorkshopPorts {
  webapp: number;
  postgres: number;
  dogstatsd: number;
  trace: number;
  /** The local intake's query API (offline mode only). */
  intakeApi: number;
}

export interface WorkshopConfig {
  projectDir: string;
  /** `.ddworkshop/`: progress, backups, local runtime data, pid and log files. */
  stateDir: string;
  mode: Mode;
  site: string;
  apiKey?: string;
  appKey?: string;
  ports: WorkshopPorts;
  /** Base URL of the webapp as seen from this machine. */
  webappUrl: string;
  /** Base URL of the Datadog API to query: the real site, or the local intake. */
  apiBaseUrl: string;
  /**
   * DDWORKSHOP_DATADOG_API_URL, read here only: a proxy in front of the Datadog API, or the
   * local stand-in the tests use. The only place other than a Datadog site a key may be sent.
   */
  apiProxyUrl?: string;
  /** Base URL of the trace agent (real agent or intake) as seen from this machine: `GET /info`. */
  traceAgentUrl: string;
  /** Merged variables (.env then environment), for compose interpolation. */
  vars: EnvMap;
  /** Problems found in .env, for `doctor` and `setup`. */
  warnings: string[];
  /** Port variables whose value is not a port (`WEBAPP_PORT=abc`): the stack cannot start with them. */
  badPorts: string[];
}

export const DEFAULT_PORTS: WorkshopPorts = {
  webapp: 3001,
  postgres: 5432,
  dogstatsd: 8125,
  trace: 8126,
  intakeApi: 8127,
};

/** Variables that move a port, named as in docker-compose.yml and env.template. */
export const PORT_VARS: Record<keyof WorkshopPorts, string> = {
  webapp: 'WEBAPP_PORT',
  postgres: 'POSTGRES_PORT',
  dogstatsd: 'DD_DOGSTATSD_PORT',
  trace: 'DD_TRACE_AGENT_PORT',
  intakeApi: 'INTAKE_API_PORT',
};

/** The variable that moves the host port of a container port (`3001/tcp` -> WEBAPP_PORT), if any. */
export function portVariableFor(containerPort: number, protocol: 'tcp' | 'udp'): string | undefined {
  const name = (Object.keys(DEFAULT_PORTS) as (keyof WorkshopPorts)[]).find(
    (k) => DEFAULT_PORTS[k] === containerPort && (k === 'dogstatsd') === (protocol === 'udp'),
  );
  return name ? PORT_VARS[name] : undefined;
}

const PLACEHOLDER_KEYS = new Set(['', 'your_actual_api_key_here', 'your_api_key_here', 'changeme']);

export interface ResolveInput {
  projectDir: string;
  envFileText?: string;
  env: Record<string, string | undefined>;
  /** `--offline` on the command line. */
  forceOffline?: boolean;
}

export function resolveConfig(input: ResolveInput): WorkshopConfig {
  const warnings: string[] = [];
  const fileVars: EnvMap = {};
  if (input.envFileText !== undefined) {
    const parsed = parseEnvFile(input.envFileText);
    Object.assign(fileVars, parsed.values);
    for (const e of parsed.errors) warnings.push(`.env line ${e.line}: ${e.message}`);
  }
  const vars: EnvMap = { ...fileVars };
  for (const [k, v] of Object.entries(input.env)) if (v !== undefined) vars[k] = v;

  const ports = { ...DEFAULT_PORTS };
  const badPorts: string[] = [];
  for (const [name, variable] of Object.entries(PORT_VARS) as [keyof WorkshopPorts, string][]) {
    const raw = vars[variable];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (Number.isInteger(n) && n > 0 && n < 65536) ports[name] = n;
    else {
      warnings.push(`${variable}=${raw} is not a port number; using ${ports[name]}`);
      badPorts.push(`${variable}=${raw}`);
    }
  }

  const apiKey = usableKey(vars.DD_API_KEY);
  const appKey = usableKey(vars.DD_APP_KEY);
  let site = vars.DD_SITE?.trim() || DEFAULT_SITE;
  const known = findSite(site);
  if (known) site = known.site;
  else warnings.push(`DD_SITE=${site} is not a Datadog site (e.g. datadoghq.com, datadoghq.eu)`);

  const wantsOffline = input.forceOffline === true || /^(1|true|yes)$/i.test(vars.DDWORKSHOP_OFFLINE ?? '');
  const mode: Mode = wantsOffline || !apiKey ? 'offline' : 'datadog';
  const host = vars.DDWORKSHOP_HOST?.trim() || '127.0.0.1';
  const proxy = vars.DDWORKSHOP_DATADOG_API_URL?.trim() || undefined;

  const config: WorkshopConfig = {
    projectDir: input.projectDir,
    stateDir: join(input.projectDir, '.ddworkshop'),
    mode,
    site,
    ports,
    webappUrl: `http://${host}:${ports.webapp}`,
    apiBaseUrl: mode === 'offline' ? `http://${host}:${ports.intakeApi}` : (proxy ?? `https://api.${site}`),
    traceAgentUrl: `http://${host}:${ports.trace}`,
    vars,
    warnings,
    badPorts,
  };
  if (proxy) config.apiProxyUrl = proxy;
  if (apiKey) config.apiKey = apiKey;
  if (appKey) config.appKey = appKey;
  return config;
}

function usableKey(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && !PLACEHOLDER_KEYS.has(v) ? v : undefined;
}
