import { isMapping, newMapping, originSetter, type Mapping, type Tree } from './tree.ts';
import { resolvePlainScalar } from './yaml-scalars.ts';
import { blockScalar, quotedScalar, unsupported, Unsupported } from './yaml-simple-scalars.ts';

/*
 * A reader for the shape most Compose files have (and generated ones always have): block mappings
 * and sequences of single-line scalars, one-line flow sequences of scalars, `{}`, comments, block
 * scalars, anchors with their aliases and merge keys (`<<: *common`), one leading `---`. It builds
 * the same tree, with the same origins, as the yaml library and the loader's walker, in a fraction
 * of their time (the library takes ~25 ms of a start-up snapshot's cold run on Airflow's file), and
 * gives up (returns undefined) on anything else: errors, tags, multi-line plain or quoted scalars,
 * flow mappings, several documents, tabs, control characters, and aliases that expand to much. The
 * caller then parses with the library, so every message and every rarely used feature keeps coming
 * from one place.
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

/*
 * Tabs, carriage returns, other controls, a byte order mark, line and paragraph separators and
 * unpaired surrogates all take the full parser.
 */
const UNSUPPORTED_CHARACTER = /[^\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u;

/** Plain keys: the characters of service, variable and label names, nothing YAML gives a meaning. */
const PLAIN_KEY = /^[A-Za-z0-9_$/][A-Za-z0-9_$/.@+=-]*$/;
/** Characters a block plain scalar cannot start with here (`-` only when a space follows). */
const PLAIN_START_INDICATORS = new Set('?:,[]{}#&*!|>\'"%@`');
const MAX_KEY_LENGTH = 1000;
const MAX_DEPTH = 100;
const NO_LINE = -1;
/** Anchor and alias names read here (YAML allows more; the rest goes to the library). */
const NODE_NAME = /^[A-Za-z0-9_.-]+/;
/**
 * Aliases expanding more than this much source text, nested deeper, or making most of the
 * document's nodes (past the few hundred where the walker starts counting) go to the library and
 * its defences against alias bombs (yaml-file.ts), which say what is wrong: well before those
 * defences would refuse the document, so that the reader never accepts what the walker refuses.
 */
const MAX_ALIASED_SOURCE = 256 * 1024;
const MAX_ALIAS_NESTING = 32;
const ALIASED_NODES_COUNTED_FROM = 100;
const MAX_ALIASED_SHARE = 0.8;

interface Inline {
  readonly value: Tree;
  /** Column just after the value. */
  readonly end: number;
}

/** A position in the text, moved along while a flow collection is read. */
interface Cursor {
  line: number;
  column: number;
}

/**
 * What an anchor names: its node, read again from the source for each alias, so that every alias
 * gets its own containers with the anchor's origins (as the loader's walker makes them), in the
 * kind of mapping the alias's key asks for.
 */
interface Anchored {
  /** The node and the next content line after it. */
  readonly read: (key: string | undefined, depth: number) => [Tree, number];
  /** Characters of source the node spans. */
  size: number;
}

/** The mappings a merge key (`<<`) names, each with the position of its alias. */
interface MergeSource {
  readonly mapping: Mapping;
  readonly line: number;
  readonly column: number;
}

class SimpleReader {
  private readonly lines: string[];
  private readonly indents: number[] = [];
  /** Whether a line holds only spaces or a comment (or is the leading `---`). */
  private readonly empty: boolean[] = [];
  /** Anchors seen so far, in document order, as the loader's walker keeps them. */
  private readonly anchors = new Map<string, Anchored>();
  private aliasedSource = 0;
  private aliasNesting = 0;
  private nodes = 0;
  private aliasedNodes = 0;

  /** Records the origin of `container[key]`: its line and column are 1-based, the reader's 0-based. */
  private readonly setOrigin: (container: object, key: string | number, line: number, column: number) => void;

  constructor(text: string, file: string) {
    const record = originSetter(file);
    this.setOrigin = (container, key, line, column) => {
      this.countNode();
      record(container, key, line, column);
    };
    this.lines = text.split('\n');
    let content = false;
    for (const line of this.lines) {
      let indent = 0;
      while (line.charCodeAt(indent) === 32) indent++;
      this.indents.push(indent);
      const empty = indent === line.length || line[indent] === '#';
      if (!content && !empty && DOCUMENT_START.test(line)) {
        content = true;
        this.empty.push(true);
        continue;
      }
      content ||= !empty;
      this.empty.push(empty);
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

  /**
   * A block node starting on `line` at its indentation; returns it and the next content line. An
   * anchor alone on the line (`&common`) names the block that starts on the next content line at
   * the same indentation.
   */
  private block(line: number, parentIndent: number, depth: number, key?: string): [Tree, number] {
    if (depth > MAX_DEPTH) unsupported();
    const indent = this.indents[line] ?? 0;
    const text = this.lines[line] ?? '';
    if (text[indent] === '[') return this.inlineValue(line, indent, parentIndent, depth, key);
    if (text[indent] === '&') {
      const name = nodeName(text, indent + 1);
      if (!this.endsLine(text, indent + 1 + name.length)) unsupported();
      const start = this.nextContent(line + 1);
      if (start === NO_LINE || this.indents[start] !== indent) unsupported();
      return this.anchored(name, start, (aliasKey, aliasDepth) => this.block(start, parentIndent, aliasDepth, aliasKey), key, depth);
    }
    return this.isSequenceEntry(line) ? this.sequence(line, indent, depth) : this.mapping(line, indent, false, depth, key);
  }

  /**
   * A block mapping whose keys sit at column `indent`; its first key may follow a `- ` on `line`
   * (`compact`), where a sequence at the keys' own indentation is left to the full parser. Keys a
   * merge key brings come after the mapping's own, which win over them (the loader's walker).
   */
  private mapping(line: number, indent: number, compact: boolean, depth: number, key?: string): [Mapping, number] {
    const mapping = newMapping(key);
    const merged: MergeSource[] = [];
    let current = line;
    while (true) {
      const text = this.lines[current] ?? '';
      const key = this.key(text, indent) ?? unsupported();
      let next: number;
      if (key.name === '<<' && !key.quoted) {
        next = this.mergeSources(current, key.valueColumn, indent, depth, merged);
      } else {
        if (key.name in mapping || key.name === '__proto__' || key.name === '<<') unsupported();
        this.setOrigin(mapping, key.name, current + 1, indent + 1);
        [mapping[key.name], next] = this.value(current, key.valueColumn, indent, !compact, depth, key.name);
      }
      if (next === NO_LINE || (this.indents[next] ?? 0) < indent) {
        this.merge(mapping, merged);
        return [mapping, next];
      }
      if (this.indents[next] !== indent || this.isSequenceEntry(next)) unsupported();
      current = next;
    }
  }

  /** `<<: *a` or `<<: [*a, *b]`: the mappings they name, added to `merged`; the next content line. */
  private mergeSources(line: number, column: number, indent: number, depth: number, merged: MergeSource[]): number {
    const text = this.lines[line] ?? '';
    let position = skipSpaces(text, column);
    const flow = text[position] === '[';
    if (flow) position = skipSpaces(text, position + 1);
    while (true) {
      if (text[position] !== '*') unsupported();
      const name = nodeName(text, position + 1, flow);
      const mapping = this.alias(name, undefined, depth);
      if (!isMapping(mapping)) unsupported();
      merged.push({ mapping, line, column: position });
      position = skipSpaces(text, position + 1 + name.length);
      if (!flow) break;
      if (text[position] === ']') {
        position++;
        break;
      }
      if (text[position] !== ',') unsupported();
      position = skipSpaces(text, position + 1);
    }
    return this.afterInline(line, position, indent);
  }

  private merge(mapping: Mapping, merged: readonly MergeSource[]): void {
    for (const { mapping: source, line, column } of merged) {
      for (const [name, value] of Object.entries(source)) {
        if (name in mapping) continue;
        mapping[name] = value;
        this.setOrigin(mapping, name, line + 1, column + 1);
      }
    }
  }

  /** A block sequence whose dashes sit at column `indent`. */
  private sequence(line: number, indent: number, depth: number): [Tree[], number] {
    const list: Tree[] = [];
    let current = line;
    while (true) {
      const [item, next] = this.item(list, current, indent, depth);
      list.push(item);
      if (next === NO_LINE || (this.indents[next] ?? 0) < indent) return [list, next];
      if (this.indents[next] !== indent) unsupported();
      if (!this.isSequenceEntry(next)) return [list, next];
      current = next;
    }
  }

  /** The item after the dash at `indent` of `line`, the next of `list`. */
  private item(list: Tree[], line: number, indent: number, depth: number): [Tree, number] {
    const text = this.lines[line] ?? '';
    let column = skipSpaces(text, indent + 1);
    if (text[column] === '&') {
      const name = nodeName(text, column + 1);
      column = skipSpaces(text, column + 1 + name.length);
      if (column === text.length || text[column] === '#' || this.key(text, column) !== undefined) unsupported();
      const at = column;
      this.setOrigin(list, list.length, line + 1, at + 1);
      return this.anchored(name, line, (key, aliasDepth) => this.inlineValue(line, at, indent, aliasDepth, key), undefined, depth);
    }
    if (column === text.length || text[column] === '#') {
      const next = this.nextContent(line + 1);
      if (next === NO_LINE || (this.indents[next] ?? 0) <= indent) unsupported();
      this.setOrigin(list, list.length, next + 1, (this.indents[next] ?? 0) + 1);
      return this.block(next, indent, depth + 1);
    }
    if (text[column] === '-' && (text[column + 1] === ' ' || column + 1 === text.length)) unsupported();
    this.setOrigin(list, list.length, line + 1, column + 1);
    return this.key(text, column) === undefined ? this.inlineValue(line, column, indent, depth) : this.mapping(line, column, true, depth + 1);
  }

  /** The value after `key:` on `line`, inline or on the lines below; `&name` before it names it. */
  private value(line: number, column: number, indent: number, allowSameIndentSequence: boolean, depth: number, key: string | undefined): [Tree, number] {
    const text = this.lines[line] ?? '';
    const start = skipSpaces(text, column);
    if (text[start] === '&') {
      const name = nodeName(text, start + 1);
      const after = start + 1 + name.length;
      const rest = skipSpaces(text, after);
      if ((after < text.length && text[after] !== ' ') || text[rest] === '&' || text[rest] === '*') unsupported();
      const read: Anchored['read'] = (aliasKey, aliasDepth) => this.value(line, after, indent, allowSameIndentSequence, aliasDepth, aliasKey);
      return this.anchored(name, line, read, key, depth);
    }
    if (start < text.length && text[start] !== '#') return this.inlineValue(line, start, indent, depth, key);
    const next = this.nextContent(line + 1);
    if (next === NO_LINE) return [null, next];
    const nextIndent = this.indents[next] ?? 0;
    if (nextIndent > indent) return this.block(next, indent, depth + 1, key);
    if (nextIndent === indent && this.isSequenceEntry(next)) {
      if (!allowSameIndentSequence) unsupported();
      return this.sequence(next, indent, depth + 1);
    }
    return [null, next];
  }

  /**
   * Reads the node `read` reads (starting on `line`) and records it under the anchor `name`, before
   * reading it, as the walker does.
   */
  private anchored(name: string, line: number, read: Anchored['read'], key: string | undefined, depth: number): [Tree, number] {
    const anchor: Anchored = { read, size: 0 };
    this.anchors.set(name, anchor);
    const result = read(key, depth);
    anchor.size = this.sourceSize(line, result[1]);
    return result;
  }

  /** Characters of the lines from `line` up to `next` (a node's source, for the alias budget). */
  private sourceSize(line: number, next: number): number {
    const end = next === NO_LINE ? this.lines.length : next;
    let size = 0;
    for (let index = line; index < end; index++) size += (this.lines[index]?.length ?? 0) + 1;
    return size;
  }

  /** Counts a key or item read, and declines a document most of whose nodes aliases make. */
  private countNode(): void {
    this.nodes++;
    if (this.aliasNesting === 0) return;
    this.aliasedNodes++;
    if (this.aliasedNodes > ALIASED_NODES_COUNTED_FROM && this.aliasedNodes > MAX_ALIASED_SHARE * this.nodes) unsupported();
  }

  /** A fresh copy of the node the anchor `name` names, for an alias whose key is `key`. */
  private alias(name: string, key: string | undefined, depth: number): Tree {
    const anchor = this.anchors.get(name) ?? unsupported();
    this.aliasedSource += anchor.size;
    if (this.aliasedSource > MAX_ALIASED_SOURCE || this.aliasNesting >= MAX_ALIAS_NESTING) unsupported();
    this.aliasNesting++;
    const [value] = anchor.read(key, depth + 1);
    this.aliasNesting--;
    return value;
  }

  /**
   * A scalar, block scalar, alias or flow sequence that ends its line. A line below it indented
   * deeper than its block (`indent`) would continue or break it, so that is left to the full parser.
   */
  private inlineValue(line: number, column: number, indent: number, depth: number, key?: string): [Tree, number] {
    const text = this.lines[line] ?? '';
    const first = text[column];
    if (first === '|' || first === '>') {
      const { value, after } = blockScalar(this.lines, this.indents, line, column, indent);
      return [value, this.afterLines(after, indent)];
    }
    if (first === '*') {
      const name = nodeName(text, column + 1);
      const value = this.alias(name, key, depth);
      return [value, this.afterInline(line, column + 1 + name.length, indent)];
    }
    if (first === '[' || first === '{') {
      const at = { line, column };
      const value = this.flowCollection(at, indent, key);
      return [value, this.afterInline(at.line, at.column, indent)];
    }
    const { value, end } = inlineScalar(text, column);
    return [value, this.afterInline(line, end, indent)];
  }

  /** The next content line after a value that ends at `end` of `line`: nothing but a comment may follow it. */
  private afterInline(line: number, end: number, indent: number): number {
    if (!this.endsLine(this.lines[line] ?? '', end)) unsupported();
    return this.afterLines(line + 1, indent);
  }

  /** Whether only spaces or a comment follow `column` of `text`. */
  private endsLine(text: string, column: number): boolean {
    const rest = skipSpaces(text, column);
    return rest === text.length || (text[rest] === '#' && rest > column);
  }

  /** The first content line from `line` on; blank or comment lines before it no deeper than `indent`. */
  private afterLines(line: number, indent: number): number {
    let next = line;
    for (; next < this.lines.length && this.empty[next]; next++) {
      if ((this.indents[next] ?? 0) > indent && (this.indents[next] ?? 0) < (this.lines[next]?.length ?? 0)) unsupported();
    }
    if (next < this.lines.length && (this.indents[next] ?? 0) > indent) unsupported();
    return next < this.lines.length ? next : NO_LINE;
  }

  /**
   * A flow sequence (`[a, "b"]`) or mapping (`{a: 1}`) at `at`, of scalars and flow collections, on
   * one line or several (each indented deeper than the block at `indent`; a line starting with the
   * closing bracket may sit at its indentation); `at` ends just after it.
   */
  private flowCollection(at: Cursor, indent: number, key: string | undefined, depth = 0): Tree {
    if (depth > MAX_DEPTH) unsupported();
    const mapping = this.lines[at.line]?.[at.column] === '{';
    const close = mapping ? '}' : ']';
    const collection: Tree[] | Mapping = mapping ? newMapping(key) : [];
    at.column++;
    this.skipInFlow(at, indent);
    while (this.lines[at.line]?.[at.column] !== close) {
      if (Array.isArray(collection)) {
        this.setOrigin(collection, collection.length, at.line + 1, at.column + 1);
        collection.push(this.flowNode(at, indent, undefined, depth));
      } else {
        const name = this.flowKey(at, collection);
        this.skipInFlow(at, indent);
        collection[name] = this.flowNode(at, indent, name, depth);
      }
      this.skipInFlow(at, indent);
      const next = this.lines[at.line]?.[at.column];
      if (next === close) break;
      if (next !== ',') unsupported();
      at.column++;
      this.skipInFlow(at, indent);
      if (this.lines[at.line]?.[at.column] === ',') unsupported();
    }
    at.column++;
    return collection;
  }

  /** A flow collection or a scalar inside one. */
  private flowNode(at: Cursor, indent: number, key: string | undefined, depth: number): Tree {
    const text = this.lines[at.line] ?? '';
    const first = text[at.column];
    if (first === '[' || first === '{') return this.flowCollection(at, indent, key, depth + 1);
    const { value, end } = first === '"' || first === "'" ? quotedScalar(text, at.column) : flowPlainScalar(text, at.column);
    at.column = end;
    return value;
  }

  /** `key:` of a flow mapping entry (with a space after the colon), recorded with its origin. */
  private flowKey(at: Cursor, mapping: Mapping): string {
    const text = this.lines[at.line] ?? '';
    let name: string;
    let end: number;
    if (text[at.column] === '"' || text[at.column] === "'") {
      ({ value: name, end } = quotedScalar(text, at.column));
    } else {
      end = at.column;
      while (end < text.length && !(text[end] === ':' && endsToken(text, end + 1)) && !',[]{}#'.includes(text[end]!)) end++;
      const source = text.slice(at.column, end).trimEnd();
      if (source.length > MAX_KEY_LENGTH || !PLAIN_KEY.test(source)) unsupported();
      name = String(resolvePlainScalar(source) ?? unsupported());
    }
    if (text[end] !== ':' || text[end + 1] !== ' ' || name in mapping || name === '__proto__' || name === '<<') unsupported();
    this.setOrigin(mapping, name, at.line + 1, at.column + 1);
    at.column = end + 1;
    return name;
  }

  /** Moves `at` past spaces, comments and line ends inside a flow collection, to its next token. */
  private skipInFlow(at: Cursor, indent: number): void {
    while (true) {
      const text = this.lines[at.line] ?? '';
      at.column = skipSpaces(text, at.column);
      if (at.column < text.length) {
        if (text[at.column] !== '#') return;
        if (at.column > 0 && text[at.column - 1] !== ' ') unsupported();
      }
      at.line++;
      if (at.line >= this.lines.length) unsupported();
      const next = this.lines[at.line] ?? '';
      const spaces = this.indents[at.line] ?? 0;
      if (spaces < next.length && (spaces < indent || (spaces === indent && next[spaces] !== ']' && next[spaces] !== '}'))) unsupported();
      at.column = spaces;
    }
  }

  /** The key of a `key: value` entry starting at `column`, if the line holds one there. */
  private key(text: string, column: number): { name: string; valueColumn: number; quoted: boolean } | undefined {
    const first = text[column];
    if (first === '"' || first === "'") {
      const quoted = quotedScalar(text, column);
      if (text[quoted.end] !== ':' || !endsToken(text, quoted.end + 1)) return undefined;
      return { name: quoted.value, valueColumn: quoted.end + 1, quoted: true };
    }
    if (first === '[') return undefined;
    const colon = keyColon(text, column);
    if (colon < 0) return undefined;
    const source = text.slice(column, colon).trimEnd();
    if (source === '<<') return { name: source, valueColumn: colon + 1, quoted: false };
    if (source.length > MAX_KEY_LENGTH || !PLAIN_KEY.test(source)) unsupported();
    return { name: String(resolvePlainScalar(source) ?? unsupported()), valueColumn: colon + 1, quoted: false };
  }
}

/**
 * The name of an anchor or alias whose `&` or `*` is just before `column`; a space, the line's end
 * or (in a flow sequence, `flow`) `,` or `]` must follow it.
 */
function nodeName(text: string, column: number, flow = false): string {
  const name = NODE_NAME.exec(text.slice(column, column + MAX_KEY_LENGTH + 1))?.[0] ?? unsupported();
  const after = text[column + name.length];
  if (name.length > MAX_KEY_LENGTH || !(endsToken(text, column + name.length) || (flow && (after === ',' || after === ']')))) unsupported();
  return name;
}

/** `---` alone (or before a comment): the start of the one document the reader reads. */
const DOCUMENT_START = /^---(?: +#.*| *)$/;

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

/** A quoted or plain scalar that ends its line (but for a comment), in a block. */
function inlineScalar(text: string, column: number): Inline {
  const first = text[column] ?? '';
  if (first === '"' || first === "'") return quotedScalar(text, column);
  if (PLAIN_START_INDICATORS.has(first) || (first === '-' && endsToken(text, column + 1))) unsupported();
  const comment = text.indexOf(' #', column);
  const source = text.slice(column, comment < 0 ? text.length : comment).trimEnd();
  // `a: b` or a trailing `:` would make the scalar a key: a nested mapping, an error in YAML.
  if (source.includes(': ') || source.endsWith(':')) unsupported();
  return { value: resolvePlainScalar(source) ?? unsupported(), end: column + source.length };
}

/**
 * A plain scalar inside a flow collection: up to a flow indicator, a comment or the line's end, on
 * one line. A `:` followed by a space, or one ending it, would make it a key (a mapping), left to
 * the library.
 */
function flowPlainScalar(text: string, column: number): Inline {
  const first = text[column] ?? '';
  if (PLAIN_START_INDICATORS.has(first) || (first === '-' && (endsToken(text, column + 1) || ',[]{}'.includes(text[column + 1] ?? '')))) unsupported();
  let end = column;
  while (end < text.length && !',[]{}'.includes(text[end]!) && !(text[end] === '#' && text[end - 1] === ' ')) end++;
  const source = text.slice(column, end).trimEnd();
  if (source.includes(': ') || source.endsWith(':')) unsupported();
  return { value: resolvePlainScalar(source) ?? unsupported(), end: column + source.length };
}
