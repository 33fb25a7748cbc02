import { ComposeError } from '../errors.ts';

export interface ShellWords {
  readonly words: readonly string[];
  /**
   * The text compose silently drops: everything from the first unquoted `;`, `&`, `|`, `<` or `>`
   * (with a redirection's file-descriptor digits, as in `2>err.log`). Absent when nothing is dropped.
   * The loader says so (Reporter.command), since the container will not run what the user wrote.
   */
  readonly dropped?: string;
}

const SEPARATOR = new Set([' ', '\t', '\r', '\n']);
const CONTROL = new Set([';', '&', '|', '<', '>']);

/**
 * Splits a string `command`/`entrypoint` into words the way compose does (mattn/go-shellwords with
 * variable and backtick expansion off): single quotes are literal; outside them a backslash takes the
 * next character literally, except that `\t` and `\n` become tab and newline; `$(…)` and `` `…` ``
 * are kept verbatim as part of a word; an unquoted `(` that does not follow `$`, or a `)` that closes
 * nothing, is an error. Unterminated quotes and a trailing backslash are errors too.
 */
export function parseShellWords(text: string): ShellWords {
  const words: string[] = [];
  const fail = (): never => {
    throw new ComposeError(`invalid command line string: ${JSON.stringify(text)}`);
  };
  let word = '';
  /** A word is open once any character or quote pair was read, so `""` yields an empty word. */
  let open = false;
  let escaped = false;
  let single = false;
  let double = false;
  let backtick = false;
  let substitution = false;
  let offset = 0;

  for (const char of text) {
    const at = offset;
    offset += char.length;
    if (escaped) {
      escaped = false;
      word += backtick || substitution ? `\\${char}` : char === 't' ? '\t' : char === 'n' ? '\n' : char;
      open = true;
      continue;
    }
    if (char === '\\') {
      if (single) word += char;
      else escaped = true;
      continue;
    }
    const quoted = single || double || backtick || substitution;
    if (SEPARATOR.has(char)) {
      if (quoted) word += char;
      else if (open) {
        words.push(word);
        word = '';
        open = false;
      }
      continue;
    }
    if (char === '"' && !single && !substitution && !backtick) {
      double = !double;
      open = true;
      continue;
    }
    if (char === "'" && !double && !substitution && !backtick) {
      single = !single;
      open = true;
      continue;
    }
    if (char === '`' && !single && !double && !substitution) backtick = !backtick;
    else if (char === '(' && !single && !double && !backtick) {
      if (substitution || !word.endsWith('$') || word.endsWith('\\$')) fail();
      substitution = true;
    } else if (char === ')' && !single && !double && !backtick) {
      if (!substitution) fail();
      substitution = false;
    } else if (CONTROL.has(char) && !quoted) {
      // `2>file` redirects a descriptor: its digits belong to the dropped text, not to a word.
      const descriptor = char === '>' && /^[0-9]+$/.test(word);
      if (open && !descriptor) words.push(word);
      return { words, dropped: text.slice(descriptor ? at - word.length : at) };
    }
    word += char;
    open = true;
  }

  if (escaped || single || double || backtick || substitution) fail();
  if (open) words.push(word);
  return { words };
}
