/**
 * The hub's class in PostgreSQL: any number of hubs behind a load balancer share one class, since
 * none holds in memory what another needs. Events are kept once by (student, id); a message is a
 * row, and NOTIFY tells every hub listening that one was posted (their students waiting on
 * /api/messages are answered at once). Rate limits stay per hub (docs/class.md says so).
 */
import pg from 'pg';
import { type ClassEvent, emptyRow, foldEvents, type Message, type StudentRow } from './class-events.js';
import {
  type HubStore,
  MAX_EVENTS_PER_STUDENT,
  MAX_STUDENTS,
  type StoredStudent,
  tokenDigest,
} from './hub-store.js';

const CHANNEL = 'ddworkshop_class_messages';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS class_students (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  joined_at bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS class_events (
  seq bigserial PRIMARY KEY,
  student_id uuid NOT NULL REFERENCES class_students (id) ON DELETE CASCADE,
  id text NOT NULL,
  event jsonb NOT NULL,
  UNIQUE (student_id, id)
);
CREATE TABLE IF NOT EXISTS class_rows (
  student_id uuid PRIMARY KEY REFERENCES class_students (id) ON DELETE CASCADE,
  row jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS class_messages (
  n bigserial PRIMARY KEY,
  at bigint NOT NULL,
  text text NOT NULL,
  drill text
);`;

/** The server closed the connection (a restart, a failover, an administrator): worth one more try. */
function connectionLost(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    ['57P01', '57P02', '57P03', '08003', '08006', 'ECONNRESET', 'EPIPE'].includes(e.code ?? '') ||
    /Connection terminated/i.test(e.message ?? '')
  );
}

/** `run` again once on a fresh connection when the first one was lost under it. */
async function retried<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!connectionLost(error)) throw error;
    return run();
  }
}

export async function pgStore(url: string): Promise<HubStore> {
  const pool = new pg.Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 5_000 });
  // An idle connection the server closes (a restart, a failover) is dropped from the pool: the
  // next query opens another. Unheard, the error would take the hub down.
  pool.on('error', () => {});
  // A checked-out connection's own errors are the query's to report, not the process's (once a
  // connection: a listener per checkout would pile up on the pool's reused clients).
  pool.on('connect', (client) => client.on('error', () => {}));
  // Two hubs starting at once must not both create the tables: one at a time, under a lock.
  const setup = await pool.connect();
  try {
    await setup.query('SELECT pg_advisory_lock(4242017)');
    await setup.query(SCHEMA);
    await foldMissingRows(setup);
  } finally {
    await setup.query('SELECT pg_advisory_unlock(4242017)').catch(() => {});
    setup.release();
  }
  const listeners: Array<() => void> = [];
  let closed = false;
  let listener: pg.Client | undefined;
  /** The LISTEN connection, opened again a second after the server drops it (waiting students time out meanwhile). */
  const reconnect = () => {
    if (!closed) setTimeout(() => void listen().catch(reconnect), 1_000).unref();
  };
  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    client.on('notification', () => {
      for (const l of listeners) l();
    });
    client.on('end', reconnect);
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
  };
  await listen();

  return {
    join: (name, token) => retried(() => joinOnce(name, token)),
    async studentByToken(token) {
      return retried(async () => {
        const res = await pool.query<{ id: string; name: string }>(
          'SELECT id, name FROM class_students WHERE token_hash = $1',
          [tokenDigest(token)],
        );
        return res.rows[0];
      });
    },
    addEvents: (studentId, events) => retried(() => addEventsOnce(studentId, events)),
    students: () => retried(studentsOnce),
    async rows() {
      return retried(async () => {
        const res = await pool.query<{ row: StudentRow }>(
          'SELECT r.row FROM class_rows r JOIN class_students s ON s.id = r.student_id ORDER BY s.joined_at',
        );
        return res.rows.map((r) => r.row);
      });
    },
    messages: (after) => retried(() => messagesOnce(after)),
    post: (message) => retried(() => postOnce(message)),
    onMessage: (l) => void listeners.push(l),
    async close() {
      closed = true;
      await listener?.end().catch(() => {});
      await pool.end();
    },
  };

  /** `work` in a transaction on a connection of its own; a connection lost meanwhile is not reused. */
  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let lost: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (connectionLost(error)) lost = error as Error;
      else await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      // A lost connection goes back with its error: the pool closes it rather than hand it out again.
      client.release(lost);
    }
  }

  async function joinOnce(name: string, token: string): Promise<{ id: string } | undefined> {
    const id = crypto.randomUUID();
    return inTransaction(async (client) => {
      // Joins take turns under a lock, so two hubs cannot both take the last seat.
      await client.query('SELECT pg_advisory_xact_lock(4242018)');
      const res = await client.query(
        `INSERT INTO class_students (id, name, token_hash, joined_at)
         SELECT $1, $2, $3, $4 WHERE (SELECT count(*) FROM class_students) < $5`,
        [id, name, tokenDigest(token), Date.now(), MAX_STUDENTS],
      );
      if (res.rowCount !== 1) return undefined;
      await client.query('INSERT INTO class_rows (student_id, row) VALUES ($1, $2)', [
        id,
        JSON.stringify(emptyRow(id, name)),
      ]);
      return { id };
    });
  }

  /**
   * The events kept once each, and the student's row with the new ones folded in, in one
   * transaction under the row's lock: a student's deliveries through two hubs take turns.
   */
  async function addEventsOnce(studentId: string, events: readonly ClassEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    return inTransaction(async (client) => {
      const kept = await client.query<{ row: StudentRow }>(
        'SELECT row FROM class_rows WHERE student_id = $1 FOR UPDATE',
        [studentId],
      );
      const res = await client.query<{ id: string }>(
        `INSERT INTO class_events (student_id, id, event)
         SELECT $1, e->>'id', e FROM jsonb_array_elements($2::jsonb) AS e
         ON CONFLICT (student_id, id) DO NOTHING RETURNING id`,
        [studentId, JSON.stringify(events)],
      );
      const fresh = new Set(res.rows.map((r) => r.id));
      const row = kept.rows[0]?.row;
      if (row && fresh.size > 0)
        await client.query('UPDATE class_rows SET row = $2 WHERE student_id = $1', [
          studentId,
          JSON.stringify(
            foldEvents(
              row,
              events.filter((e) => fresh.has(e.id)),
            ),
          ),
        ]);
      // The oldest beyond the cap go, as in the file store (the row has folded them in).
      await client.query(
        `DELETE FROM class_events WHERE student_id = $1 AND seq <= (
           SELECT seq FROM class_events WHERE student_id = $1 ORDER BY seq DESC OFFSET $2 LIMIT 1)`,
        [studentId, MAX_EVENTS_PER_STUDENT],
      );
      return fresh.size;
    });
  }

  async function studentsOnce(): Promise<StoredStudent[]> {
    const [students, events] = await Promise.all([
      pool.query<{ id: string; name: string }>('SELECT id, name FROM class_students ORDER BY joined_at'),
      pool.query<{ student_id: string; event: ClassEvent }>(
        'SELECT student_id, event FROM class_events ORDER BY seq',
      ),
    ]);
    const by = new Map(students.rows.map((s) => [s.id, { ...s, events: [] as ClassEvent[] }]));
    for (const e of events.rows) by.get(e.student_id)?.events.push(e.event);
    return [...by.values()];
  }

  async function messagesOnce(after: number): Promise<Message[]> {
    const res = await pool.query<{ n: string; at: string; text: string; drill: string | null }>(
      'SELECT n, at, text, drill FROM class_messages WHERE n > $1 ORDER BY n',
      [after],
    );
    return res.rows.map(toMessage);
  }

  async function postOnce(message: Omit<Message, 'n'>): Promise<Message> {
    const res = await pool.query<{ n: string; at: string; text: string; drill: string | null }>(
      'INSERT INTO class_messages (at, text, drill) VALUES ($1, $2, $3) RETURNING n, at, text, drill',
      [message.at, message.text, message.drill ?? null],
    );
    await pool.query(`NOTIFY ${CHANNEL}`);
    return toMessage(res.rows[0] as { n: string; at: string; text: string; drill: string | null });
  }
}

/** Students of a class kept before rows were (their events only): each row folded once, at setup. */
async function foldMissingRows(client: pg.ClientBase): Promise<void> {
  const missing = await client.query<{ id: string; name: string }>(
    'SELECT id, name FROM class_students s WHERE NOT EXISTS (SELECT 1 FROM class_rows r WHERE r.student_id = s.id)',
  );
  for (const s of missing.rows) {
    const events = await client.query<{ event: ClassEvent }>(
      'SELECT event FROM class_events WHERE student_id = $1 ORDER BY seq',
      [s.id],
    );
    const row = foldEvents(
      emptyRow(s.id, s.name),
      events.rows.map((e) => e.event),
    );
    await client.query('INSERT INTO class_rows (student_id, row) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      s.id,
      JSON.stringify(row),
    ]);
  }
}

function toMessage(r: { n: string; at: string; text: string; drill: string | null }): Message {
  return { n: Number(r.n), at: Number(r.at), text: r.text, ...(r.drill ? { drill: r.drill } : {}) };
}

/**
 * A class kept in the file before the hub kept it in PostgreSQL: copied in once, into an empty
 * database, so no student, event or message is lost; the file is then renamed `.imported`.
 */
export async function importFileClass(url: string, file: string): Promise<number> {
  const { existsSync, readFileSync, renameSync } = await import('node:fs');
  if (!existsSync(file)) return 0;
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    students: Array<{ id: string; name: string; token?: string; tokenHash?: string; events: ClassEvent[] }>;
    messages: Message[];
  };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM class_students');
    if (Number(rows[0]?.n) > 0) return 0;
    await client.query('BEGIN');
    for (const [i, s] of data.students.entries()) {
      await client.query(
        'INSERT INTO class_students (id, name, token_hash, joined_at) VALUES ($1, $2, $3, $4)',
        [s.id, s.name, s.tokenHash ?? tokenDigest(s.token ?? ''), i],
      );
      await client.query(
        `INSERT INTO class_events (student_id, id, event)
         SELECT $1, e->>'id', e FROM jsonb_array_elements($2::jsonb) AS e ON CONFLICT DO NOTHING`,
        [s.id, JSON.stringify(s.events)],
      );
    }
    await foldMissingRows(client);
    for (const m of data.messages)
      await client.query('INSERT INTO class_messages (n, at, text, drill) VALUES ($1, $2, $3, $4)', [
        m.n,
        m.at,
        m.text,
        m.drill ?? null,
      ]);
    // The next message follows the imported ones.
    await client.query(
      "SELECT setval(pg_get_serial_sequence('class_messages', 'n'), COALESCE((SELECT max(n) FROM class_messages), 0) + 1, false)",
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
  renameSync(file, `${file}.imported`);
  return data.students.length;
}
