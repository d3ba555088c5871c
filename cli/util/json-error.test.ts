import { describe, expect, it } from 'vitest';
import { describeJsonError } from './json-error.js';

const parseError = (text: string) => {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parsed');
};

describe('describeJsonError', () => {
  it('gives the line, the column and the line with a caret, from Node’s own message', () => {
    const text = '{\n  "title": "Business",\n  "widgets" []\n}';
    const described = describeJsonError(text, parseError(text));
    expect(described).toMatch(/at line 3, column 13:/);
    expect(described).toContain('      "widgets" []\n                ^');
    expect(described).not.toContain('is not valid JSON');
  });

  it('keeps a message without a position as it is', () => {
    expect(describeJsonError('', 'Unexpected end of JSON input')).toBe('Unexpected end of JSON input');
  });
});
