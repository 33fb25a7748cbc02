/*
 * The scalar forms the simple YAML reader (yaml-simple.ts) reads itself: quoted scalars on one
 * line and block scalars (`|`, `>`), each exactly as the yaml library reads them, or declined.
 */

/** Thrown to abandon the fast path; never leaves the simple reader. */
export class Unsupported {}

export function unsupported(): never {
  throw new Unsupported();
}

export interface Inline {
  readonly value: string;
  /** Column just after the scalar. */
  readonly end: number;
}

/** A single- or double-quoted scalar closed on its line. */
export function quotedScalar(text: string, column: number): Inline {
  return text[column] === '"' ? doubleQuoted(text, column) : singleQuoted(text, column);
}

function singleQuoted(text: string, column: number): Inline {
  let value = '';
  let from = column + 1;
  while (true) {
    const close = text.indexOf("'", from);
    if (close < 0) unsupported();
    value += text.slice(from, close);
    if (text[close + 1] !== "'") return { value, end: close + 1 };
    value += "'";
    from = close + 2;
  }
}

/* YAML 1.2's escapes of one character (`\x`, `\u` and `\U` take hex digits). */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/',
  '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

function doubleQuoted(text: string, column: number): Inline {
  let value = '';
  let from = column + 1;
  for (let index = from; index < text.length; index++) {
    const char = text[index];
    if (char === '"') return { value: value + text.slice(from, index), end: index + 1 };
    if (char !== '\\') continue;
    value += text.slice(from, index);
    const code = text[index + 1] ?? unsupported();
    const digits = HEX_DIGITS[code];
    if (digits === undefined) {
      value += ESCAPES[code] ?? unsupported();
      index += 1;
    } else {
      value += fromHex(text.slice(index + 2, index + 2 + digits), digits);
      index += 1 + digits;
    }
    from = index + 1;
  }
  return unsupported();
}

/** The character `hex` names; a surrogate half or a value past Unicode is left to the library. */
function fromHex(hex: string, digits: number): string {
  if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) unsupported();
  const code = Number.parseInt(hex, 16);
  if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) unsupported();
  return String.fromCodePoint(code);
}

/** A block scalar and the line after its last one. */
export interface BlockScalar {
  readonly value: string;
  readonly after: number;
}

/**
 * The block scalar whose header (`|`, `>`, `|-`, `>-`, then spaces or a comment) is at `column` of
 * `lines[line]`, in a block indented at `parentIndent`. Its content is indented as its first line
 * that is not blank; declined: explicit indentation, keep chomping (`+`), an empty scalar and
 * blank lines holding more spaces than the content's indentation, where the rules are subtle.
 */
export function blockScalar(lines: readonly string[], indents: readonly number[], line: number, column: number, parentIndent: number): BlockScalar {
  const header = lines[line] ?? '';
  const folded = header[column] === '>';
  let position = column + 1;
  const strip = header[position] === '-';
  if (strip) position++;
  const rest = position;
  while (header.charCodeAt(position) === 32) position++;
  if (position < header.length && !(header[position] === '#' && position > rest)) unsupported();

  let first = line + 1;
  while (first < lines.length && indents[first] === lines[first]!.length) first++;
  const indent = indents[first] ?? 0;
  if (first === lines.length || indent <= parentIndent) unsupported();
  const content: string[] = [];
  for (let blank = line + 1; blank < first; blank++) {
    if (indents[blank]! > indent) unsupported();
    content.push('');
  }
  let after = first;
  let lastContent = first;
  for (; after < lines.length; after++) {
    const text = lines[after]!;
    const spaces = indents[after]!;
    if (spaces === text.length) {
      if (spaces > indent) unsupported();
      content.push('');
      continue;
    }
    if (spaces < indent) break;
    content.push(text.slice(indent));
    lastContent = after;
  }
  // Blank lines after the last content line are trailing: chomping drops them.
  const kept = content.slice(0, content.length - (after - 1 - lastContent));
  const body = folded ? fold(kept) : kept.join('\n');
  return { value: strip ? body : `${body}\n`, after: lastContent + 1 };
}

/**
 * Folding: the line break between two lines of text becomes a space, or goes when blank lines
 * follow it (each of which is a line break); around a line indented further than the others, line
 * breaks are kept.
 */
function fold(lines: readonly string[]): string {
  let value = '';
  let blanks = 0;
  let previous: string | undefined;
  for (const line of lines) {
    if (line === '') {
      blanks++;
      continue;
    }
    if (previous === undefined) value += '\n'.repeat(blanks);
    else if (previous[0] !== ' ' && line[0] !== ' ') value += blanks === 0 ? ' ' : '\n'.repeat(blanks);
    else value += '\n'.repeat(blanks + 1);
    value += line;
    blanks = 0;
    previous = line;
  }
  return value;
}
