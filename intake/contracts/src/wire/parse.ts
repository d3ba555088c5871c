/** Reading an answer or a body against its schema: one error type, one message shape. */
import * as v from 'valibot';

/** What arrived is not what the contract says: `services[0].name: a string of 1 to 200 characters`. */
export class ContractError extends Error {
  override name = 'ContractError';
}

/** The value as the schema's output type, or a ContractError naming the first thing wrong. */
export function readAs<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value, { abortEarly: true });
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue ? v.getDotPath(issue) : null;
  throw new ContractError(`${what}: ${path ? `${path}: ` : ''}${issue?.message ?? 'not as expected'}`);
}
