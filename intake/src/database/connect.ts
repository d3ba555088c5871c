/** A fresh connection as the agent's postgres check makes one: short timeouts, nothing kept open. */
import pg from 'pg';

export function connectAsCheck(url: string): pg.Client {
  return new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000, statement_timeout: 5000 });
}
