import { createTwoFilesPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { describeFailures, isApplied, patchedPaths, planPatch } from './patch.js';

const original = ['const a = 1;', 'const b = 2;', 'const c = 3;', 'const d = 4;', 'const e = 5;', ''].join(
  '\n',
);
const changed = original.replace('const c = 3;', 'const c = 30;\nconst cc = 33;');

function gitPatch(path: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after);
}

function reader(files: Record<string, string>) {
  return (p: string) => files[p];
}

describe('planPatch', () => {
  it('applies a patch and strips git prefixes', () => {
    const plan = planPatch(
      gitPatch('webapp/src/x.ts', original, changed),
      reader({ 'webapp/src/x.ts': original }),
    );
    expect(plan).toEqual({
      ok: true,
      changes: [{ path: 'webapp/src/x.ts', before: original, after: changed }],
    });
  });

  it('creates and deletes files', () => {
    const create = createTwoFilesPatch('/dev/null', 'b/webapp/src/new.ts', '', 'export const n = 1;\n');
    const remove = createTwoFilesPatch('a/webapp/src/old.ts', '/dev/null', 'gone\n', '');
    const plan = planPatch(`${create}\n${remove}`, reader({ 'webapp/src/old.ts': 'gone\n' }));
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.changes).toEqual([
      { path: 'webapp/src/new.ts', before: undefined, after: 'export const n = 1;\n' },
      { path: 'webapp/src/old.ts', before: 'gone\n', after: undefined },
    ]);
  });

  it('tolerates edits elsewhere in the file', () => {
    const edited = `// student comment\n${original}`;
    const plan = planPatch(gitPatch('f.ts', original, changed), reader({ 'f.ts': edited }));
    expect(plan.ok && plan.changes[0]?.after).toBe(`// student comment\n${changed}`);
  });

  it('names the hunk that does not fit and why, and changes nothing', () => {
    const two = original.replace('const a = 1;', 'const a = 10;').replace('const e = 5;', 'const e = 50;');
    const patch = createTwoFilesPatch('a/f.ts', 'b/f.ts', original, two, undefined, undefined, {
      context: 1,
    });
    const studentVersion = original.replace('const d = 4;', 'const d = 44;');
    const plan = planPatch(patch, reader({ 'f.ts': studentVersion }));
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.failures).toHaveLength(1);
    expect(plan.failures[0]).toMatchObject({ path: 'f.ts', hunk: 2 });
    expect(plan.failures[0]?.reason).toContain('const d = 4;');
    expect(describeFailures(plan.failures)).toMatch(/^f\.ts: hunk 2 @@ -4,2 \+4,2 @@/);
  });

  it('refuses to create a file that exists and to patch one that does not', () => {
    const create = createTwoFilesPatch('/dev/null', 'b/n.ts', '', 'x\n');
    const missing = planPatch(gitPatch('m.ts', original, changed), reader({}));
    const exists = planPatch(create, reader({ 'n.ts': 'mine\n' }));
    expect(missing.ok || missing.failures[0]?.reason).toBe('the file does not exist');
    expect(exists.ok || exists.failures[0]?.reason).toBe('the file already exists');
  });

  it('reports text that is not a patch', () => {
    const plan = planPatch('@@ -1,2 +1,2 @@\n-a\n', reader({}));
    expect(plan.ok).toBe(false);
  });
});

describe('isApplied and patchedPaths', () => {
  it('tells an applied patch from one not yet applied', () => {
    const patch = gitPatch('f.ts', original, changed);
    expect(isApplied(patch, reader({ 'f.ts': changed }))).toBe(true);
    expect(isApplied(patch, reader({ 'f.ts': original }))).toBe(false);
    expect(patchedPaths(patch)).toEqual(['f.ts']);
  });
});
