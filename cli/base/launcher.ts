/** Where the launcher is, for the detached helpers a command starts (the class sender, a drill's traffic). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from './user-error.js';

/** bin/ddworkshop.js above this module (dist/cli/base, or cli/base under tsx). */
export function launcherPath(): string {
  let at = import.meta.dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = join(at, 'bin/ddworkshop.js');
    if (existsSync(candidate)) return candidate;
    at = dirname(at);
  }
  throw new UserError(
    'The ddworkshop launcher (bin/ddworkshop.js) was not found',
    'Run ddw from the workshop folder.',
  );
}
