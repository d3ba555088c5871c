/** An answer's error: its status and the message (or Datadog's error objects) the body carries. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The answer's `errors` when Datadog's are objects (the v2 search APIs' `{title, detail}`). */
    readonly errors?: unknown[],
  ) {
    super(message);
  }
}
