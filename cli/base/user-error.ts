/**
 * An error the user can act on: what went wrong, and the next step to take.
 * main.ts prints these as two short lines without a stack trace; anything else is a bug
 * and gets the stack.
 */
/** The same symbol in every copy of this module (Symbol.for): see isUserError. */
const USER_ERROR = Symbol.for('ddworkshop.UserError');

export class UserError extends Error {
  override readonly name = 'UserError';
  readonly [USER_ERROR] = true;
  constructor(
    message: string,
    /** One line telling the user what to do next. */
    readonly next?: string,
    /** Process exit code; 1 unless a command documents otherwise. */
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * Also true for a UserError made by another copy of this module: the CLI's bundled entry
 * (dist/cli/main.cjs) holds one, and the commands' modules, imported apart, the other.
 */
export function isUserError(error: unknown): error is UserError {
  return (
    error instanceof UserError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { [USER_ERROR]?: unknown })[USER_ERROR] === true)
  );
}
