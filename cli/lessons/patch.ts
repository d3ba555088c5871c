/**
 * Applying a lesson's solution patch, as a pure function: given the patch text and the current
 * contents of the files it names, either every file's new text or the reasons it does not
 * apply. Nothing is written here, so a patch that fails part-way writes nothing at all.
 */
import { applyPatch, parsePatch, type StructuredPatch, type StructuredPatchHunk } from 'diff';

export interface FileChange {
  /** Project-relative path with forward slashes. */
  path: string;
  /** undefined when the patch creates the file. */
  before: string | undefined;
  /** undefined when the patch deletes the file. */
  after: string | undefined;
}

export interface HunkFailure {
  path: string;
  /** 1-based index of the hunk within its file. */
  hunk: number;
  header: string;
  reason: string;
}

export type PatchPlan = { ok: true; changes: FileChange[] } | { ok: false; failures: HunkFailure[] };

/** Reads a project-relative file; undefined when it does not exist. */
export type FileReader = (path: string) => string | undefined;

const DEV_NULL = '/dev/null';

export function stripPrefix(name: string): string {
  const clean = name.replace(/\t.*$/, '').trim();
  if (clean === DEV_NULL) return clean;
  return clean.replace(/^[ab]\//, '');
}

/** Paths a patch touches (new name, or old name for deletions). */
export function patchedPaths(patchText: string): string[] {
  return parsePatch(patchText).map(targetPath);
}

function targetPath(file: StructuredPatch): string {
  const next = stripPrefix(file.newFileName);
  return next === DEV_NULL ? stripPrefix(file.oldFileName) : next;
}

function hunkHeader(h: StructuredPatchHunk): string {
  return `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`;
}

/** Why a hunk does not fit: the first line it expects that the file does not have. */
function explainMismatch(source: string, hunk: StructuredPatchHunk): string {
  const lines = source.split('\n');
  const expected = hunk.lines.filter((l) => l.startsWith(' ') || l.startsWith('-')).map((l) => l.slice(1));
  const first = expected.find((l) => l.trim() !== '');
  if (first === undefined) return 'the hunk has no context to anchor it';
  const at = lines.indexOf(first);
  if (at === -1) return `the file no longer has the line ${JSON.stringify(first.trim())}`;
  for (let i = 0; i < expected.length; i++) {
    if (lines[at + i] !== expected[i]) {
      return `near line ${at + i + 1}: expected ${JSON.stringify((expected[i] ?? '').trim())}, found ${JSON.stringify((lines[at + i] ?? '<end of file>').trim())}`;
    }
  }
  return 'the context matches only in a different order than the patch expects';
}

function applyFile(file: StructuredPatch, read: FileReader): FileChange | HunkFailure[] {
  const oldName = stripPrefix(file.oldFileName);
  const newName = stripPrefix(file.newFileName);
  const path = targetPath(file);
  // `diff -N` marks a new file by an empty old side rather than /dev/null.
  const emptyOldSide = file.hunks.every((h) => h.oldStart === 0 && h.oldLines === 0);
  const creating = oldName === DEV_NULL || (emptyOldSide && read(oldName) === undefined);
  const before = creating ? undefined : read(oldName);

  if (creating && read(path) !== undefined) {
    return [
      { path, hunk: 1, header: hunkHeader(file.hunks[0] ?? emptyHunk()), reason: 'the file already exists' },
    ];
  }
  if (!creating && before === undefined) {
    return [
      { path, hunk: 1, header: hunkHeader(file.hunks[0] ?? emptyHunk()), reason: 'the file does not exist' },
    ];
  }

  // Hunk by hunk, so a failure names the hunk that does not fit rather than the whole file.
  let text = before ?? '';
  for (const [i, hunk] of file.hunks.entries()) {
    const single: StructuredPatch = { ...file, hunks: [hunk] };
    const next = applyPatch(text, single);
    if (next === false) {
      return [{ path, hunk: i + 1, header: hunkHeader(hunk), reason: explainMismatch(text, hunk) }];
    }
    text = next;
  }
  return { path, before, after: newName === DEV_NULL ? undefined : text };
}

function emptyHunk(): StructuredPatchHunk {
  return { oldStart: 0, oldLines: 0, newStart: 0, newLines: 0, lines: [] };
}

export function planPatch(patchText: string, read: FileReader): PatchPlan {
  let files: StructuredPatch[];
  try {
    files = parsePatch(patchText);
  } catch (error) {
    return {
      ok: false,
      failures: [
        { path: '(patch)', hunk: 0, header: '', reason: `not a unified diff: ${(error as Error).message}` },
      ],
    };
  }
  const changes: FileChange[] = [];
  const failures: HunkFailure[] = [];
  // Later files in the same patch see earlier files' results, as `git apply` does.
  const pending = new Map<string, string | undefined>();
  const readThrough: FileReader = (p) => (pending.has(p) ? pending.get(p) : read(p));
  for (const file of files) {
    if (file.hunks.length === 0) continue;
    const result = applyFile(file, readThrough);
    if (Array.isArray(result)) failures.push(...result);
    else {
      changes.push(result);
      pending.set(result.path, result.after);
    }
  }
  return failures.length > 0 ? { ok: false, failures } : { ok: true, changes };
}

/** Whether the patch is already in place: reversing it applies cleanly. */
export function isApplied(patchText: string, read: FileReader): boolean {
  const files = parsePatch(patchText).filter((f) => f.hunks.length > 0);
  if (files.length === 0) return false;
  return files.every((file) => {
    const path = targetPath(file);
    const current = read(path);
    if (stripPrefix(file.newFileName) === DEV_NULL) return current === undefined;
    if (current === undefined) return false;
    if (stripPrefix(file.oldFileName) === DEV_NULL) return true;
    const reversed = {
      ...file,
      hunks: file.hunks.map((h) => ({
        oldStart: h.newStart,
        oldLines: h.newLines,
        newStart: h.oldStart,
        newLines: h.oldLines,
        lines: h.lines.map((l) =>
          l.startsWith('+') ? `-${l.slice(1)}` : l.startsWith('-') ? `+${l.slice(1)}` : l,
        ),
      })),
    };
    return applyPatch(current, reversed) !== false;
  });
}

export function describeFailures(failures: HunkFailure[]): string {
  return failures
    .map((f) =>
      f.hunk > 0 ? `${f.path}: hunk ${f.hunk} ${f.header}: ${f.reason}` : `${f.path}: ${f.reason}`,
    )
    .join('\n');
}
