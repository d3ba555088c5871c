/**
 * The one table renderer of the CLI: left-aligned columns two spaces apart, widths measured on
 * the text a person sees (colour codes and wide characters counted as displayed). Pure.
 */
import stringWidth from 'string-width';

export function renderTable(
  header: string[],
  rows: string[][],
  { align = [] }: { align?: Array<'left' | 'right'> } = {},
): string {
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const pad = (cell: string, i: number) => {
    const fill = ' '.repeat(Math.max(0, (widths[i] ?? 0) - stringWidth(cell)));
    return align[i] === 'right' ? fill + cell : cell + fill;
  };
  const line = (cells: string[]) =>
    header
      .map((_, i) => pad(cells[i] ?? '', i))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
