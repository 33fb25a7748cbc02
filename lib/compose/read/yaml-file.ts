import { LineCounter, isAlias, isCollection, isMap, isPair, isScalar, isSeq, parse, parseDocument, Scalar, visit } from 'yaml';
import type { Alias, Document, Node as YamlNode } from 'yaml';
import { ComposeError } from '../errors.ts';
import type { SourceLocation } from '../model.ts';
import { checkKey, newMapping, originOf, setOrigin, Tagged, type Mapping, type Tree } from './tree.ts';
import { composeCustomTags, treeValue } from './yaml-scalars.ts';
import { parseSimpleYaml } from './yaml-simple.ts';

/** Trees that contain `!reset` / `!override` tags; others need no tag stripping when merged. */
const tagged = new WeakSet<Mapping>();

export function hasMergeTags(tree: Mapping): boolean {
  return tagged.has(tree);
}

/**
 * Parses one Compose file into a plain tree. Origins (file/line/column of every key and list item)
 * are recorded while walking, so positions cost one pass and no path strings.
 */
export function parseComposeYaml(text: string, file: string): Mapping {
  return parseSimpleYaml(text, file) ?? parseWithLibrary(text, file);
}

/** The full YAML parser, for every file the simple reader leaves to it. Exported for tests. */
export function parseWithLibrary(text: string, file: string): Mapping {
  const lineCounter = new LineCounter();
  const doc = withPlainEnvironment(() =>
    parseDocument(text, {
      lineCounter,
      // The walker detects duplicate keys in linear time; the library's check is quadratic.
      uniqueKeys: false,
      merge: false,
      prettyErrors: false,
      customTags: composeCustomTags,
    }),
  );
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const [first] = doc.errors;
  if (first) {
    // The reader reports running out of stack on deep nesting as the JavaScript error it caught.
    const message =
      first.code === 'RESOURCE_EXHAUSTION'
        ? 'collections nested too deeply'
        : (first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML');
    throw new ComposeError(`invalid YAML: ${message}`, at(unclosedTokenStart(doc, text, first.pos[0]) ?? pastIndentation(text, first.pos[0])));
  }
  const walker = new Walker(at);
  const root = walker.convert(doc.contents, 0);
  // compose rejects a file without content (empty, comments only) rather than reading it as `{}`.
  if (root === null) throw new ComposeError('empty compose file', at(0));
  if (!(typeof root === 'object' && !Array.isArray(root) && !(root instanceof Tagged))) {
    throw new ComposeError('a Compose file must be a mapping at the top level', at(0));
  }
  if (walker.sawTags) tagged.add(root);
  return root;
}

/**
 * The yaml parser reads `process.env.LOG_TOKENS` for every token, and Node answers each read from
 * the real environment block, which costs ~0.1 s on a 20,000-line file. A plain copy answers the
 * same while the (synchronous) parse runs.
 */
function withPlainEnvironment<T>(run: () => T): T {
  const environment = process.env;
  process.env = { ...environment };
  try {
    return run();
  } finally {
    process.env = environment;
  }
}

/**
 * The yaml package reports a wrongly indented item at the start of its line (pixelfed's `networks:`
 * indented into a list: line 10, column 1); the item is where its indentation ends, where compose-go
 * points too.
 */
function pastIndentation(text: string, offset: number): number {
  let at = offset;
  // Not past a tab: a tab in the indentation is itself the error to fix.
  while (text[at] === ' ') at++;
  return text[at] === undefined || text[at] === '\n' || text[at] === '\r' ? offset : at;
}

/**
 * The yaml package reports an unclosed quote or flow collection where the input ends (often the
 * end of the file); the token to fix is the one left open, so this is where it starts.
 */
function unclosedTokenStart(doc: Document, text: string, errorOffset: number): number | undefined {
  let start: number | undefined;
  visit(doc, (_key, node) => {
    const range = (node as YamlNode | null)?.range;
    if (!range || range[1] !== errorOffset) return;
    const source = (): string => text.slice(range[0], range[1]);
    if (isScalar(node) && isUnclosedQuote(source())) start = range[0];
    if (isCollection(node) && node.flow && !/[\]}]/.test(source().trimEnd().at(-1) ?? '')) start = range[0];
  });
  return start;
}

function isUnclosedQuote(source: string): boolean {
  const quote = source[0];
  if (quote !== '"' && quote !== "'") return false;
  if (source.length < 2 || !source.endsWith(quote)) return true;
  // `\"` inside double quotes is an escaped quote, not the closing one.
  let backslashes = 0;
  for (let index = source.length - 2; index > 0 && source[index] === '\\'; index--) backslashes++;
  return quote === '"' && backslashes % 2 === 1;
}

const MAX_ALIAS_DEPTH = 64;
/**
 * The alias budget: text (keys and scalars) that aliases may copy, in all. Node counts alone let
 * a 1 MB string aliased 400 times through, which every later stage then copies 400 times.
 */
export const MAX_ALIASED_TEXT = 16 * 1024 * 1024;

/**
 * go-yaml v3's defence against alias bombs (a few lines that expand to billions of nodes), with
 * its thresholds, so compose and this loader reject the same documents.
 */
function allowedAliasRatio(decoded: number): number {
  const low = 400_000;
  const high = 4_000_000;
  if (decoded <= low) return 0.99;
  if (decoded >= high) return 0.1;
  return 0.99 - 0.89 * ((decoded - low) / (high - low));
}

class Walker {
  /**
   * Anchors seen so far, in document order. `Alias.resolve` searches the whole document for each
   * alias, which is quadratic on large files with many `<<: *common`.
   */
  private readonly anchors = new Map<string, unknown>();
  private decoded = 0;
  private decodedThroughAliases = 0;
  private aliasedText = 0;
  /** The alias being expanded at the top, where an alias bomb is reported. */
  private outermostAlias: unknown;
  sawTags = false;

  constructor(private readonly at: (offset: number) => SourceLocation) {}

  /** `key`: the mapping key whose value `node` is, when it is one (newMapping). */
  convert(node: unknown, depth: number, key?: string): Tree {
    if (node === null || node === undefined) return null;
    this.count(node, depth);
    if (isAlias(node)) return this.expand(node, depth, key);
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) this.anchors.set(anchor, node);
    const value = this.plain(node as YamlNode, depth, key);
    const tag = (node as YamlNode).tag;
    if (tag === '!reset' || tag === '!override') this.sawTags = true;
    if (tag === '!reset') return new Tagged('reset', null);
    if (tag === '!override') return new Tagged('override', value);
    return value;
  }

  private count(node: unknown, depth: number): void {
    this.decoded++;
    if (depth > 0) {
      this.decodedThroughAliases++;
      if (isScalar(node)) this.countAliasedText(String(node.value ?? '').length, node);
      else if (isMap(node)) for (const pair of node.items) if (isScalar(pair.key)) this.countAliasedText(String(pair.key.value ?? '').length, node);
    }
    if (this.decodedThroughAliases > 100 && this.decoded > 1000 && this.decodedThroughAliases / this.decoded > allowedAliasRatio(this.decoded)) {
      throw new ComposeError('invalid YAML: document contains excessive aliasing', this.locate(this.outermostAlias ?? node));
    }
  }

  private countAliasedText(length: number, node: unknown): void {
    this.aliasedText += length;
    if (this.aliasedText > MAX_ALIASED_TEXT) {
      throw new ComposeError(`invalid YAML: aliases copy more than ${MAX_ALIASED_TEXT / 1024 / 1024} MiB of text`, this.locate(this.outermostAlias ?? node));
    }
  }

  private expand(alias: Alias, depth: number, key: string | undefined): Tree {
    if (depth > MAX_ALIAS_DEPTH) throw new ComposeError('YAML aliases nested too deeply', this.locate(alias));
    const target = this.anchors.get(alias.source);
    if (target === undefined) throw new ComposeError(`unknown YAML alias *${alias.source}`, this.locate(alias));
    if (depth > 0) return this.convert(target, depth + 1, key);
    this.outermostAlias = alias;
    const value = this.convert(target, depth + 1, key);
    this.outermostAlias = undefined;
    return value;
  }

  private plain(node: YamlNode, depth: number, parentKey: string | undefined): Tree {
    if (isScalar(node)) return scalarValue(node);
    if (isSeq(node)) {
      const list: Tree[] = [];
      for (const item of node.items) {
        setOrigin(list, list.length, { location: this.locate(item) });
        list.push(this.convert(item, depth));
      }
      return list;
    }
    if (isMap(node)) {
      const mapping = newMapping(parentKey);
      const merged: unknown[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (isMergeKey(pair.key)) {
          merged.push(pair.value);
          continue;
        }
        if (typeof key === 'object' && key !== null) {
          throw new ComposeError('mapping keys must be scalars', this.locate(pair.key));
        }
        const name = String(key);
        const location = this.locate(pair.key);
        checkKey(name, location);
        if (name in mapping) {
          const first = originOf(mapping, name)?.location.line;
          throw new ComposeError(`invalid YAML: mapping key "${name}" already defined at line ${first}`, location);
        }
        setOrigin(mapping, name, { location });
        mapping[name] = this.convert(pair.value, depth, name);
      }
      for (const source of merged) this.applyMergeKey(mapping, source, depth);
      return mapping;
    }
    return null;
  }

  /** YAML 1.1 merge keys (`<<: *base`): explicit keys win over merged ones. */
  private applyMergeKey(mapping: Mapping, source: unknown, depth: number): void {
    const sources = isSeq(source) ? source.items : [source];
    for (const item of sources) {
      const value = this.convert(item, depth);
      if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Tagged) {
        throw new ComposeError('a merge key (<<) must refer to a mapping', this.locate(item));
      }
      for (const [key, inner] of Object.entries(value)) {
        if (key in mapping) continue;
        mapping[key] = inner;
        setOrigin(mapping, key, { location: this.locate(item) });
      }
    }
  }

  private locate(node: unknown): SourceLocation {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return this.at(range ? range[0] : 0);
  }
}

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/**
 * go-yaml v3's test (isMerge): `<<` untagged and plain, or with the non-specific tag `!`, or any
 * `<<` with the merge tag (`!!merge <<:`, which the yaml library reads as its own merge symbol). A
 * quoted `"<<"` is an ordinary key.
 */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  if (key.tag === MERGE_TAG) return true;
  return key.value === '<<' && key.type === Scalar.PLAIN && (key.tag === undefined || key.tag === '!');
}

function scalarValue(node: Scalar): Tree {
  const value: unknown = node.value;
  // An unknown tag (`!reset`, `!override`) leaves the source text; re-read plain scalars as YAML.
  if (node.tag === '!override' && typeof value === 'string' && node.type === Scalar.PLAIN) {
    return scalarValue(new Scalar(parse(value) as unknown));
  }
  return treeValue(value);
}
