/**
 * The .env format as docker compose reads it: KEY=VALUE lines, `#` comments, optional
 * `export `, single quotes literal, double quotes with \n \t \" \\ escapes, inline ` #`
 * comments after unquoted values. Pure: parse and serialise only; files live at the edges.
 */
export type EnvMap = Record<string, string>;

export interface EnvParseError {
  line: number;
  message: string;
}

export interface EnvParseResult {
  values: EnvMap;
  errors: EnvParseError[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function parseEnvFile(text: string): EnvParseResult {
  const values: EnvMap = {};
  const errors: EnvParseError[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const body = trimmed.startsWith('export ') ? trimmed.slice(7).trimStart() : trimmed;
    const eq = body.indexOf('=');
    if (eq <= 0) {
      errors.push({ line: i + 1, message: `expected KEY=VALUE, got "${body.slice(0, 40)}"` });
      continue;
    }
    const key = body.slice(0, eq).trim();
    if (!KEY.test(key)) {
      errors.push({ line: i + 1, message: `invalid variable name "${key}"` });
      continue;
    }
    const rest = body.slice(eq + 1).trimStart();
    const parsed = parseValue(rest);
    if (parsed === undefined) {
      errors.push({ line: i + 1, message: `unterminated quote in value of ${key}` });
      continue;
    }
    values[key] = parsed;
  }
  return { values, errors };
}

function parseValue(rest: string): string | undefined {
  const quote = rest[0];
  if (quote === "'") {
    const end = rest.indexOf("'", 1);
    return end < 0 ? undefined : rest.slice(1, end);
  }
  if (quote === '"') {
    let out = '';
    for (let i = 1; i < rest.length; i++) {
      const c = rest[i];
      if (c === '"') return out;
      if (c === '\\' && i + 1 < rest.length) {
        const n = rest[++i];
        out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : (n ?? '');
      } else {
        out += c;
      }
    }
    return undefined;
  }
  const hash = rest.search(/\s#/);
  return (hash >= 0 ? rest.slice(0, hash) : rest).trim();
}

/**
 * Update KEY=VALUE lines in an existing .env text, keeping comments, order and unknown keys;
 * keys not present are appended. Values that need it are double-quoted. A key set to undefined
 * is commented out, not deleted: what the student wrote stays in the file, visibly off.
 */
export function updateEnvText(text: string, updates: Record<string, string | undefined>): string {
  const pending = new Map(Object.entries(updates));
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/.exec(line);
    const key = m?.[1];
    if (key !== undefined && pending.has(key)) {
      const value = pending.get(key);
      pending.delete(key);
      out.push(
        value !== undefined
          ? `${key}=${quoteValue(value)}`
          : `# ${line.trim()}  (turned off by ddworkshop setup)`,
      );
      continue;
    }
    out.push(line);
  }
  for (const [key, value] of pending) if (value !== undefined) out.push(`${key}=${quoteValue(value)}`);
  return `${out.join('\n')}\n`;
}

function quoteValue(value: string): string {
  if (/^[A-Za-z0-9_./:@,+-]*$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
