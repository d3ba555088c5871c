import { describe, expect, it } from 'vitest';
import type { Host } from './host.js';
import { launcherFor, studentShell } from './shell.js';

const host = (os: NodeJS.Platform, env: Host['env'] = {}): Host => ({ os, arch: 'x64', env, root: false });

const CMD_MODULES =
  'C:\\Program Files\\WindowsPowerShell\\Modules;C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\Modules';
const PS51_MODULES = `C:\\Users\\José\\Documents\\WindowsPowerShell\\Modules;${CMD_MODULES}`;
const PWSH_MODULES = `C:\\Users\\ana\\OneDrive\\Documents\\PowerShell\\Modules;C:\\Program Files\\PowerShell\\Modules;c:\\program files\\powershell\\7\\Modules;${CMD_MODULES}`;

describe('studentShell and the printed launcher', () => {
  it.each([
    ['Linux', host('linux'), 'posix', './ddw'],
    ['macOS', host('darwin', { PSModulePath: PS51_MODULES }), 'posix', './ddw'],
    ['Windows cmd.exe', host('win32', { PSModulePath: CMD_MODULES }), 'cmd', '.\\ddw'],
    ['Windows with no PSModulePath', host('win32'), 'cmd', '.\\ddw'],
    ['Windows PowerShell 5.1', host('win32', { PSModulePath: PS51_MODULES }), 'powershell', '.\\ddw'],
    [
      'PowerShell 7 (OneDrive documents)',
      host('win32', { PSModulePath: PWSH_MODULES }),
      'powershell',
      '.\\ddw',
    ],
    [
      'Git Bash on Windows',
      host('win32', { MSYSTEM: 'MINGW64', PSModulePath: PS51_MODULES }),
      'posix',
      './ddw',
    ],
    ['an explicit DDWORKSHOP_SHELL', host('win32', { DDWORKSHOP_SHELL: 'posix' }), 'posix', './ddw'],
  ])('%s', (_name, h, shell, launcher) => {
    expect(studentShell(h)).toBe(shell);
    expect(launcherFor(studentShell(h))).toBe(launcher);
  });

  it('ignores a DDWORKSHOP_SHELL it does not know', () => {
    expect(studentShell(host('win32', { DDWORKSHOP_SHELL: 'fish', PSModulePath: CMD_MODULES }))).toBe('cmd');
  });
});
