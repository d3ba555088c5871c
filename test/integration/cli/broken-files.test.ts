/**
 * Files a student (or a crash) broke: the CLI says what is wrong with which file, keeps what it
 * can, and never answers with a stack trace.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-cli.js';

let project: string;
beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'ddw-broken-'));
  writeFileSync(join(project, 'docker-compose.yml'), 'services: {}\n');
  mkdirSync(join(project, 'lessons'));
  writeFileSync(
    join(project, 'lessons/course.yaml'),
    readFileSync(resolve(import.meta.dirname, '../../../lessons/course.yaml'), 'utf8'),
  );
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

describe('broken files', () => {
  it('a damaged progress.json: the student is told, progress starts over, the damaged copy is kept', async () => {
    mkdirSync(join(project, '.ddworkshop'));
    writeFileSync(join(project, '.ddworkshop/progress.json'), '{"current": "03-purch');
    const run = await runCli(project, ['lesson', 'list'], { DDWORKSHOP_OFFLINE: '1' }, 30_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('progress.json was damaged: your lesson progress starts over');
    expect(readFileSync(join(project, '.ddworkshop/progress.json.damaged'), 'utf8')).toBe(
      '{"current": "03-purch',
    );
    // Said once: the file is whole again.
    const again = await runCli(project, ['lesson', 'list'], { DDWORKSHOP_OFFLINE: '1' }, 30_000);
    expect(again.stderr).not.toContain('damaged');
  });

  it('.env that is a folder is named, with what to do, and no stack trace', async () => {
    mkdirSync(join(project, '.env'));
    const run = await runCli(project, ['status'], {}, 30_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('.env is a folder, not a file');
    expect(run.stderr).toContain('./ddw setup');
    expect(run.stderr).not.toMatch(/EISDIR|\n\s+at /);
    expect(existsSync(join(project, '.env'))).toBe(true);
  });

  it('a port variable that is not a number names .env and the variable, not docker-compose.yml', async () => {
    writeFileSync(join(project, '.env'), 'WEBAPP_PORT=abc\n', { mode: 0o600 });
    const run = await runCli(project, ['status'], {}, 30_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('WEBAPP_PORT=abc: not a port number (from .env or the environment)');
    expect(run.stderr).not.toContain('Fix docker-compose.yml');
  });
});
