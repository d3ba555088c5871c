/**
 * A workshop folder the workshop may not write: macOS's folder privacy (Desktop, Documents,
 * Downloads, iCloud Drive, until the terminal is allowed), Windows' Controlled Folder Access
 * (Documents, Desktop…), or a read-only mount. Node sees EPERM, EACCES or EROFS; the student
 * needs the folder's name and what to do — not "unexpected error … bug".
 */
import { accessSync, constants, existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FolderAdvice {
  message: string;
  next: string;
}

const DENIED = new Set(['EPERM', 'EACCES', 'EROFS']);

export function isAccessDenied(error: unknown): error is NodeJS.ErrnoException {
  return DENIED.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}

export function folderAdvice(os: NodeJS.Platform, folder: string, code: string | undefined): FolderAdvice {
  const message = `The workshop cannot write in ${folder} (${code ?? 'denied'})`;
  if (code === 'EROFS')
    return {
      message: `${message}: the disk is read-only`,
      next: 'Copy the workshop to a folder of your own and run it there.',
    };
  if (os === 'darwin')
    return {
      message: `${message}: macOS protects Desktop, Documents, Downloads and iCloud folders`,
      next: 'Allow your terminal in System Settings → Privacy & Security → Files and Folders, or move the workshop to a folder of your own (e.g. ~/workshops).',
    };
  if (os === 'win32')
    return {
      message: `${message}: Windows' Controlled Folder Access (or the folder's permissions) refuses it`,
      next: 'Allow node.exe under Windows Security → Virus & threat protection → Ransomware protection → Allow an app, or move the workshop to a folder of your own (e.g. C:\\workshops).',
    };
  return {
    message,
    next: `Make it yours (sudo chown -R "$USER" "${folder}"), or move the workshop to a folder of your own.`,
  };
}

/**
 * Whether a file can be made (and removed) in `folder`, or — not made yet — in the nearest folder
 * above it that exists: the check behind doctor's line. Undefined when it can, else the code.
 */
export function probeWritable(folder: string): string | undefined {
  let existing = folder;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    accessSync(existing, constants.W_OK);
    const probe = join(existing, `.ddworkshop-write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}
