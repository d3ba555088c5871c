/**
 * The hub's class in memory, written to a JSON file (0600) a moment after each change: the
 * instructor's laptop, one hub. A restarted hub reads it back, students and tokens included.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { type ClassEvent, emptyRow, foldEvents, type Message, type StudentRow } from './class-events.js';
import {
  type HubStore,
  MAX_EVENTS_PER_STUDENT,
  MAX_STUDENTS,
  type StoredStudent,
  tokenDigest,
} from './hub-store.js';

interface Kept extends StoredStudent {
  /** The token's digest (older files kept the token itself: read as such). */
  tokenHash: string;
  seen: Set<string>;
  /** Every event folded in (the page's row), kept beside the capped list of events. */
  row: StudentRow;
}

export function fileStore(file?: string): HubStore {
  const students = new Map<string, Kept>();
  const byToken = new Map<string, Kept>();
  const messages: Message[] = [];
  const listeners: Array<() => void> = [];
  let saveTimer: NodeJS.Timeout | undefined;

  const flush = () => {
    if (!file) return;
    const data = {
      students: [...students.values()].map(({ id, name, tokenHash, events, row }) => ({
        id,
        name,
        tokenHash,
        events,
        row,
      })),
      messages,
    };
    writeFileSync(`${file}.tmp`, JSON.stringify(data), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  const save = () => {
    if (!file || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      flush();
    }, 200);
  };
  const keep = (s: Omit<Kept, 'seen' | 'row'> & { row?: StudentRow }) => {
    const row = s.row ?? foldEvents(emptyRow(s.id, s.name), s.events);
    const kept = { ...s, row, seen: new Set(s.events.map((e) => e.id)) };
    students.set(s.id, kept);
    byToken.set(s.tokenHash, kept);
  };
  if (file) {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as {
        students: Array<{
          id: string;
          name: string;
          token?: string;
          tokenHash?: string;
          events: ClassEvent[];
          row?: StudentRow;
        }>;
        messages: Message[];
      };
      for (const s of data.students)
        keep({
          id: s.id,
          name: s.name,
          events: s.events,
          tokenHash: s.tokenHash ?? tokenDigest(s.token ?? ''),
          ...(s.row ? { row: s.row } : {}),
        });
      messages.push(...data.messages);
    } catch {}
  }

  return {
    async join(name, token) {
      if (students.size >= MAX_STUDENTS) return undefined;
      const id = crypto.randomUUID();
      keep({ id, name, tokenHash: tokenDigest(token), events: [] });
      save();
      return { id };
    },
    async studentByToken(token) {
      const s = byToken.get(tokenDigest(token));
      return s ? { id: s.id, name: s.name } : undefined;
    },
    async addEvents(studentId, events) {
      const s = students.get(studentId);
      if (!s) return 0;
      const fresh: ClassEvent[] = [];
      for (const e of events) {
        if (s.seen.has(e.id)) continue;
        if (s.events.length >= MAX_EVENTS_PER_STUDENT) s.events.shift();
        s.seen.add(e.id);
        s.events.push(e);
        fresh.push(e);
      }
      s.row = foldEvents(s.row, fresh);
      save();
      return fresh.length;
    },
    students: async () => [...students.values()].map(({ id, name, events }) => ({ id, name, events })),
    rows: async () => [...students.values()].map((s) => s.row),
    messages: async (after) => messages.filter((m) => m.n > after),
    async post(message) {
      const m = { ...message, n: (messages.at(-1)?.n ?? 0) + 1 };
      messages.push(m);
      save();
      for (const listener of listeners) listener();
      return m;
    },
    onMessage: (listener) => void listeners.push(listener),
    async close() {
      if (saveTimer) {
        clearTimeout(saveTimer);
        saveTimer = undefined;
        flush();
      }
    },
  };
}
