/** The webapp's settings, from the environment docker-compose.yml (or the local runtime) gives it. */
export interface WebappConfig {
  /** Where to listen: loopback unless told otherwise (0.0.0.0 only inside its container). */
  host: string;
  port: number;
  db: { host: string; port: number; user: string; password: string; database: string };
  statsd: { host: string; port: number };
  /** `Host` names served besides loopback ones (WEBAPP_ALLOWED_HOSTS, comma-separated). */
  allowedHosts: string[];
}

function int(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): WebappConfig {
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port: int(env.PORT, 3001),
    db: {
      host: env.DB_HOST ?? 'localhost',
      port: int(env.DB_PORT, 5432),
      user: env.DB_USER ?? 'root',
      password: env.DB_PASSWORD ?? 'changeme',
      database: env.DB_NAME ?? 'postgres',
    },
    statsd: { host: env.DD_AGENT_HOST ?? 'localhost', port: int(env.DD_DOGSTATSD_PORT, 8125) },
    allowedHosts: (env.WEBAPP_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
  };
}
