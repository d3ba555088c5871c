/** JSON errors for bad input: a status, a message, never a stack trace. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);

/**
 * A numeric query parameter within [min, max]; `fallback` when absent. Anything else is a
 * 400 that names the parameter and the range.
 */
export function numberParam(
  query: Record<string, unknown>,
  name: string,
  { min, max, fallback, integer = false }: { min: number; max: number; fallback: number; integer?: boolean },
): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'string' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw badRequest(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return value;
}
