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

describe('renderTable with colours', () => {
  it('measures what is displayed, so coloured cells line up under their headers', () => {
    const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
    const out = renderTable(
      ['FOUND', 'LATEST', 'POINTS'],
      [
        [red('no'), '-', '0'],
        ['yes', '12.5', '3'],
      ],
    );
    const plain = out.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
    expect(plain).toEqual(['FOUND  LATEST  POINTS', 'no     -       0', 'yes    12.5    3']);
  });
});
