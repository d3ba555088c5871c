/**
 * The shell a student types commands into, and so the form of every command we print. cmd.exe
 * answers `./ddw` with "'.' is not recognized"; PowerShell runs either form; Git Bash (MSYSTEM)
 * and every POSIX shell need `./ddw`.
 */
import type { Host } from './host.js';

export type StudentShell = 'posix' | 'cmd' | 'powershell';

export function studentShell(host: Host): StudentShell {
  const forced = host.env.DDWORKSHOP_SHELL;
  if (forced === 'posix' || forced === 'cmd' || forced === 'powershell') return forced;
  if (host.os !== 'win32' || host.env.MSYSTEM) return 'posix';
  // PowerShell puts the user's own module folder first on PSModulePath; cmd.exe inherits only
  // the system's entries (Windows PowerShell's and Program Files' modules).
  const modules = (host.env.PSModulePath ?? '').split(';').filter(Boolean);
  const userFolder = modules.some((m) =>
    /\\(Documents|OneDrive)[^;]*\\(Windows)?PowerShell\\Modules/i.test(m),
  );
  return userFolder ? 'powershell' : 'cmd';
}

/** How the student starts the workshop's command from its folder. */
export function launcherFor(shell: StudentShell): string {
  return shell === 'posix' ? './ddw' : '.\\ddw';
}
