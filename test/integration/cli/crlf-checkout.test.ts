/**
 * A Windows checkout: Git for Windows clones with core.autocrlf=true, and Docker Desktop gets
 * build contexts packed on Windows (no execute bits). Cloned that way here, every text file but
 * the batch launcher is LF, the build contexts pack with runnable scripts and searchable folders,
 * and lessons 2–9's solutions apply to the cloned webapp.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pack } from 'tar-fs';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFilter } from '../../../cli/docker/build-image.js';
import { tarModes } from '../../../cli/docker/tar-modes.js';
import { parseCourse } from '../../../cli/lessons/course.js';
import { applySolutionsInOrder, webappFiles } from '../../../cli/lessons/solutions-in-order.js';

const repo = resolve(import.meta.dirname, '../../..');
let clone: string;

beforeAll(() => {
  clone = join(mkdtempSync(join(tmpdir(), 'ddw-crlf-')), 'workshop');
  execFileSync('git', ['-c', 'core.autocrlf=true', 'clone', '--quiet', '--no-hardlinks', repo, clone]);
});
afterAll(() => rmSync(resolve(clone, '..'), { recursive: true, force: true }));

function tracked(): string[] {
  return execFileSync('git', ['ls-files'], { cwd: clone, encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** Windows modes as Node reports them there: 0666 for files and folders alike. */
function windowsModes(dir: string): void {
  chmodSync(dir, 0o666);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) windowsModes(path);
    else if (entry.isFile()) chmodSync(path, 0o666);
  }
}

async function packed(context: string, os: NodeJS.Platform) {
  const map = tarModes(os);
  const tar = pack(context, { ignore: contextFilter(context), ...(map ? { map } : {}) });
  const entries = new Map<string, { mode: number; type: string; text: string }>();
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c) => chunks.push(c as Buffer));
    stream.on('end', () => {
      entries.set(header.name, {
        mode: header.mode ?? 0,
        type: header.type ?? 'file',
        text: Buffer.concat(chunks).toString('utf8'),
      });
      next();
    });
  });
  await new Promise<void>((done, fail) => {
    reader.on('finish', done);
    reader.on('error', fail);
    tar.pipe(reader);
  });
  return entries;
}

describe('a checkout with core.autocrlf=true (Git for Windows’ default)', () => {
  it('has LF in every text file but the batch launcher', () => {
    const crlf = tracked().filter((file) => {
      const data = readFileSync(join(clone, file));
      return !data.includes(0) && data.includes('\r\n');
    });
    expect(crlf).toEqual(['ddw.cmd']);
    expect(readFileSync(join(clone, 'intake/agent'), 'utf8')).toMatch(/^#!\/bin\/sh\n/);
  });

  it('packs the intake’s and the webapp’s build contexts with runnable scripts and searchable folders, as Windows would send them', async () => {
    // On Windows the files already have Windows' modes; elsewhere they are given them.
    if (process.platform !== 'win32')
      for (const context of ['intake', 'webapp']) windowsModes(join(clone, context));
    const intake = await packed(join(clone, 'intake'), 'win32');
    expect(intake.get('agent')?.mode).toBe(0o755);
    expect(intake.get('agent')?.text).not.toContain('\r');
    const folders = [...intake.values()].filter((e) => e.type === 'directory');
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) expect(folder.mode & 0o111).toBe(0o111);
    const webapp = await packed(join(clone, 'webapp'), 'win32');
    expect(webapp.get('Dockerfile')?.mode).toBe(0o755);
    // Packed with the files' own modes (as on Linux and macOS), the script would not run.
    const asRead = await packed(join(clone, 'intake'), 'linux');
    expect((asRead.get('agent')?.mode ?? 0) & 0o111).toBe(0);
    expect(statSync(join(clone, 'intake/agent')).mode & 0o777).toBe(0o666);
  });

  it('takes lessons 2–9’s solutions, in order', () => {
    const course = parseCourse(
      readFileSync(join(clone, 'lessons/course.yaml'), 'utf8'),
      join(clone, 'lessons'),
    );
    const applied = applySolutionsInOrder(course, webappFiles(clone), (slug, _before, after) =>
      expect(after, slug).toBe(true),
    );
    expect(applied).toBeGreaterThanOrEqual(5);
  });
});
