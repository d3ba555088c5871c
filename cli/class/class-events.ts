/**
 * The class hub's view of a room: the events students' laptops send (a lesson check's verdict,
 * setup's and doctor's, a hint or a solution used) folded into one row per student — current
 * lesson, time on it, the last check and its first failure, and whether they look stuck. Events
 * carry lesson slugs, check titles, verdicts and the checks' own messages: never code, keys,
 * `.env` values or paths. Pure.
 */
export type EventKind = 'check' | 'setup' | 'doctor' | 'hint' | 'apply' | 'drill';
export const EVENT_KINDS: readonly EventKind[] = ['check', 'setup', 'doctor', 'hint', 'apply', 'drill'];

export interface ClassEvent {
  /** Unique per event: the hub keeps each once, however often a laptop re-sends it. */
  id: string;
  at: number;
  kind: EventKind;
  lesson?: string;
  passed?: boolean;
  /** The first failing check: its title and its own message. */
  failure?: { title: string; message?: string };
}

/** A message of the instructor's for every student's screen; a drill proposal names the drill. */
export interface Message {
  n: number;
  at: number;
  text: string;
  /** A drill proposed to the room: it starts on a laptop only when its student runs `drill start`. */
  drill?: string;
}

export interface StuckRules {
  /** Failed checks in a row on one lesson. */
  failures: number;
  /** Time on one lesson without a passed check. */
  idleMs: number;
}
export const DEFAULT_STUCK: StuckRules = { failures: 3, idleMs: 10 * 60_000 };

export interface StudentRow {
  student: string;
  name: string;
  lesson?: string;
  /** When they started on the current lesson (their first event about it). */
  lessonSince?: number;
  lastCheck?: { at: number; passed: boolean; failure?: { title: string; message?: string } };
  failedInARow: number;
  passed: string[];
  /** setup or doctor failed, with what failed first. */
  problem?: string;
  hints: number;
  applied: number;
  /** The last incident drill: its name, when it started, whether and how fast it was solved. */
  drill?: { name: string; startedAt?: number; solved: boolean; solvedInMs?: number };
  stuck?: string;
}

const MAX_TEXT = 300;
const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, MAX_TEXT) : undefined);

/** An event as a laptop sent it, checked field by field; undefined when it is not one. */
export function parseEvent(raw: unknown): ClassEvent | undefined {
  const r = (raw ?? {}) as Record<string, unknown>;
  if (typeof r.id !== 'string' || !/^[\w-]{8,64}$/.test(r.id)) return undefined;
  if (typeof r.at !== 'number' || !Number.isFinite(r.at)) return undefined;
  if (!EVENT_KINDS.includes(r.kind as EventKind)) return undefined;
  const lesson = text(r.lesson);
  if (lesson !== undefined && !/^[\w-]{1,80}$/.test(lesson)) return undefined;
  const f = r.failure as Record<string, unknown> | undefined;
  const failure =
    f && typeof f.title === 'string'
      ? { title: f.title.slice(0, MAX_TEXT), ...(text(f.message) ? { message: text(f.message) } : {}) }
      : undefined;
  return {
    id: r.id,
    at: r.at,
    kind: r.kind as EventKind,
    ...(lesson ? { lesson } : {}),
    ...(typeof r.passed === 'boolean' ? { passed: r.passed } : {}),
    ...(failure ? { failure } : {}),
  };
}

/** One student's row from their events (in the order the hub received them). */
export function studentRow(
  student: string,
  name: string,
  events: readonly ClassEvent[],
  nowMs: number,
  rules: StuckRules = DEFAULT_STUCK,
): StudentRow {
  return withStuck(foldEvents(emptyRow(student, name), events), nowMs, rules);
}

export const emptyRow = (student: string, name: string): StudentRow => ({
  student,
  name,
  failedInARow: 0,
  passed: [],
  hints: 0,
  applied: 0,
});

/**
 * A row with more events folded in: what the stores keep per student, so the instructor's page
 * reads one row a student rather than every event. Time plays no part here (see withStuck).
 */
export function foldEvents(before: StudentRow, events: readonly ClassEvent[]): StudentRow {
  const row: StudentRow = { ...before, passed: [...before.passed] };
  if (before.lastCheck) row.lastCheck = { ...before.lastCheck };
  for (const e of events) {
    if (e.kind === 'drill') {
      if (e.lesson) row.drill = drillAfter(row.drill, e.lesson, e);
      continue;
    }
    if (e.lesson && e.lesson !== row.lesson) {
      row.lesson = e.lesson;
      row.lessonSince = e.at;
      row.failedInARow = 0;
    }
    if (e.kind === 'check') {
      row.lastCheck = { at: e.at, passed: e.passed === true, ...(e.failure ? { failure: e.failure } : {}) };
      if (e.passed) {
        row.failedInARow = 0;
        if (e.lesson && !row.passed.includes(e.lesson)) row.passed.push(e.lesson);
      } else row.failedInARow++;
    } else if (e.kind === 'setup' || e.kind === 'doctor') {
      if (e.passed === false) row.problem = `${e.kind}: ${e.failure?.title ?? 'failed'}`;
      else delete row.problem;
    } else if (e.kind === 'hint') row.hints++;
    else if (e.kind === 'apply') row.applied++;
  }
  return row;
}

/** The row as the page shows it now: stuck, and why, or not. */
export function withStuck(row: StudentRow, nowMs: number, rules: StuckRules = DEFAULT_STUCK): StudentRow {
  const { stuck: _was, ...rest } = row;
  const stuck = stuckReason(rest, nowMs, rules);
  return stuck ? { ...rest, stuck } : rest;
}

/** A drill event (started: no verdict; answered: a verdict) on the student's last drill. */
function drillAfter(
  last: StudentRow['drill'],
  name: string,
  e: ClassEvent,
): NonNullable<StudentRow['drill']> {
  if (e.passed === undefined) return { name, startedAt: e.at, solved: false };
  const startedAt = last?.name === name ? last.startedAt : undefined;
  if (last?.name === name && last.solved) return last;
  return {
    name,
    ...(startedAt !== undefined ? { startedAt } : {}),
    solved: e.passed,
    ...(e.passed && startedAt !== undefined ? { solvedInMs: e.at - startedAt } : {}),
  };
}

function stuckReason(row: StudentRow, nowMs: number, rules: StuckRules): string | undefined {
  if (row.failedInARow >= rules.failures) return `${row.failedInARow} failed checks in a row`;
  if (row.problem) return row.problem;
  const onLesson = row.lesson && !row.passed.includes(row.lesson) && row.lessonSince !== undefined;
  if (onLesson && nowMs - (row.lessonSince as number) >= rules.idleMs)
    return `${Math.floor((nowMs - (row.lessonSince as number)) / 60_000)} min on ${row.lesson} without a pass`;
  return undefined;
}

/** The class's results as CSV: one line per student (quotes doubled, formulas defused). */
export function resultsCsv(rows: readonly StudentRow[]): string {
  const cell = (v: unknown) => {
    const s = String(v ?? '');
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  const head = [
    'student',
    'name',
    'lesson',
    'passed lessons',
    'last check',
    'failing check',
    'failed in a row',
    'hints',
    'solutions applied',
    'stuck',
    'drill',
    'drill solved in (min)',
  ];
  const lines = rows.map((r) =>
    [
      r.student,
      r.name,
      r.lesson,
      r.passed.join(' '),
      r.lastCheck ? (r.lastCheck.passed ? 'passed' : 'failed') : '',
      r.lastCheck?.failure?.title,
      r.failedInARow,
      r.hints,
      r.applied,
      r.stuck,
      r.drill ? `${r.drill.name}${r.drill.solved ? ' (solved)' : ''}` : '',
      r.drill?.solvedInMs === undefined ? '' : (r.drill.solvedInMs / 60_000).toFixed(1),
    ]
      .map(cell)
      .join(','),
  );
  return `${[head.map(cell).join(','), ...lines].join('\r\n')}\r\n`;
}
