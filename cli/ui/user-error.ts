/**
 * An error the user can act on: what went wrong, and the next step to take.
 * main.ts prints these as two short lines without a stack trace; anything else is a bug
 * and gets the stack.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
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

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
