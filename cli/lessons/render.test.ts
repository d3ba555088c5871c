import { describe, expect, it } from 'vitest';
import { renderScreen } from './guided-screen.js';
import { parseHints } from './render.js';

describe('parseHints', () => {
  it('splits top-level items and keeps continuation lines', () => {
    expect(parseHints('Intro\n- first\n  more of it\n- second\n')).toEqual(['first\nmore of it', 'second']);
    expect(parseHints('no list here')).toEqual([]);
  });
});

describe('renderScreen', () => {
  const lesson = {
    number: 2,
    slug: '02-x',
    title: 'Purchase',
    solution: { traffic: [], commands: [], files: [] },
    dir: '/l',
  };
  it('shows the lesson, each check and what to do next', () => {
    const screen = renderScreen({
      lesson,
      total: 5,
      text: '# Purchase\nAdd `POST /purchase`.',
      phase: 'failed',
      results: [
        { title: 'answers 201', ok: true, durationMs: 3 },
        { title: 'validates', ok: false, message: 'quantity 0 accepted', hint: 'check it', durationMs: 4 },
      ],
      note: '',
      scroll: 0,
    });
    const plain = screen.join('\n').replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toContain('Lesson 2/5: Purchase');
    expect(plain).toContain('✔ answers 201');
    expect(plain).toContain('✖ validates\n  quantity 0 accepted\n  → check it');
    expect(plain).toContain('Not yet');
    expect(plain).toContain('[h]int');
  });
});
