/**
 * The README and docs/ link to each other by file and heading: every relative link must name a
 * file that exists and, with `#…`, a heading in it (GitHub's anchors).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
const files = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(repo, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's heading anchor: lowercased, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(join(repo, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1] ?? '')));
}

describe('documentation links', () => {
  it('README stays short: the rest lives in docs/', () => {
    expect(readFileSync(join(repo, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(250);
  });

  it.each(files)('%s links only to files and headings that exist', (file) => {
    const text = readFileSync(join(repo, file), 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [path = '', hash] = target.split('#');
      const linked = path ? join(dirname(file), path) : file;
      if (!existsSync(join(repo, linked))) broken.push(`${target}: no file ${linked}`);
      else if (hash && linked.endsWith('.md') && !anchors(linked).has(hash))
        broken.push(`${target}: no heading #${hash}`);
    }
    expect(broken).toEqual([]);
  });
});
