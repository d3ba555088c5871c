/**
 * How a line typed into cmd.exe or PowerShell reaches node through `ddw.cmd`, modelled from the
 * shells' documented rules, so printed commands are tested here for the shells students use:
 * - PowerShell tokenises the line itself, then (for a .cmd, also in 7.3+'s default "Windows" mode)
 *   builds the child's command line the legacy way: an argument with whitespace is wrapped in
 *   double quotes, any other goes bare — its quotes are gone. `--%` passes the rest verbatim.
 * - Windows runs a .cmd as `cmd.exe /c <line>`: cmd.exe treats an unquoted `<`, `>`, `|` or `&`
 *   as redirection or a pipe (`^` escapes), and so does the batch file's `%*` line once more.
 * - node reads its arguments with the Microsoft C runtime's rules (quotes, backslashes, `""`).
 */
export type Typed = { ok: true; argv: string[] } | { ok: false; why: string };

const PS_SPECIAL = /[$;(){},`|&<>]/;

/** PowerShell's tokens for a typed native-command line; `--%` keeps the rest verbatim. */
export function powershellTokens(line: string): { args: string[]; verbatim?: string } | { why: string } {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    if (line.startsWith('--%', i) && (line[i + 3] === ' ' || i + 3 === line.length))
      return { args, verbatim: line.slice(i + 4) };
    let word = '';
    let bare = '';
    while (i < line.length && line[i] !== ' ') {
      const c = line[i] as string;
      if (c === "'" || c === '"') {
        const end = line.indexOf(c, i + 1);
        if (end < 0) return { why: `unclosed ${c}` };
        if (c === '"' && /[$`]/.test(line.slice(i + 1, end))) return { why: 'expansion inside "…"' };
        word += line.slice(i + 1, end);
        i = end + 1;
      } else {
        word += c;
        bare += c;
        i++;
      }
    }
    if (PS_SPECIAL.test(bare) || bare.startsWith('@')) return { why: `PowerShell syntax in ${bare}` };
    args.push(word);
  }
  return { args };
}

/** PowerShell's legacy way of joining arguments for a native command. */
export function legacyCommandLine(args: string[], verbatim?: string): string {
  const words = args.map((a) => (a === '' || /\s/.test(a) ? `"${a}"` : a));
  return [...words, ...(verbatim !== undefined ? [verbatim] : [])].join(' ');
}

/** The first unquoted redirection or pipe cmd.exe would act on, if any. */
export function cmdOperator(line: string): string | undefined {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '^') i++;
    else if (!quoted && (c === '<' || c === '>' || c === '|' || c === '&')) return c;
  }
  return undefined;
}

/** The Microsoft C runtime's argv for a command line (what node sees in process.argv). */
export function msvcrtArgv(line: string): string[] {
  const argv: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let arg = '';
    let quoted = false;
    while (i < line.length && (quoted || (line[i] !== ' ' && line[i] !== '\t'))) {
      let slashes = 0;
      while (line[i] === '\\') {
        slashes++;
        i++;
      }
      if (line[i] === '"') {
        arg += '\\'.repeat(Math.floor(slashes / 2));
        if (slashes % 2 === 1) arg += '"';
        else if (quoted && line[i + 1] === '"') {
          arg += '"';
          i++;
        } else quoted = !quoted;
        i++;
      } else {
        arg += '\\'.repeat(slashes);
        if (i < line.length && !(!quoted && (line[i] === ' ' || line[i] === '\t'))) arg += line[i++];
      }
    }
    argv.push(arg);
  }
  return argv;
}

/** `ddw.cmd`'s `%*` line: cmd.exe parses the arguments once more before node gets them. */
function throughBatch(argsLine: string): Typed {
  const op = cmdOperator(argsLine);
  if (op) return { ok: false, why: `cmd.exe takes ${op} as an operator` };
  return { ok: true, argv: msvcrtArgv(argsLine) };
}

/** What node receives when the student types `.\ddw <rest>` into cmd.exe. */
export function typedInCmd(rest: string): Typed {
  return throughBatch(rest);
}

/** What node receives when the student types `.\ddw <rest>` into PowerShell. */
export function typedInPowerShell(rest: string): Typed {
  const tokens = powershellTokens(rest);
  if ('why' in tokens) return { ok: false, why: tokens.why };
  return throughBatch(legacyCommandLine(tokens.args, tokens.verbatim));
}

/** A POSIX shell's words for a line (single and double quotes): the intent. Refuses a `$` that sh
 * would expand inside double quotes or bare (`"… = $1"` loses its `$1`). */
export function posixWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      let inside = line.slice(i + 1, end);
      if (c === '"') {
        if (/(^|[^\\])\$[\w{(]/.test(inside)) throw new Error(`sh expands the $ in ${line}`);
        inside = inside.replace(/\\([$`"\\])/g, '$1');
      }
      word = (word ?? '') + inside;
      i = end;
    } else {
      if (c === '$') throw new Error(`sh expands the $ in ${line}`);
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
