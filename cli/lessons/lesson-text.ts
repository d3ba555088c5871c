/**
 * Lesson text for the terminal: Markdown (filled by lesson-facts.ts) rendered for the terminal
 * (tables, lists, code) at the terminal's width with marked-terminal. Pure. Apart from
 * lesson-facts.ts because marked-terminal loads highlight.js's every language (~0.35 s): only the
 * commands that show text import this module.
 */
import chalk from 'chalk';
import Table from 'cli-table3';
import { Marked, type MarkedExtension, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

function terminalMarked(width: number): Marked {
  const marked = new Marked(
    markedTerminal({
      width,
      reflowText: true,
      tab: 2,
      firstHeading: chalk.bold,
      heading: chalk.bold,
      codespan: chalk.cyan,
      code: chalk.cyan,
      showSectionPrefix: false,
      // @types/marked-terminal describes an older API: the extension object is what marked takes.
    }) as unknown as MarkedExtension,
  );
  // Tight list items hold inline tokens that marked-terminal would print raw (`code`, **bold**);
  // its tables take their natural width, wider than a laptop's terminal.
  marked.use({
    renderer: {
      table(token) {
        // marked-terminal hides colons from its emoji pass; it restores them only in its own renderers.
        const cell = (c: Tokens.TableCell) => this.parser.parseInline(c.tokens).replaceAll('*#COLON|*', ':');
        return `${fittedTable(
          token.header.map(cell),
          token.rows.map((r) => r.map(cell)),
          width,
        )}\n\n`;
      },
      text(token) {
        // Soft line breaks inside an item become spaces, so the item reflows as one paragraph.
        return typeof token === 'object' && 'tokens' in token && token.tokens
          ? this.parser.parseInline(token.tokens).replace(/ *\n */g, ' ')
          : false;
      },
    },
  });
  return marked;
}

/** Column widths that fit `width`: natural ones when they fit, else the wide columns shrink. Pure. */
export function fitColumns(natural: number[], width: number): number[] {
  const out = [...natural];
  let open = natural.map((_, i) => i);
  let available = width - (natural.length + 1);
  // Water-filling: columns narrower than an equal share keep their width; the rest share what is left.
  for (;;) {
    const share = Math.floor(available / Math.max(1, open.length));
    const small = open.filter((i) => (natural[i] ?? 0) <= share);
    if (small.length === 0) {
      for (const i of open) out[i] = Math.max(4, share);
      return out;
    }
    for (const i of small) available -= natural[i] ?? 0;
    open = open.filter((i) => !small.includes(i));
    if (open.length === 0) return out;
  }
}

/** Wraps a line that is too wide, continuing at its own indentation (list items stay lists). */
function wrapLine(line: string, width: number): string {
  if (stringWidth(line) <= width) return line;
  const indent = /^\s*(?:[*-]|\d+\.)?\s*/.exec(line.replace(/\x1b\[[0-9;]*m/g, ''))?.[0].length ?? 0;
  const pad = ' '.repeat(Math.min(indent, Math.floor(width / 2)));
  const [first = '', ...rest] = wrapAnsi(line, width, { hard: true, trim: false }).split('\n');
  const tail = rest.map((l) => l.trim()).join(' ');
  return tail
    ? [
        first,
        ...wrapAnsi(tail.trimStart(), width - pad.length, { hard: true })
          .split('\n')
          .map((l) => pad + l),
      ].join('\n')
    : first;
}

function fittedTable(head: string[], rows: string[][], width: number): string {
  const natural = head.map(
    (h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))) + 2,
  );
  const widths = fitColumns(natural, width);
  // Cells are wrapped here (words first, long names broken), never cut short with "…".
  const wrap = (text: string, i: number) => wrapAnsi(text, Math.max(1, (widths[i] ?? 3) - 2), { hard: true });
  const table = new Table({
    head: head.map((h, i) => chalk.bold(wrap(h, i))),
    colWidths: widths,
    style: { head: [], border: ['gray'] },
  });
  table.push(...rows.map((r) => r.map(wrap)));
  return table.toString();
}

/** Markdown -> terminal text no wider than `width` (tables fitted, lists and code kept). */
export function renderMarkdown(text: string, width = 80): string {
  const columns = Math.max(40, width);
  const out = terminalMarked(columns).parse(text, { async: false });
  // marked-terminal reflows paragraphs only: list items are wrapped here.
  return out
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()
    .split('\n')
    .map((line) => wrapLine(line, columns))
    .join('\n');
}

/** The first `shown` hints, numbered, as terminal text. */
export function renderHints(hints: string[], shown: number, width = 80): string {
  return hints
    .slice(0, shown)
    .map((hint, i) => `${chalk.yellow(`Hint ${i + 1}/${hints.length}`)} ${renderMarkdown(hint, width)}`)
    .join('\n');
}
