/**
 * Where JSON.parse failed, as a person reads a file: line and column, and the line itself with a
 * caret. Node 22+ says "(line L column C)"; Node 20 says "at position N", or for an unexpected
 * token nothing at all — then the yaml package (JSON is YAML's flow subset) locates it. Pure.
 */
import { parseDocument } from 'yaml';

function lineColumn(text: string, message: string): { line: number; column: number } | undefined {
  const both = /line (\d+) column (\d+)/.exec(message);
  if (both) return { line: Number(both[1]), column: Number(both[2]) };
  const at = /position (\d+)/.exec(message);
  if (at) {
    const before = text.slice(0, Math.min(Number(at[1]), text.length));
    return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
  }
  const located = parseDocument(text).errors[0]?.linePos?.[0];
  return located ? { line: located.line, column: located.col } : undefined;
}

export function describeJsonError(text: string, message: string): string {
  const where = lineColumn(text, message);
  // Node 20 quotes the whole text for an unexpected token: keep only the reason.
  const reason = message
    .replace(/, (\.\.\.)?"[\s\S]*" is not valid JSON$/, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
  if (!where) return reason;
  const source = (text.split('\n')[where.line - 1] ?? '').replace(/\r$/, '');
  return `${reason} at line ${where.line}, column ${where.column}:\n    ${source}\n    ${' '.repeat(Math.max(0, where.column - 1))}^`;
}
