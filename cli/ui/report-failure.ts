import { redact } from '../base/redact.js';
import { isUserError } from '../base/user-error.js';
import { folderAdvice, isAccessDenied } from '../platform/folder-access.js';

/**
 * Print a failure and return the exit code. A UserError is two lines (what, then what to
 * do); anything else is a bug and keeps its stack. Keys from the environment are masked
 * either way, so no error path can leak them.
 */
export function reportFailure(error: unknown, stream: NodeJS.WritableStream = process.stderr): number {
  const secrets = [process.env.DD_API_KEY, process.env.DD_APP_KEY];
  if (isUserError(error)) {
    stream.write(redact(`✖ ${error.message}\n`, secrets));
    if (error.next) stream.write(redact(`  → ${error.next}\n`, secrets));
    return error.exitCode;
  }
  if (isAccessDenied(error) && error.path) {
    // A protected or read-only folder is the student's to fix, not a bug.
    const advice = folderAdvice(process.platform, error.path, error.code);
    stream.write(redact(`✖ ${advice.message}\n  → ${advice.next}\n`, secrets));
    return 1;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stream.write(redact(`✖ unexpected error: ${text}\n`, secrets));
  stream.write('  → this is a bug in ddworkshop; please report it with the output above.\n');
  return 1;
}
