/**
 * The files lessons touch, at the edge: reading the webapp's sources, writing a planned patch,
 * and keeping every overwritten file under `.ddworkshop/backups/` first, so no student edit is
 * ever lost. Lesson-start snapshots make `reset` exact.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { FileChange, FileReader } from './patch.js';

/** The webapp's sources: what a code lesson changes (and `learn` watches). */
export const LESSON_SCOPE = 'webapp/src';
/** Everything lessons may change: the code, and the dashboards and monitors kept as code. */
export const LESSON_SCOPES = [LESSON_SCOPE, 'dashboards', 'monitors'];

export function projectReader(projectDir: string): FileReader {
  return (path) => {
    const full = join(projectDir, path);
    return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  };
}

async function listFiles(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

export interface Backup {
  dir: string;
  files: string[];
}

/** Copies the given project files (those that exist) to a new backup folder. */
export async function backupFiles(
  stateDir: string,
  projectDir: string,
  paths: string[],
  label: string,
  now = new Date(),
): Promise<Backup> {
  const dir = join(stateDir, 'backups', `${stamp(now)}-${label}`);
  const saved: string[] = [];
  for (const path of paths) {
    const source = join(projectDir, path);
    if (!existsSync(source)) continue;
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await cp(source, join(dir, path));
    saved.push(path);
  }
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'manifest.json'),
    `${JSON.stringify({ label, at: now.toISOString(), files: saved }, null, 2)}\n`,
  );
  return { dir, files: saved };
}

export async function writeChanges(projectDir: string, changes: FileChange[]): Promise<void> {
  for (const change of changes) {
    const target = join(projectDir, change.path);
    if (change.after === undefined) await rm(target, { force: true });
    else {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, change.after);
    }
  }
}

export function snapshotDir(stateDir: string, slug: string): string {
  return join(stateDir, 'lesson-start', slug);
}

/** Records the lesson's starting state of everything lessons change, once. */
export async function snapshotLessonStart(stateDir: string, projectDir: string, slug: string): Promise<void> {
  const dir = snapshotDir(stateDir, slug);
  if (existsSync(dir)) return;
  const temp = `${dir}.tmp`;
  await rm(temp, { recursive: true, force: true });
  for (const scope of LESSON_SCOPES) {
    for (const file of await listFiles(join(projectDir, scope))) {
      await mkdir(dirname(join(temp, scope, file)), { recursive: true });
      await cp(join(projectDir, scope, file), join(temp, scope, file));
    }
  }
  await mkdir(temp, { recursive: true });
  // Built aside and renamed into place: a half-written snapshot is never taken for a whole one.
  await rename(temp, dir);
}

/** The changes that bring the webapp back to the snapshot (pure once both sides are read). */
export async function changesToSnapshot(
  stateDir: string,
  projectDir: string,
  slug: string,
): Promise<FileChange[] | undefined> {
  const dir = snapshotDir(stateDir, slug);
  if (!existsSync(dir)) return undefined;
  const changes: FileChange[] = [];
  for (const scope of LESSON_SCOPES) {
    const wanted = await listFiles(join(dir, scope));
    const present = await listFiles(join(projectDir, scope));
    for (const file of new Set([...wanted, ...present])) {
      const path = `${scope}/${file}`;
      const before = present.includes(file) ? await readFile(join(projectDir, path), 'utf8') : undefined;
      const after = wanted.includes(file) ? await readFile(join(dir, path), 'utf8') : undefined;
      if (before !== after) changes.push({ path, before, after });
    }
  }
  return changes;
}

export interface BackupEntry {
  name: string;
  dir: string;
  label: string;
  at: string;
  files: string[];
}

/** Backups, newest first (their folder names start with the time they were made). */
export async function listBackups(stateDir: string): Promise<BackupEntry[]> {
  const root = join(stateDir, 'backups');
  if (!existsSync(root)) return [];
  const entries: BackupEntry[] = [];
  for (const name of (await readdir(root)).sort().reverse()) {
    try {
      const manifest = JSON.parse(await readFile(join(root, name, 'manifest.json'), 'utf8')) as {
        label?: string;
        at?: string;
        files?: string[];
      };
      entries.push({
        name,
        dir: join(root, name),
        label: manifest.label ?? '',
        at: manifest.at ?? '',
        files: manifest.files ?? [],
      });
    } catch {
      // A folder without a readable manifest is not a backup this tool made.
    }
  }
  return entries;
}
