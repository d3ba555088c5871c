/**
 * `./ddw request POST /purchase user_id:=123 note=hello`: the request a student would send with
 * curl, written so that every shell passes it unchanged (no quotes, no braces, no backslash
 * continuations — cmd.exe and PowerShell each break curl's JSON differently). The httpie
 * convention: `name=text` is a string, `name:=json` a raw JSON value; dotted names nest.
 */
import { UserError } from '../base/user-error.js';

export interface PlannedRequest {
  method: string;
  path: string;
  body?: Record<string, unknown>;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);

function setPath(target: Record<string, unknown>, name: string, value: unknown): void {
  const keys = name.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

function field(word: string): [string, unknown] {
  const raw = /^([\w.-]+):=(.*)$/s.exec(word);
  if (raw) {
    try {
      return [raw[1] as string, JSON.parse(raw[2] as string)];
    } catch {
      throw new UserError(
        `"${word}": what follows := must be JSON (a number, true, false, null, or a quoted string)`,
        'Write name=text for a string, name:=29.99 for a number.',
      );
    }
  }
  const text = /^([\w.-]+)=(.*)$/s.exec(word);
  if (text) return [text[1] as string, text[2]];
  throw new UserError(`"${word}" is not a field`, 'Write fields as name=text or name:=29.99.');
}

export function planRequest(method: string, path: string, fields: string[]): PlannedRequest {
  const m = method.toUpperCase();
  if (!METHODS.has(m))
    throw new UserError(`"${method}" is not an HTTP method`, `Use one of ${[...METHODS].join(', ')}.`);
  if (!path.startsWith('/'))
    throw new UserError(`"${path}" is not a path`, 'Start it with /, e.g. /purchase.');
  if (fields.length === 0) return { method: m, path };
  const body: Record<string, unknown> = {};
  for (const word of fields) {
    const [name, value] = field(word);
    setPath(body, name, value);
  }
  return { method: m, path, body };
}
