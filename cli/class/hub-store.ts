/**
 * Where a class hub keeps its class: the students, their events and the instructor's messages.
 * Two homes behind one interface: a JSON file on the instructor's laptop (hub-file-store.ts), or
 * PostgreSQL (hub-pg-store.ts), which several hubs behind a load balancer share — nothing a
 * replica needs is held in its memory, and a message posted on one wakes the others' waiting
 * students through LISTEN/NOTIFY.
 */
import { createHash } from 'node:crypto';
import type { ClassEvent, Message, StudentRow } from './class-events.js';

export interface StoredStudent {
  id: string;
  name: string;
  events: ClassEvent[];
}

export interface HubStore {
  /** A new student with a token of their own; undefined when the class is full. */
  join(name: string, token: string): Promise<{ id: string } | undefined>;
  /** The student a token belongs to. */
  studentByToken(token: string): Promise<{ id: string; name: string } | undefined>;
  /** Keeps each event once (by id); how many were new. */
  addEvents(studentId: string, events: readonly ClassEvent[]): Promise<number>;
  /** Every student with every event kept (the cap's newest): an export, not for each poll. */
  students(): Promise<StoredStudent[]>;
  /** Each student's row with all their events folded in, in joining order: what the page reads. */
  rows(): Promise<StudentRow[]>;
  messages(after: number): Promise<Message[]>;
  post(message: Omit<Message, 'n'>): Promise<Message>;
  /** Called when a message is posted, on this hub or another sharing the store. */
  onMessage(listener: () => void): void;
  close(): Promise<void>;
}

export const MAX_STUDENTS = 500;
export const MAX_EVENTS_PER_STUDENT = 5_000;

/** Tokens are kept as their SHA-256 where they are stored for long: a copy of the store holds no key. */
export const tokenDigest = (token: string) => createHash('sha256').update(token).digest('hex');
