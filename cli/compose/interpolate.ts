/**
 * Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?message}`, `${VAR?message}`, `${VAR:+alt}`, `${VAR+alt}`, and `$$` for a literal `$`.
 * Defaults may themselves contain variables.
 */
export type Lookup = (name: string) => string | undefined;

export class InterpolationError extends Error {}

function findClose(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

export function interpolate(text: string, lookup: Lookup): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '{') {
      const close = findClose(text, i + 1);
      if (close < 0) throw new InterpolationError(`unclosed \${ in "${text}"`);
      out += expand(text.slice(i + 2, close), lookup);
      i = close;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
      if (!m) {
        out += '$';
        continue;
      }
      out += lookup(m[0]) ?? '';
      i += m[0].length;
    }
  }
  return out;
}

function expand(inner: string, lookup: Lookup): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(inner);
  if (!m) throw new InterpolationError(`invalid variable "\${${inner}}"`);
  const [, name = '', op, arg = ''] = m;
  const value = lookup(name);
  const unsetOrEmpty = value === undefined || value === '';
  switch (op) {
    case undefined:
      return value ?? '';
    case ':-':
      return unsetOrEmpty ? interpolate(arg, lookup) : (value as string);
    case '-':
      return value === undefined ? interpolate(arg, lookup) : value;
    case ':?':
      if (unsetOrEmpty)
        throw new InterpolationError(
          `required variable ${name} is missing a value: ${interpolate(arg, lookup) || name}`,
        );
      return value as string;
    case '?':
      if (value === undefined)
        throw new InterpolationError(
          `required variable ${name} is missing a value: ${interpolate(arg, lookup) || name}`,
        );
      return value;
    case ':+':
      return unsetOrEmpty ? '' : interpolate(arg, lookup);
    case '+':
      return value === undefined ? '' : interpolate(arg, lookup);
    default:
      throw new InterpolationError(`invalid variable "\${${inner}}"`);
  }
}

/** Interpolates every string in a parsed YAML tree, reporting the key path of a failure. */
export function interpolateTree(
  node: unknown,
  lookup: Lookup,
  path: string,
  onError: (path: string, message: string) => never,
): unknown {
  if (typeof node === 'string') {
    try {
      return interpolate(node, lookup);
    } catch (error) {
      return onError(path, (error as Error).message);
    }
  }
  if (Array.isArray(node)) return node.map((v, i) => interpolateTree(v, lookup, `${path}[${i}]`, onError));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node))
      out[k] = interpolateTree(v, lookup, path ? `${path}.${k}` : k, onError);
    return out;
  }
  return node;
}
