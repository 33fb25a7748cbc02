import { Document, parseDocument } from 'yaml';
import { escapedForYamlReaders } from '../../yaml-double-quoted.ts';

/**
 * A direct YAML emitter for JSON-shaped manifests. It prints exactly what `yaml`'s
 * `stringify(value, { version: '1.1', lineWidth: 0 })` printed after the quoting pre-pass (the
 * test keeps that path as its oracle), at a fraction of the cost: building a node tree per
 * manifest dominated output time. Each rule below mirrors a branch of yaml 2.x's stringifier for
 * the options we used (no folding, block literals, double quotes unless only `"` is present).
 */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
type JsonObject = { readonly [key: string]: JsonValue };

const INDENT_STEP = '  ';
/** yaml's `doubleQuotedMinMultiLineLength` default: shorter quoted strings keep `\n` escapes. */
const MIN_MULTILINE_QUOTED = 40;
/** Longer implicit keys are not allowed by YAML; yaml then writes an explicit `? key`. */
const MAX_IMPLICIT_KEY = 1024;

/** Words YAML 1.1 reads as booleans or null although they start with a letter. */
const WORD_ALTERNATIVES_1_1 = 'y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL';
const WORDS_1_1 = new RegExp(`^(${WORD_ALTERNATIVES_1_1})$`);
/**
 * Starts with a letter and has no space or indicator character: only the words above read as
 * anything but a string (`nginx:1.27`, `tcp-80`, `app.kubernetes.io/name`). yaml's 1.1 schema
 * also takes an exponent without a mantissa (`e3`) for a float: `plain` quotes those.
 */
const PLAIN_WORD = /^[A-Za-z][A-Za-z0-9_/.:@+=-]*$/;
/**
 * A cache of verdicts on strings, emptied when it reaches a size: it lives as long as the process,
 * and a process may convert one project after another (`convert --each`, a cdk8s app).
 */
class VerdictCache<V> {
  private readonly entries = new Map<string, V>();
  private static readonly MAX_ENTRIES = 50_000;

  of(text: string, decide: (text: string) => V): V {
    let verdict = this.entries.get(text);
    if (verdict === undefined) {
      verdict = decide(text);
      if (this.entries.size >= VerdictCache.MAX_ENTRIES) this.entries.clear();
      this.entries.set(text, verdict);
    }
    return verdict;
  }
}

/** Verdicts of the full parse, which costs two yaml documents: strings such as commands recur. */
const parsedVerdicts = new VerdictCache<boolean>();

/**
 * A plain string a YAML 1.1 reader (kubectl, PyYAML) or a YAML 1.2 reader would take for
 * something else: `yes`, `on`, `0755`, `1e3`, `~`, `0o17`, `12:30`, …
 */
export function readsAsNonString(text: string): boolean {
  if (text.includes('\n')) return false;
  // YAML 1.1 readers (kubectl) take a plain `<<` for the merge key.
  if (text === MERGE_KEY) return true;
  if (PLAIN_WORD.test(text)) return WORDS_1_1.test(text);
  const known = plainScalarVerdict(text);
  if (known !== undefined) return known;
  return parsedVerdicts.of(text, readsAsNonStringWhenParsed);
}

/**
 * The reference verdict, which the fast ones must equal (the tests check): parsed as a YAML 1.1 or
 * a YAML 1.2 document, the text is not itself or draws a complaint.
 */
export function readsAsNonStringWhenParsed(text: string): boolean {
  return (['1.1', '1.2'] as const).some((version) => {
    // Anything a reader would complain about (`%x`, `!tag`, `@x`) is quoted as well.
    const document = parseDocument(text, { version, logLevel: 'silent' });
    if (document.errors.length > 0 || document.warnings.length > 0) return true;
    try {
      return document.toJS() !== text;
    } catch {
      return true;
    }
  });
}

/**
 * Printable ASCII without tab, starting with a letter, digit or `/`, or with `-`/`--` before one
 * (so neither a sequence entry nor a document marker). Only a leading character can be an
 * indicator (`%`, `@`, `` ` ``, `|`, `>`, `!`, `&`, `*`, quotes, brackets…), and yaml's lexer ends a
 * block plain scalar only at `: `, ` #`, a final `:` or a line end, dropping trailing spaces: so
 * such a text without those endings reads, in YAML 1.1 and 1.2 alike, as one plain scalar holding
 * exactly itself, and only the schemas' implicit type tests (bool, null, int, float, timestamp,
 * sexagesimal) decide whether it stays a string.
 */
const PLAIN_SCALAR_TEXT = /^(?:[A-Za-z0-9/]|--?[A-Za-z0-9])[ -~]*$/;
const PLAIN_SCALAR_END = /: | #|[: ]$/;

/**
 * The verdict without parsing for paths, URLs, flags, numbers and commands, which read as one
 * plain scalar of themselves; `undefined` for any other text.
 */
export function plainScalarVerdict(text: string): boolean | undefined {
  if (!PLAIN_SCALAR_TEXT.test(text) || PLAIN_SCALAR_END.test(text)) return undefined;
  return IMPLICIT_TYPE_TESTS.some((test) => test.test(text));
}

function implicitTypeTests(version: '1.1' | '1.2'): RegExp[] {
  return new Document(null, { version }).schema.tags.flatMap((tag) =>
    tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test ? [tag.test] : [],
  );
}

/** The YAML 1.1 schema's own plain-scalar tests: a plain string matching one would be retyped. */
const RETYPING_TESTS: readonly RegExp[] = implicitTypeTests('1.1');
/** The plain-scalar tests of both schemas a reader may use: YAML 1.1's and the 1.2 core's. */
const IMPLICIT_TYPE_TESTS: readonly RegExp[] = [...RETYPING_TESTS, ...implicitTypeTests('1.2')];
const MERGE_KEY = '<<';
/** Characters printed only escaped, in double quotes: controls, lone surrogates, and RAW_FOR_YAML_READERS. */
const FORCE_DOUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u{D800}-\u{DFFF}]/u;
/** Indicator characters and space/colon/hash combinations a plain scalar cannot hold. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;
/** YAML's names of the `\uXXXX` escapes JSON.stringify writes (controls below U+0020). */
const JSON_ESCAPE_NAMES: Readonly<Record<string, string>> = { '0000': '\\0', '0007': '\\a', '000b': '\\v', '001b': '\\e' };

/** Where a scalar is printed: as a mapping key, and the indentation of its node. */
interface ScalarContext {
  readonly implicitKey: boolean;
  readonly indent: string;
}

function doubleQuoted(value: string, { implicitKey, indent: ownIndent }: ScalarContext): string {
  const json = escapedForYamlReaders(JSON.stringify(value));
  const indent = ownIndent || (DOCUMENT_MARKER.test(value) ? INDENT_STEP : '');
  let str = '';
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // A space before a line break is escaped so a reader does not fold it away.
      str += json.slice(start, i) + '\\ ';
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch !== '\\') continue;
    const next = json[i + 1];
    if (next === 'u') {
      str += json.slice(start, i);
      const code = json.substr(i + 2, 4);
      str += JSON_ESCAPE_NAMES[code] ?? (code.startsWith('00') ? `\\x${code.substr(2)}` : json.substr(i, 6));
      i += 5;
      start = i + 1;
    } else if (next === 'n' && !(implicitKey || json[i + 2] === '"' || json.length < MIN_MULTILINE_QUOTED)) {
      // A real line break inside the quotes; the first one is folded away by readers, hence two.
      str += json.slice(start, i) + '\n\n';
      while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
        str += '\n';
        i += 2;
      }
      str += indent;
      if (json[i + 2] === ' ') str += '\\';
      i += 1;
      start = i + 1;
    } else {
      i += 1;
    }
  }
  return start ? str + json.slice(start) : json;
}

function singleQuoted(value: string, context: ScalarContext): string {
  if ((context.implicitKey && value.includes('\n')) || /[ \t]\n|\n[ \t]/.test(value)) return doubleQuoted(value, context);
  const indent = context.indent || (DOCUMENT_MARKER.test(value) ? INDENT_STEP : '');
  return `'${value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`)}'`;
}

function quoted(value: string, context: ScalarContext): string {
  return value.includes('"') && !value.includes("'") ? singleQuoted(value, context) : doubleQuoted(value, context);
}

/** A literal block scalar (`|`, `|-`, `|+`, with an indentation indicator for a leading space). */
function blockLiteral(original: string, context: ScalarContext, forceIndent = false): string {
  // A block cannot end in whitespace-only lines; such strings read best quoted.
  if (/\n[\t ]+$/.test(original)) return quoted(original, context);
  const indent = context.indent || (forceIndent || DOCUMENT_MARKER.test(original) ? INDENT_STEP : '');
  if (!original) return '|\n';
  let value = original;
  let endStart = value.length;
  while (endStart > 0 && '\n\t '.includes(value[endStart - 1]!)) endStart -= 1;
  let end = value.substring(endStart);
  const endNewline = end.indexOf('\n');
  const chomp = endNewline === -1 ? '-' : value === end || endNewline !== end.length - 1 ? '+' : '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end.endsWith('\n')) end = end.slice(0, -1);
    end = end.replace(BLOCK_END_NEWLINES, `$&${indent}`);
  }
  let startsWithSpace = false;
  let startEnd = 0;
  let lastLeadingNewline = -1;
  for (; startEnd < value.length; startEnd += 1) {
    const ch = value[startEnd];
    if (ch === ' ') startsWithSpace = true;
    else if (ch === '\n') lastLeadingNewline = startEnd;
    else break;
  }
  let start = value.substring(0, lastLeadingNewline < startEnd ? lastLeadingNewline + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startsWithSpace ? (indent ? '2' : '1') : '') + chomp;
  return `|${header}\n${indent}${start}${value.replace(/\n+/g, `$&${indent}`)}${end}`;
}

function plain(value: string, context: ScalarContext): string {
  const { implicitKey, indent } = context;
  const multiline = value.includes('\n');
  if (implicitKey && multiline) return quoted(value, context);
  if (NOT_PLAIN.test(value)) return implicitKey || !multiline ? quoted(value, context) : blockLiteral(value, context);
  if (multiline) return blockLiteral(value, context);
  if (DOCUMENT_MARKER.test(value)) {
    if (indent === '') return blockLiteral(value, context, true);
    if (implicitKey && indent === INDENT_STEP) return quoted(value, context);
  }
  return RETYPING_TESTS.some((test) => test.test(value)) ? quoted(value, context) : value;
}

/**
 * The two halves of `PRINTS_AS_ITSELF`, without anchors or lookahead, so that a Helm template's
 * RE2 expressions can make the same decision (lib/k8s/output/helm).
 */
export const PLAIN_SHAPE = '[A-Za-z/](?:[A-Za-z0-9_/.:@+=-]*[A-Za-z0-9_/.@+=-])?';
export const RETYPED_WORD = `(?:${WORD_ALTERNATIVES_1_1}|[eE][-+]?[0-9]+)`;

/**
 * The common case, decided by one test: a one-line name, path or URL led by a letter or `/` and
 * not ending in `:` has no indicator, document marker or control character, and reads as a string
 * (see `readsAsNonString`) unless it is a YAML 1.1 word or an exponent without a mantissa (`e3`, a
 * float to yaml's 1.1 schema): `plain` would return it unchanged.
 */
const PRINTS_AS_ITSELF = new RegExp(`^(?!${RETYPED_WORD}$)${PLAIN_SHAPE}$`);

/**
 * How the one-line strings that do not print as themselves print: the same wherever they are (only
 * a line break, a document marker or `<<` makes the printing depend on the position), and they recur
 * (`"true"`, quantities such as `100m`, CIDRs), while deciding takes dozens of pattern tests.
 */
const printedOneLine = new VerdictCache<string>();
/** Longer strings are mostly unique (commands): keeping them would only hold memory. */
const PRINTED_CACHE_MAX_LENGTH = 64;

function string(value: string, implicitKey: boolean, indent: string, raw: boolean): string {
  if (PRINTS_AS_ITSELF.test(value)) return value;
  // A scalar node holding `<<` resolves to yaml's 1.1 merge tag and prints bare; only a raw
  // string (a value of the pre-pass map) went through the string tag, which quotes it.
  if (value === MERGE_KEY) return raw ? doubleQuoted(value, { implicitKey, indent }) : value;
  if (value.length > PRINTED_CACHE_MAX_LENGTH || value.includes('\n') || DOCUMENT_MARKER.test(value)) return printed(value, { implicitKey, indent });
  return printedOneLine.of(value, printedAnywhere);
}

function printedAnywhere(value: string): string {
  return printed(value, { implicitKey: false, indent: '' });
}

function printed(value: string, context: ScalarContext): string {
  return readsAsNonString(value) || FORCE_DOUBLE.test(value) ? doubleQuoted(value, context) : plain(value, context);
}

function number(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  return Object.is(value, -0) ? '-0' : String(value);
}

type Collection = readonly JsonValue[] | JsonObject;
type Scalar = Exclude<JsonValue, Collection>;

function isCollection(value: JsonValue): value is Collection {
  return typeof value === 'object' && value !== null;
}

function scalar(value: Scalar, indent: string, implicitKey = false, raw = false): string {
  if (typeof value === 'string') return string(value, implicitKey, indent, raw);
  if (typeof value === 'number') return number(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return 'null';
}

/**
 * Output is collected as parts joined once at the end: concatenating every line into nested
 * strings made most of the emitter's time garbage collection and rope flattening.
 */
type Parts = string[];

/** One nesting depth and the strings its lines start with, built once rather than per node. */
class Level {
  /** Before the second and later entries of a mapping. */
  readonly entryBreak: string;
  /** Before the second and later items of a sequence. */
  readonly itemBreak: string;
  /** Between a key and a non-empty collection, which starts on the next line. */
  readonly blockStart: string;
  /** Between an explicit `? key` and its value. */
  readonly explicitValue: string;
  #deeper: Level | undefined;

  constructor(readonly indent: string) {
    this.entryBreak = `\n${indent}`;
    this.itemBreak = `\n${indent}- `;
    this.blockStart = `:\n${indent}${INDENT_STEP}`;
    this.explicitValue = `\n${indent}: `;
  }

  get deeper(): Level {
    this.#deeper ??= new Level(this.indent + INDENT_STEP);
    return this.#deeper;
  }
}

const ROOT = new Level('');

/** The keys of a mapping to write, in the order to write them. */
export type KeyOrder = (object: JsonObject) => string[];

/** `value` written as a node whose continuation lines are indented as `level` says. */
function writeNode(parts: Parts, value: JsonValue, level: Level, order: KeyOrder, raw = false): void {
  if (!isCollection(value)) parts.push(scalar(value, level.indent, false, raw));
  else if (Array.isArray(value)) writeSequence(parts, value, level, order);
  else writeMapping(parts, value as JsonObject, level, order);
}

/** yaml drops undefined values from objects. */
export function definedKeys(object: JsonObject): string[] {
  const keys = Object.keys(object);
  for (const key of keys) {
    if (object[key] === undefined) return keys.filter((each) => object[each] !== undefined);
  }
  return keys;
}

function writeSequence(parts: Parts, items: readonly JsonValue[], level: Level, order: KeyOrder): void {
  if (items.length === 0) {
    parts.push('[]');
    return;
  }
  const itemLevel = level.deeper;
  for (let index = 0; index < items.length; index += 1) {
    parts.push(index === 0 ? '- ' : level.itemBreak);
    writeNode(parts, items[index] as JsonValue, itemLevel, order);
  }
}

/** What writing a key needs to know of it. */
interface KeyFacts {
  readonly readsAsNonString: boolean;
  /** Printed as it is, wherever it is (`metadata`, `app.kubernetes.io/name`). */
  readonly printsAsItself: boolean;
}

/** Keys recur in every manifest (`metadata`, `name`, …): their facts are worth keeping. */
const keyFacts = new VerdictCache<KeyFacts>();

function factsOfKey(key: string): KeyFacts {
  return keyFacts.of(key, factsOfNewKey);
}

function factsOfNewKey(key: string): KeyFacts {
  return { readsAsNonString: readsAsNonString(key), printsAsItself: PRINTS_AS_ITSELF.test(key) };
}

function writeMapping(parts: Parts, object: JsonObject, level: Level, order: KeyOrder, keys = order(object)): void {
  if (keys.length === 0) {
    parts.push('{}');
    return;
  }
  const start = parts.length;
  const keyIndent = level.deeper.indent;
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    const facts = factsOfKey(key);
    if (facts.readsAsNonString) {
      // Rare: the mapping is written again, as the old pre-pass printed it (see `writeRawMapping`).
      parts.length = start;
      writeRawMapping(parts, object, level, order, keys);
      return;
    }
    if (index > 0) parts.push(level.entryBreak);
    writePair(parts, facts.printsAsItself ? key : scalar(key, keyIndent, true), object[key] as JsonValue, level, order, false);
  }
}

/**
 * A mapping with a key that reads as something else. The old pre-pass turned it into a yaml map of
 * raw values, and yaml prints such a map whose values are all null as a set (`? key`), and a null
 * after an overlong key as a bare `? key`: kept so output stays byte-identical.
 */
function writeRawMapping(parts: Parts, object: JsonObject, level: Level, order: KeyOrder, keys: readonly string[]): void {
  const asSet = keys.every((key) => object[key] === null);
  const keyIndent = level.deeper.indent;
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    if (index > 0) parts.push(level.entryBreak);
    if (asSet) parts.push('? ', scalar(key, keyIndent, false, true));
    else writePair(parts, scalar(key, keyIndent, true, true), object[key] as JsonValue, level, order, true);
  }
}

/** A mapping entry, its key already printed. */
function writePair(parts: Parts, keyText: string, value: JsonValue, level: Level, order: KeyOrder, rawValues: boolean): void {
  const valueLevel = level.deeper;
  if (keyText.length > MAX_IMPLICIT_KEY) {
    parts.push('? ', keyText);
    if (rawValues && value === null) return;
    parts.push(level.explicitValue);
    writeNode(parts, value, valueLevel, order, rawValues);
  } else if (!isCollection(value)) {
    parts.push(keyText, ': ', scalar(value, valueLevel.indent, false, rawValues));
  } else if (Array.isArray(value)) {
    // yaml prints empty collections in flow style (`[]`, `{}`) after the key, others below it.
    parts.push(keyText, value.length > 0 ? level.blockStart : ': ');
    writeSequence(parts, value, valueLevel, order);
  } else {
    const object = value as JsonObject;
    const keys = order(object);
    parts.push(keyText, keys.length > 0 ? level.blockStart : ': ');
    writeMapping(parts, object, valueLevel, order, keys);
  }
}

/**
 * One YAML document (without a `---` separator), ending in a line break. The document's own keys
 * are written as it lists them; `below` orders those of every mapping inside it.
 */
export function emitYamlDocument(value: JsonValue, below: KeyOrder = definedKeys): string {
  const parts: Parts = [];
  if (isCollection(value) && !Array.isArray(value)) writeMapping(parts, value as JsonObject, ROOT, below, definedKeys(value as JsonObject));
  else writeNode(parts, value, ROOT, below);
  parts.push('\n');
  return parts.join('');
}
