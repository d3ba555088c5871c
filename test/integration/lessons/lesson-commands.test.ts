/**
 * The lesson commands a student types, run as the real CLI against a copy of the workshop:
 * their own diff the right way round, reset saying where the edits went and how to get them
 * back, restore doing it, and lesson text showing this stack's ports and commands.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, type ProjectCopy } from '../../support/project-copy.js';
import { runCli } from '../../support/run-cli.js';

let project: ProjectCopy;
const routes = 'webapp/src/routes/index.ts';
const run = (...args: string[]) => runCli(project.dir, args, project.env, 60_000);

beforeAll(async () => {
  project = await copyProject({ copyWebapp: true });
  // Lesson 2 is the current one: its start is recorded when `lesson next --force` moves there.
  expect((await run('lesson', 'next', '--force')).code).toBe(0);
});
afterAll(() => project.remove());

describe('lesson commands', () => {
  it('diff --mine shows what the student added as added', async () => {
    appendFileSync(join(project.dir, routes), '// my own line\n');
    const diff = await run('lesson', 'diff', '--mine');
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('+// my own line');
    expect(diff.stdout).not.toContain('-// my own line');
    expect(diff.stdout).toMatch(
      /--- a\/webapp\/src\/routes\/index\.ts[\s\S]*\+\+\+ b\/webapp\/src\/routes\/index\.ts/,
    );
  });

  it('reset says where the edits are saved and how to get them back; restore brings them back', async () => {
    const edited = readFileSync(join(project.dir, routes), 'utf8');
    const reset = await run('lesson', 'reset', '--no-reload');
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(
      /Your edits are saved in .*\.ddworkshop\/backups\/.*reset-02-purchase-endpoint/,
    );
    const restoreLine = /To get them back: (\.\/ddw lesson restore (\S+))/.exec(reset.stdout);
    expect(restoreLine).not.toBeNull();
    expect(readFileSync(join(project.dir, routes), 'utf8')).not.toContain('// my own line');

    const restore = await run('lesson', 'restore', restoreLine?.[2] ?? '', '--no-reload');
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`Restored ${routes}`);
    expect(readFileSync(join(project.dir, routes), 'utf8')).toBe(edited);
    const list = await run('lesson', 'restore', '--list');
    expect(list.stdout).toContain('reset-02-purchase-endpoint');
  });

  it('restore with no backup of that name says which ones exist', async () => {
    const restore = await run('lesson', 'restore', 'nope', '--no-reload');
    expect(restore.code).toBe(1);
    expect(restore.stderr).toContain('No backup named nope');
    expect(restore.stderr).toContain('Pick one of:');
  });

  it('show piped to a file is plain text, even under FORCE_COLOR', async () => {
    const shown = await runCli(
      project.dir,
      ['lesson', 'show', '2'],
      { ...project.env, FORCE_COLOR: '1' },
      60_000,
    );
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('POST /purchase');
    expect(shown.stdout).not.toContain('\x1b[');
  });

  it('show renders the lesson with the ports in .env and commands that run', async () => {
    writeFileSync(join(project.dir, '.env'), `WEBAPP_PORT=4123\n`, { mode: 0o600 });
    const show = await runCli(project.dir, ['lesson', 'show', '2'], {
      ...project.env,
      WEBAPP_PORT: undefined,
    });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('curl -X POST http://127.0.0.1:4123/purchase');
    expect(show.stdout).not.toContain('localhost:3001');
    const flat = show.stdout.replace(/\s+/g, ' ');
    expect(flat).not.toMatch(/(?<!npx) ddworkshop (up|lesson|learn)/);
    expect(flat).toContain('./ddw lesson check');
    expect(show.stdout).not.toMatch(/[a-z] {2}[a-z]/);
  });
});
