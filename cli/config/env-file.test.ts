import { describe, expect, it } from 'vitest';
import { parseEnvFile, updateEnvText } from './env-file.js';

describe('parseEnvFile', () => {
  it.each([
    ['A=1', { A: '1' }],
    ['export A=1', { A: '1' }],
    ['A = spaced ', { A: 'spaced' }],
    ["A='single # kept $X'", { A: 'single # kept $X' }],
    ['A="double \\"q\\" \\n"', { A: 'double "q" \n' }],
    ['A=value # comment', { A: 'value' }],
    ['A=value#not-a-comment', { A: 'value#not-a-comment' }],
    ['A=', { A: '' }],
    ['# comment\n\nB=2\r\nC=3', { B: '2', C: '3' }],
    ['\uFEFFA=bom', { A: 'bom' }],
  ])('parses %j', (text, expected) => {
    const { values, errors } = parseEnvFile(text);
    expect(errors).toEqual([]);
    expect(values).toEqual(expected);
  });

  it('reports bad lines by number and keeps the good ones', () => {
    const { values, errors } = parseEnvFile('GOOD=1\nno equals here\n1BAD=2\nQ="open\nLAST=ok');
    expect(values).toEqual({ GOOD: '1', LAST: 'ok' });
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(errors[2]?.message).toContain('unterminated quote');
  });
});

describe('updateEnvText', () => {
  it('replaces in place, keeps comments and order, appends new keys', () => {
    const text = '# Datadog\nDD_API_KEY=old\nDD_SITE=datadoghq.com\nOTHER=keep\n';
    const out = updateEnvText(text, { DD_API_KEY: 'new', DD_APP_KEY: 'app' });
    expect(out).toBe('# Datadog\nDD_API_KEY=new\nDD_SITE=datadoghq.com\nOTHER=keep\nDD_APP_KEY=app\n');
  });

  it('comments out keys set to undefined (the student’s line stays visible) and quotes values that need it', () => {
    const out = updateEnvText('A=1\nB=2\n', { A: undefined, B: 'has space "q"' });
    expect(out).toBe('# A=1  (turned off by ddworkshop setup)\nB="has space \\"q\\""\n');
    expect(parseEnvFile(out).values).toEqual({ B: 'has space "q"' });
  });

  it('round-trips through the parser', () => {
    const values = { K1: 'plain', K2: 'with # hash and spaces', K3: 'line\nbreak', K4: '' };
    expect(parseEnvFile(updateEnvText('', values)).values).toEqual(values);
  });
});
