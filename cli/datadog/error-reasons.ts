/**
 * The reasons in an API error's body, as text. Datadog answers `{"errors": ["reason", …]}`; the
 * client's v2 APIs deserialize that into JSON:API error items, and a plain string into an item
 * whose `additionalProperties` holds it one character per index.
 */
export function errorReasons(body: unknown): string | undefined {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return undefined;
  return errors.map(reasonText).join('; ');
}

function reasonText(item: unknown): string {
  if (typeof item === 'string') return item;
  if (typeof item !== 'object' || item === null) return String(item);
  const { detail, title, additionalProperties } = item as Record<string, unknown>;
  if (typeof detail === 'string') return detail;
  if (typeof title === 'string') return title;
  if (additionalProperties && typeof additionalProperties === 'object') {
    const chars = Object.entries(additionalProperties as Record<string, unknown>)
      .filter(([key, value]) => /^\d+$/.test(key) && typeof value === 'string')
      .sort(([a], [b]) => Number(a) - Number(b));
    if (chars.length) return chars.map(([, value]) => value).join('');
  }
  return JSON.stringify(item);
}
