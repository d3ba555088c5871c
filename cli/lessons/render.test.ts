import { describe, expect, it } from 'vitest';
import { drillSummary } from '../drills/drill-state.js';
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

  it('keeps a drill running in view, under what to do now, on a small screen too', () => {
    const drill = drillSummary(
      { name: 'slow-users', seed: 1, startedAt: '2026-12-03T10:00:00.000Z', flags: {}, tries: 0 },
      Date.parse('2026-12-03T10:03:05.000Z'),
    );
    expect(drill).toMatch(/^Drill slow-users running for 3 min 5 s — .*drill answer/);
    const screen = renderScreen(
      { lesson, total: 5, text: 'line\n'.repeat(80), phase: 'idle', results: [], note: '', scroll: 0, drill },
      { columns: 60, rows: 14 },
    );
    const plain = screen.join('\n').replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toContain('Drill slow-users running');
    expect(screen.length).toBeLessThanOrEqual(14);
    expect(
      drillSummary(
        {
          name: 'x',
          seed: 1,
          startedAt: '2026-12-03T10:00:00.000Z',
          solvedAt: '2026-12-03T10:01:00.000Z',
          flags: {},
          tries: 1,
        },
        0,
      ),
    ).toMatch(/solved in 1 min 0 s/);
    expect(
      drillSummary(
        { name: 'x', seed: 1, startedAt: '2026-12-03T10:00:00.000Z', stoppedAt: 'x', flags: {}, tries: 0 },
        0,
      ),
    ).toBeUndefined();
  });
});
