import { ComposeError } from '../errors.ts';
import type { VariableUse } from '../model.ts';
import { interpolate, type Lookup } from './interpolation.ts';
import { locationAt } from '../read/text-location.ts';

/** Blanks that separate tokens on one line (compose-go's `isSpace`: never a line break). */
const BLANK = /[\t\v\f\r \u0085\u00a0]/;
const EXPORT = /export[\t\n\f\r ]+/y;
/** Characters compose-go accepts in a key besides letters and digits. */
const KEY_PUNCTUATION = new Set(['_', '.', '-', '[', ']']);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** Escapes honoured inside double quotes; others (`\x41`, `\u00e9`, `\ `) stay as written. */
const ESCAPE = /\\(?:[abcfnrtv$"\\]|0\d{0,3})/g;
const SIMPLE_ESCAPES: Readonly<Partial<Record<string, string>>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
  // `$$` survives into interpolation as a literal `$`.
  $: '$$',
};

/**
 * Parses .env text as compose-go's dotenv package does: `#` comment lines, an optional `export`
 * prefix, `KEY=VALUE` or `KEY: VALUE`, single quotes (literal but for `\'`), double quotes (escapes,
 * then interpolation), unquoted values (cut at ` #`, trimmed, then interpolation), quoted values
 * spanning lines, and a bare `KEY` that inherits `lookup(KEY)` or stays unset. A leading BOM is
 * ignored. Interpolation resolves a name through `lookup` first and the keys already read from this
 * file second, which is compose-go's order: the caller's environment wins.
 */
export function parseDotenv(text: string, file: string, lookup: Lookup): Map<string, string> {
  return readDotenv(text, file, lookup).values;
}

export interface Dotenv {
  readonly values: Map<string, string>;
  /**
   * The variables substituted into each value that used any, as the compose file's values record
   * them (`Service.interpolated`): `DB_CONN=${POSTGRES_PASSWORD}` used POSTGRES_PASSWORD, whether
   * the caller's environment or a key above it in the file gave it. A key of the file used this way
   * brings what it used itself (`A=${B}` after `B=x${DB_PASSWORD}` used B and DB_PASSWORD), so that a
   * value built from a secret through another key is known to carry it.
   */
  readonly uses: Map<string, readonly VariableUse[]>;
}

/** parseDotenv, with the variables each value used. */
export function readDotenv(text: string, file: string, lookup: Lookup): Dotenv {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const values = new Map<string, string>();
  const uses = new Map<string, readonly VariableUse[]>();
  const resolve: Lookup = (name) => lookup(name) ?? values.get(name);
  /** The uses of one value, with those of the file's own keys it used (compose-go's order: the caller's environment first). */
  const record = (key: string, used: readonly VariableUse[]): void => {
    const all: VariableUse[] = [];
    for (const use of used) {
      all.push(use);
      if (!use.unset && !use.defaulted && lookup(use.name) === undefined) all.push(...(uses.get(use.name) ?? []));
    }
    if (all.length > 0) uses.set(key, all);
    else uses.delete(key);
  };
  const fail = (message: string, offset: number, key?: string): never => {
    throw new ComposeError(message, locationAt(source, offset, file), key);
  };

  let position = statementStart(source, 0);
  while (position >= 0) {
    const statement = readKey(source, position, fail);
    if (statement.inherited) {
      const inherited = lookup(statement.key);
      if (inherited !== undefined) values.set(statement.key, inherited);
      uses.delete(statement.key);
      position = statementStart(source, statement.next);
      continue;
    }
    const value = readValue(source, statement.next, statement.key, resolve, fail);
    values.set(statement.key, value.text);
    record(statement.key, value.uses);
    position = statementStart(source, value.next);
  }
  return { values, uses };
}

type Fail = (message: string, offset: number, key?: string) => never;

/** Offset of the next statement, skipping blank space and `#` comment lines; -1 at the end. */
function statementStart(source: string, from: number): number {
  let position = from;
  for (;;) {
    while (position < source.length && /\s/.test(source.charAt(position))) position++;
    if (position >= source.length) return -1;
    if (source[position] !== '#') return position;
    const lineEnd = source.indexOf('\n', position);
    if (lineEnd < 0) return -1;
    position = lineEnd;
  }
}

interface KeyStatement {
  readonly key: string;
  /** Where the value starts (after blanks), or the next line for an inherited key. */
  readonly next: number;
  readonly inherited: boolean;
}

function readKey(source: string, start: number, fail: Fail): KeyStatement {
  EXPORT.lastIndex = start;
  let position = start + (EXPORT.exec(source)?.[0].length ?? 0);
  while (position < source.length && BLANK.test(source.charAt(position))) position++;
  const keyStart = position;
  for (; position < source.length; position++) {
    const char = source.charAt(position);
    if (char === '=' || char === ':' || char === '\n') {
      return keyStatement(source, keyStart, position, char === '\n', fail);
    }
    if (!BLANK.test(char) && !KEY_PUNCTUATION.has(char) && !LETTER_OR_DIGIT.test(char)) {
      fail(`unexpected character ${JSON.stringify(char)} in variable name`, position);
    }
  }
  // compose-go mis-reads a bare key on the last line without a newline; it means the same as with one.
  return keyStatement(source, keyStart, position, true, fail);
}

function keyStatement(source: string, keyStart: number, end: number, inherited: boolean, fail: Fail): KeyStatement {
  const key = source.slice(keyStart, end).trimEnd();
  if (BLANK.test(key)) fail(`key cannot contain a space: ${JSON.stringify(key)}`, keyStart);
  let next = end + 1;
  if (!inherited) while (next < source.length && BLANK.test(source.charAt(next))) next++;
  return { key, next, inherited };
}

interface Value {
  readonly text: string;
  readonly next: number;
  /** The variables interpolation substituted into it, in evaluation order. */
  readonly uses: readonly VariableUse[];
}

function readValue(source: string, start: number, key: string, resolve: Lookup, fail: Fail): Value {
  let uses: readonly VariableUse[] = [];
  const expand = (text: string): string => {
    try {
      const interpolated = interpolate(text, resolve);
      uses = interpolated.variables;
      return interpolated.value;
    } catch (error) {
      if (error instanceof ComposeError) fail(error.message, start, key);
      throw error;
    }
  };

  const quote = source[start];
  if (quote !== '"' && quote !== "'") {
    const found = source.indexOf('\n', start);
    const lineEnd = found < 0 ? source.length : found;
    const line = source.slice(start, lineEnd);
    // Only ` #` starts a comment, so `color=#fff` and `id=a#1` keep their `#`.
    const comment = line.indexOf(' #');
    const text = expand((comment < 0 ? line : line.slice(0, comment)).trimEnd());
    return { text, next: lineEnd, uses };
  }

  const close = closingQuote(source, start, quote);
  if (close < 0) fail(`unterminated quoted value for ${key || 'an empty key'}`, start, key);
  const raw = source.slice(start + 1, close);
  const text = quote === "'" ? raw.replaceAll("\\'", "'") : expand(raw.replace(ESCAPE, unescape));
  return { text, next: close + 1, uses };
}

/** The quote ending a value opened at `start`: the first one not escaped by an odd run of backslashes. */
function closingQuote(source: string, start: number, quote: string): number {
  for (let position = source.indexOf(quote, start + 1); position >= 0; position = source.indexOf(quote, position + 1)) {
    let backslashes = 0;
    while (source[position - 1 - backslashes] === '\\' && position - 1 - backslashes > start) backslashes++;
    if (backslashes % 2 === 0) return position;
  }
  return -1;
}

/**
 * One escape as compose-go decodes it: `\0` plus exactly three octal digits is a character;
 * a malformed octal escape loses its `0` (compose-go rewrites `\0` to `\` before decoding).
 */
function unescape(match: string): string {
  const escaped = match.slice(1);
  if (!escaped.startsWith('0')) return SIMPLE_ESCAPES[escaped] ?? match;
  const digits = escaped.slice(1);
  const code = Number.parseInt(digits, 8);
  return /^[0-7]{3}$/.test(digits) && code <= 0xff ? String.fromCharCode(code) : `\\${digits}`;
}

