import { newMapping, originSetter, type Mapping, type Tree } from './tree.ts';
import { resolvePlainScalar } from './yaml-scalars.ts';

/*
 * A reader for the plain shape most Compose files have (and generated ones always have): block
 * mappings and sequences of single-line scalars, one-line flow sequences of scalars, `{}`, comments.
 * It builds the same tree, with the same origins, as the yaml library and the loader's walker,
 * in a fraction of their time, and gives up (returns undefined) on anything else: errors,
 * anchors, aliases, tags, merge keys, block or multi-line scalars, escapes, flow mappings,
 * documents markers, tabs, non-ASCII text. The caller then parses with the library, so every
 * message and every rarely used feature keeps coming from one place.
 */
export function parseSimpleYaml(text: string, file: string): Mapping | undefined {
  if (UNSUPPORTED_CHARACTER.test(text)) return undefined;
  try {
    return new SimpleReader(text, file).read();
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/* Tabs, carriage returns, BOM, other controls and non-ASCII characters all take the full parser. */
const UNSUPPORTED_CHARACTER = /[^\n\x20-\x7e]/;

/** Thrown to abandon the fast path; never leaves this module. */
class Unsupported {}

function unsupported(): never {
  throw new Unsupported();
}

/** Plain keys: the characters of service, variable and label names, nothing YAML gives a meaning. */
const PLAIN_KEY = /^[A-Za-z0-9_$/][A-Za-z0-9_$/.@+=-]*$/;
/** Plain scalars inside `[...]`: no spaces, flow indicators, comments or `:`. */
const FLOW_PLAIN = /^(?:[A-Za-z0-9_$/.~+=]|-(?=[A-Za-z0-9_$/.~+=]))[A-Za-z0-9_$/.~+=@-]*$/;
/** Characters a block plain scalar cannot start with here (`-` only when a space follows). */
const PLAIN_START_INDICATORS = new Set('?:,[]{}#&*!|>\'"%@`');
const MAX_KEY_LENGTH = 1000;
const MAX_DEPTH = 100;
const NO_LINE = -1;

interface Inline {
  readonly value: Tree;
  /** Column just after the value. */
  readonly end: number;
}

class SimpleReader {
  private readonly lines: string[];
  private readonly indents: number[] = [];
  /** Whether a line holds only spaces or a comment. */
  private readonly empty: boolean[] = [];

  /** Records the origin of `container[key]`: its line and column are 1-based, the reader's 0-based. */
  private readonly setOrigin: (container: object, key: string | number, line: number, column: number) => void;

  constructor(text: string, file: string) {
    this.setOrigin = originSetter(file);
    this.lines = text.split('\n');
    for (const line of this.lines) {
      let indent = 0;
      while (line.charCodeAt(indent) === 32) indent++;
      this.indents.push(indent);
      this.empty.push(indent === line.length || line[indent] === '#');
      if (indent === 0 && (line.startsWith('---') || line.startsWith('...') || line.startsWith('%'))) unsupported();
    }
  }

  read(): Mapping | undefined {
    const first = this.nextContent(0);
    if (first === NO_LINE || this.indents[first] !== 0 || this.isSequenceEntry(first)) return undefined;
    const [root, after] = this.mapping(first, 0, false, 0);
    if (after !== NO_LINE) unsupported();
    return root;
  }

  /** The first line at or after `line` with content, or NO_LINE. */
  private nextContent(line: number): number {
    while (line < this.lines.length && this.empty[line]) line++;
    return line < this.lines.length ? line : NO_LINE;
  }

  private isSequenceEntry(line: number): boolean {
    const text = this.lines[line] ?? '';
    const indent = this.indents[line] ?? 0;
    return text[indent] === '-' && (indent + 1 === text.length || text[indent + 1] === ' ');
  }

  /** A block node starting on `line` at its indentation; returns it and the next content line. */
  private block(line: number, depth: number, key?: string): [Tree, number] {
    if (depth > MAX_DEPTH) unsupported();
    const indent = this.indents[line] ?? 0;
    return this.isSequenceEntry(line) ? this.sequence(line, indent, depth) : this.mapping(line, indent, false, depth, key);
  }

  /**
   * A block mapping whose keys sit at column `indent`; its first key may follow a `- ` on `line`
   * (`compact`), where a sequence at the keys' own indentation is left to the full parser.
   */
  private mapping(line: number, indent: number, compact: boolean, depth: number, key?: string): [Mapping, number] {
    const mapping = newMapping(key);
    let current = line;
    while (true) {
      const text = this.lines[current] ?? '';
      const key = this.key(text, indent) ?? unsupported();
      if (key.name in mapping || key.name === '__proto__' || key.name === '<<') unsupported();
      this.setOrigin(mapping, key.name, current + 1, indent + 1);
      let next: number;
      [mapping[key.name], next] = this.value(current, key.valueColumn, indent, !compact, depth, key.name);
      if (next === NO_LINE || (this.indents[next] ?? 0) < indent) return [mapping, next];
      if (this.indents[next] !== indent || this.isSequenceEntry(next)) unsupported();
      current = next;
    }
  }

  /** A block sequence whose dashes sit at column `indent`. */
  private sequence(line: number, indent: number, depth: number): [Tree[], number] {
    const list: Tree[] = [];
    let current = line;
    while (true) {
      const text = this.lines[current] ?? '';
      const column = skipSpaces(text, indent + 1);
      let item: Tree;
      let next: number;
      if (column === text.length || text[column] === '#') {
        next = this.nextContent(current + 1);
        if (next === NO_LINE || (this.indents[next] ?? 0) <= indent) unsupported();
        this.setOrigin(list, list.length, next + 1, (this.indents[next] ?? 0) + 1);
        [item, next] = this.block(next, depth + 1);
      } else {
        if (text[column] === '-' && (text[column + 1] === ' ' || column + 1 === text.length)) unsupported();
        this.setOrigin(list, list.length, current + 1, column + 1);
        [item, next] =
          this.key(text, column) === undefined
            ? this.inlineValue(current, column, indent)
            : this.mapping(current, column, true, depth + 1);
      }
      list.push(item);
      if (next === NO_LINE || (this.indents[next] ?? 0) < indent) return [list, next];
      if (this.indents[next] !== indent) unsupported();
      if (!this.isSequenceEntry(next)) return [list, next];
      current = next;
    }
  }

  /** The value after `key:` on `line`, inline or on the lines below. */
  private value(line: number, column: number, indent: number, allowSameIndentSequence: boolean, depth: number, key: string): [Tree, number] {
    const text = this.lines[line] ?? '';
    const start = skipSpaces(text, column);
    if (start < text.length && text[start] !== '#') return this.inlineValue(line, start, indent);
    const next = this.nextContent(line + 1);
    if (next === NO_LINE) return [null, next];
    const nextIndent = this.indents[next] ?? 0;
    if (nextIndent > indent) return this.block(next, depth + 1, key);
    if (nextIndent === indent && this.isSequenceEntry(next)) {
      if (!allowSameIndentSequence) unsupported();
      return this.sequence(next, indent, depth + 1);
    }
    return [null, next];
  }

  /**
   * A scalar or flow sequence that ends its line. A line below it indented deeper than its
   * block (`indent`) would continue or break it, so that is left to the full parser.
   */
  private inlineValue(line: number, column: number, indent: number): [Tree, number] {
    const text = this.lines[line] ?? '';
    const { value, end } =
      text[column] === '[' ? this.flowSequence(line, column) : text[column] === '{' ? emptyFlowMapping(text, column) : inlineScalar(text, column, false);
    const rest = skipSpaces(text, end);
    if (rest < text.length && !(text[rest] === '#' && rest > end)) unsupported();
    let next = line + 1;
    for (; next < this.lines.length && this.empty[next]; next++) {
      if ((this.indents[next] ?? 0) > indent && (this.indents[next] ?? 0) < (this.lines[next]?.length ?? 0)) unsupported();
    }
    if (next < this.lines.length && (this.indents[next] ?? 0) > indent) unsupported();
    return [value, next < this.lines.length ? next : NO_LINE];
  }

  /** `[a, "b"]` on one line, with scalar items only. */
  private flowSequence(line: number, column: number): Inline {
    const text = this.lines[line] ?? '';
    const list: Tree[] = [];
    let position = skipSpaces(text, column + 1);
    if (text[position] === ']') return { value: list, end: position + 1 };
    while (true) {
      this.setOrigin(list, list.length, line + 1, position + 1);
      const item = inlineScalar(text, position, true);
      list.push(item.value);
      position = skipSpaces(text, item.end);
      if (text[position] === ']') return { value: list, end: position + 1 };
      if (text[position] !== ',') unsupported();
      position = skipSpaces(text, position + 1);
      if (position >= text.length || text[position] === ']') unsupported();
    }
  }

  /** The key of a `key: value` entry starting at `column`, if the line holds one there. */
  private key(text: string, column: number): { name: string; valueColumn: number } | undefined {
    const first = text[column];
    if (first === '"' || first === "'") {
      const quoted = quotedScalar(text, column);
      if (text[quoted.end] !== ':' || !endsToken(text, quoted.end + 1)) return undefined;
      return { name: String(quoted.value), valueColumn: quoted.end + 1 };
    }
    if (first === '[') return undefined;
    const colon = keyColon(text, column);
    if (colon < 0) return undefined;
    const source = text.slice(column, colon);
    if (source.length > MAX_KEY_LENGTH || !PLAIN_KEY.test(source)) unsupported();
    return { name: String(resolvePlainScalar(source) ?? unsupported()), valueColumn: colon + 1 };
  }
}

function skipSpaces(text: string, column: number): number {
  while (text.charCodeAt(column) === 32) column++;
  return column;
}

/** Whether a space or the end of the line follows. */
function endsToken(text: string, column: number): boolean {
  return column === text.length || text[column] === ' ';
}

/** The first `:` that ends a plain key (a space or the line's end follows), before any comment. */
function keyColon(text: string, column: number): number {
  for (let index = column; index < text.length; index++) {
    const char = text[index];
    if (char === '#' && text[index - 1] === ' ') return -1;
    if (char === ':' && endsToken(text, index + 1)) return index;
  }
  return -1;
}

/** `{}`, which Compose files write for a volume or network with default settings. */
function emptyFlowMapping(text: string, column: number): Inline {
  const close = skipSpaces(text, column + 1);
  if (text[close] !== '}') unsupported();
  return { value: newMapping(), end: close + 1 };
}

/** A quoted or plain scalar on one line; in a flow sequence (`flow`) plain ones end at `,` or `]`. */
function inlineScalar(text: string, column: number, flow: boolean): Inline {
  const first = text[column] ?? '';
  if (first === '"' || first === "'") return quotedScalar(text, column);
  if (flow) {
    let end = column;
    while (end < text.length && text[end] !== ',' && text[end] !== ']') end++;
    const source = text.slice(column, end).trimEnd();
    if (!FLOW_PLAIN.test(source)) unsupported();
    return { value: resolvePlainScalar(source) ?? unsupported(), end: column + source.length };
  }
  if (PLAIN_START_INDICATORS.has(first) || (first === '-' && endsToken(text, column + 1))) unsupported();
  const comment = text.indexOf(' #', column);
  const source = text.slice(column, comment < 0 ? text.length : comment).trimEnd();
  // `a: b` or a trailing `:` would make the scalar a key: a nested mapping, an error in YAML.
  if (source.includes(': ') || source.endsWith(':')) unsupported();
  return { value: resolvePlainScalar(source) ?? unsupported(), end: column + source.length };
}

/** A single- or double-quoted scalar closed on its line; double-quoted ones without escapes. */
function quotedScalar(text: string, column: number): Inline {
  const quote = text[column];
  if (quote === '"') {
    const close = text.indexOf('"', column + 1);
    if (close < 0) unsupported();
    const value = text.slice(column + 1, close);
    if (value.includes('\\')) unsupported();
    return { value, end: close + 1 };
  }
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
