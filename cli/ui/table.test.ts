import { describe, expect, it } from 'vitest';
import { renderTable } from './table.js';

describe('renderTable', () => {
  it('pads each column to its widest cell, two spaces apart, no trailing spaces', () => {
    const out = renderTable(
      ['SERVICE', 'STATE'],
      [
        ['postgres', 'running'],
        ['webapp', 'exited'],
      ],
    );
    expect(out.split('\n')).toEqual(['SERVICE   STATE', 'postgres  running', 'webapp    exited']);
  });

  it('treats a missing cell as empty', () => {
    expect(renderTable(['A', 'B'], [['x']])).toBe('A  B\nx');
  });
});
