/**
 * Finds the places in a text where a host name is used as a host: a URL's host, `host:port`, a
 * whole value or word, an item of a host list, the right side of an assignment. Compose containers
 * reach each other by such names, so these are the places that must keep resolving once the stack
 * runs on Kubernetes. One linear pass over the text, whatever its size.
 */
import { commentTest } from '../comment-lines.ts';

/**
 * How strongly the text's layout tells hosts from other words:
 * - `words`: an environment value, a command word, a healthcheck test — short values, where a
 *   name standing alone between blanks, commas or `=` is a host (`-h db`, `DB_HOST=db`, `a,b`);
 * - `file`: a configuration file, where only URL hosts, `host:port`, quoted names and the right
 *   side of an assignment count (a name alone in prose or as an nginx upstream label does not).
 */
export type ScanMode = 'words' | 'file';

export type ReferenceForm = 'url' | 'host-port' | 'bare';

export interface HostReference<T> {
  /** What the looked-up name stands for. */
  readonly target: T;
  /** The name as written. */
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly form: ReferenceForm;
  /** The port the reference connects to: explicit, or the URL scheme's default. */
  readonly port?: number;
  /** The port is none the text writes: the URL scheme's default, or nginx's 80 for a `server` line without one. */
  readonly portImplied?: true;
  /**
   * For a name standing alone (`bare`) or with a port (`host-port`): the key it is assigned to
   * (`DB_HOST` in `DB_HOST=db`, `--host` in `--host=db`, `host` in `host: db`) or else the word
   * before it (`-h` in `-h db`), so the caller can tell a host from a user, a database or an
   * image that happens to share the name.
   */
  readonly lead?: string;
  /** The lead is no key but the first word of its line, and the name its operand (`FROM` in a Dockerfile's `FROM postgres:11`). */
  readonly leadOpensLine?: boolean;
  /** `host:port/…`: a path follows the port (an image's registry, `registry:5000/app:1`). */
  readonly pathFollows?: boolean;
  /** The name is the whole text. */
  readonly whole?: boolean;
  /** The name is an item of a `,`/`;` separated list, or of a value that is a list of names separated by blanks (blankList). */
  readonly listItem?: boolean;
  /**
   * The name follows `id@` without a port: an Erlang node's name (`emqx@node1.emqx.io` in EMQX's
   * seeds) or an e-mail address (`admin@mail`); host-positions.ts tells them apart by the variable.
   */
  readonly nodeName?: boolean;
}

/**
 * Object-store URL schemes, whose authority is a bucket, not a host: mlflow's
 * `MLFLOW_ARTIFACTS_DESTINATION: s3://mlflow` names the bucket `mlflow`, read as the service itself
 * until 2026-12-07 (its pod was given the hostname `mlflow`, and a bucket named after a service with
 * an underscore would have been rewritten to its Service's name).
 */
const BUCKET_SCHEMES: ReadonlySet<string> = new Set(['s3', 's3a', 's3n', 'gs', 'gcs', 'oss', 'cos']);

/** Ports of URL schemes whose URLs often leave the port out. */
const SCHEME_PORTS: Readonly<Record<string, number>> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  redis: 6379,
  rediss: 6379,
  amqp: 5672,
  amqps: 5671,
  mongodb: 27017,
  nats: 4222,
  mqtt: 1883,
  mqtts: 8883,
  memcached: 11211,
  smtp: 25,
  ldap: 389,
  ldaps: 636,
};

// Host names as compose writes them: letters, digits, `_`, `.`, `-`.
const TOKEN = /[A-Za-z0-9_][A-Za-z0-9_.-]*/g;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const BLANK = /\s/;
/** Characters after which a name standing alone starts a value. */
const WORD_START = new Set([',', ';', '=', '"', "'", '(', '[', '{', '|', '>', '<']);
const WORD_END = new Set([',', ';', '"', "'", ')', ']', '}', '|', '&', '<', '>']);
const QUOTES = new Set(['"', "'", '`']);

/**
 * Every host reference in `text` to a name `lookup` knows (it is given the name as written and
 * answers undefined for names that are no host of interest). References never overlap and come
 * in text order.
 */
export function hostReferences<T>(text: string, mode: ScanMode, lookup: (name: string) => T | undefined): HostReference<T>[] {
  const references: HostReference<T>[] = [];
  const listed = mode === 'words' && blankList(text);
  const upstreams = mode === 'file' ? nginxUpstreams(text) : undefined;
  // A file's commented-out line is no setting its program reads (`# proxy_pass http://app:9999;`).
  const commented = mode === 'file' ? commentTest(text) : undefined;
  let block = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    // A trailing `.` or `-` ends a sentence or a flag, not the name (`reach db.`).
    const name = match[0].replace(/[.-]+$/, '');
    const start = match.index;
    const end = start + name.length;
    const target = lookup(name);
    if (target === undefined || commented?.(start)) continue;
    const reference = classify(text, start, end, mode) ?? (upstreams ? upstreamServer(text, start, end, upstreams.blocks, (at) => (block = at), block) : undefined);
    // `proxy_pass http://lemmy` names the file's `upstream lemmy { server lemmy:8536; }` group, not
    // a host: as lemmy's port 80 it made the Service carry a port nothing listens on, and lemmy's
    // guessed readiness probe and its dependents' waits used it (LemmyNet/lemmy's docker/nginx.conf,
    // until 2026-12-06). The group's `server` lines are the references.
    if (reference?.form === 'url' && upstreams?.names.has(name)) continue;
    if (reference) references.push({ target, name, start, end, ...reference, ...(listed && reference.form === 'bare' ? { listItem: true, lead: '' } : {}) });
  }
  return references;
}

/** A value of two or more names and nothing else, separated by blanks. */
const BLANK_LIST = /^\s*[A-Za-z0-9_-]+(?:[ \t]+[A-Za-z0-9_-]+)+\s*$/;

/**
 * Whether the text is a list of names separated by blanks: bitnami's redis-cluster names its
 * members `REDIS_NODES=redis-node-0 redis-node-1 … redis-node-5` (bitnami/containers' own compose
 * file). Its items were no hosts, as a name among other words is none, so the members were not
 * known to name each other (until 2026-12-07). Names only: a sentence or a command has other
 * words, and a value with an address (`localhost 127.0.0.1`) is no such list.
 */
function blankList(text: string): boolean {
  return text.length <= 4096 && BLANK_LIST.test(text);
}

/**
 * `server web;` (or `server web weight=2;`) inside an upstream block: nginx connects to port 80,
 * the port `proxy_pass http://web` gave before the group's name stopped counting as a host.
 * `from` is the index of the first block that may hold `start` (the text is scanned in order);
 * `moved` records the index reached.
 */
function upstreamServer(text: string, start: number, end: number, blocks: readonly (readonly [number, number])[], moved: (at: number) => void, from: number): Classified | undefined {
  let at = from;
  while (at < blocks.length && blocks[at]![1] <= start) at++;
  moved(at);
  if (at >= blocks.length || blocks[at]![0] > start) return undefined;
  const after = text[end] ?? '';
  if (after !== ';' && !BLANK.test(after)) return undefined;
  if (!/(^|[\s;{])server\s+$/.test(text.slice(Math.max(0, start - 16), start))) return undefined;
  return { form: 'bare', lead: 'server', port: 80, portImplied: true };
}

const NGINX_UPSTREAM = /(?:^|[\s;{}])upstream\s+([A-Za-z0-9_.-]+)\s*\{/g;

/** The names of the nginx `upstream NAME { … }` blocks of a configuration file, and where each block is, in text order. */
function nginxUpstreams(text: string): { readonly names: ReadonlySet<string>; readonly blocks: readonly (readonly [number, number])[] } {
  const names = new Set<string>();
  const blocks: [number, number][] = [];
  // The first `}` at or after each block's opening; one found before is reused, so the text is
  // searched once however many blocks open before it.
  let close = -1;
  for (const match of text.matchAll(NGINX_UPSTREAM)) {
    names.add(match[1]!);
    const open = match.index + match[0].length;
    if (close < open && close !== text.length) {
      close = text.indexOf('}', open);
      if (close < 0) close = text.length;
    }
    blocks.push([open, close]);
  }
  return { names, blocks };
}

/** `text` with every reference replaced by what `replacement` gives for it (unchanged where undefined). */
export function rewriteReferences<T>(
  text: string,
  references: readonly HostReference<T>[],
  replacement: (reference: HostReference<T>) => string | undefined,
): string {
  let rewritten = '';
  let from = 0;
  for (const reference of references) {
    const replaced = replacement(reference);
    if (replaced === undefined) continue;
    rewritten += text.slice(from, reference.start) + replaced;
    from = reference.end;
  }
  return from === 0 ? text : rewritten + text.slice(from);
}

type Classified = Pick<HostReference<unknown>, 'form' | 'port' | 'portImplied' | 'lead' | 'leadOpensLine' | 'pathFollows' | 'whole' | 'listItem' | 'nodeName'>;

function classify(text: string, start: number, end: number, mode: ScanMode): Classified | undefined {
  const before = start > 0 ? text[start - 1]! : '';
  const after = end < text.length ? text[end]! : '';
  // Part of a longer host name (`db.example.com`, `my-db`): not this name.
  if (NAME_CHAR.test(before) || (after !== '' && after !== '.' && after !== '-' && NAME_CHAR.test(after))) return undefined;
  if (after === '.' && NAME_CHAR.test(text[end + 1] ?? '')) return undefined;
  if (after === '-' && NAME_CHAR.test(text[end + 1] ?? '')) return undefined;
  const port = portAfter(text, end);
  const scheme = urlScheme(text, start, end);
  if (scheme !== undefined) {
    if (BUCKET_SCHEMES.has(scheme.toLowerCase())) return undefined;
    // `scheme://user@host`: a name followed by `@` is the URL's user, not its host. AFFiNE's
    // `postgresql://affine@postgres:5432/affine` named the service `affine` as dialled on 5432
    // (its Service got the port, and its readiness probe a warning) until 2026-12-07.
    if (after === '@') return undefined;
    const defaultPort = scheme === '' ? undefined : SCHEME_PORTS[scheme.toLowerCase()];
    if (port === null) return undefined;
    const known = port ?? defaultPort;
    return { form: 'url', ...(known !== undefined ? { port: known } : {}), ...(port === undefined && known !== undefined ? { portImplied: true as const } : {}) };
  }
  // `scheme://`: the name is the scheme here, not a host.
  if (text.startsWith('://', end)) return undefined;
  const startsValue = start === 0 || WORD_START.has(before) || BLANK.test(before) || before === '@';
  // `id@host:port` (Kafka's and etcd's voter lists, `user@host:port`): an address; `admin@db` alone is an e-mail domain.
  if (typeof port === 'number') {
    if (!startsValue && !(before === '/' && afterSetName(text, start - 1))) return undefined;
    return { form: 'host-port', port, ...leadOf(text, start), ...(text[end + 1 + digitsAt(text, end + 1)] === '/' ? { pathFollows: true } : {}) };
  }
  if (port === null) return undefined;
  const endsValue = end === text.length || WORD_END.has(after) || BLANK.test(after) || after === '/' || after === '.';
  if (!endsValue) return undefined;
  // `admin@db` alone is an e-mail domain, or a node of an Erlang cluster: the variable decides (host-positions.ts).
  if (before === '@') return mode === 'words' ? { form: 'bare', nodeName: true, ...(after === ',' || after === ';' ? { listItem: true } : {}) } : undefined;
  const bare = { form: 'bare' as const, ...leadOf(text, start), ...(start === 0 && end === text.length ? { whole: true } : {}),
    ...(before === ',' || before === ';' || after === ',' || after === ';' ? { listItem: true } : {}) };
  if (mode === 'words') return startsValue ? bare : undefined;
  const listKey = yamlSequenceKey(text, start, end);
  if (listKey !== undefined) return { form: 'bare', lead: listKey };
  if (QUOTES.has(before) && after === before) return bare;
  // An XML element's whole text (ClickHouse's `<host>clickhouse-keeper-01</host>`): its tag is the key.
  if (before === '>' && after === '<') {
    const tag = xmlTagBefore(text, start);
    return tag === undefined ? undefined : { form: 'bare', lead: tag };
  }
  return isAssignedValue(text, start) && (end === text.length || after === ';' || after === ',' || QUOTES.has(after) || BLANK.test(after)) ? bare : undefined;
}

/**
 * Whether the `/` at `slash` ends a replica set's name that starts a value: MongoDB's
 * `--configdb cfg/config01:27117,config02:27117` and `sh.addShard("rs1/shard01a:27018")` name the
 * set, then its members. Until 2026-12-07 the first member was no reference: its Service carried
 * 27017, the image's port, and mongos could not reach the config servers on 27117.
 */
function afterSetName(text: string, slash: number): boolean {
  let index = slash - 1;
  while (index >= 0 && NAME_CHAR.test(text[index]!) && slash - index < 256) index--;
  if (index === slash - 1) return false;
  const before = index >= 0 ? text[index]! : '';
  return before === '' || BLANK.test(before) || WORD_START.has(before);
}

/**
 * The key a name is assigned to, or the word before it ('' at the start of the text), and whether that word opens its line.
 * An item after the first of a list has the list's lead: CockroachDB's `--join=roach-0,roach-1,roach-2`
 * led roach-1 by `--join=roach-0,`, no host flag, so only roach-0 was known to be named by the
 * members (dbist/cockroach-docker, ScyllaDB's `--seeds=a,b`, until 2026-12-07).
 */
function leadOf(text: string, start: number): Pick<HostReference<unknown>, 'lead' | 'leadOpensLine'> {
  let index = start - 1;
  while (index >= 0 && (text[index] === ' ' || text[index] === '\t' || QUOTES.has(text[index]!))) index--;
  if (index >= 0 && text[index] === ',') {
    const first = listStart(text, index);
    if (first < index) return leadOf(text, first);
  }
  const key = index >= 0 && (text[index] === '=' || text[index] === ':' || (text[index] === '>' && text[index - 1] === '='));
  if (index >= 0 && (text[index] === '=' || text[index] === ':')) index--;
  if (index >= 0 && text[index] === '>' && text[index - 1] === '=') index -= 2;
  while (index >= 0 && (text[index] === ' ' || text[index] === '\t' || QUOTES.has(text[index]!))) index--;
  const end = index + 1;
  while (index >= 0 && !BLANK.test(text[index]!) && !QUOTES.has(text[index]!) && end - index < 256) index--;
  const lead = text.slice(index + 1, end);
  if (key || lead === '') return { lead };
  // Back over the indentation: the word opens its line when a line break or the text's start comes first.
  const wordStart = index + 1;
  while (index >= 0 && (text[index] === ' ' || text[index] === '\t') && wordStart - index < 256) index--;
  return index < 0 || text[index] === '\n' ? { lead, leadOpensLine: true } : { lead };
}

/**
 * Where the list whose separator is at `comma` starts: after the `=` of its key (`--join=a,b`), or
 * after the blank before it (`seeds: a, b`, a blank after a separator being part of the list).
 */
function listStart(text: string, comma: number): number {
  let index = comma;
  while (index > 0 && comma - index < 2048) {
    const char = text[index - 1]!;
    if (char === '=' || char === '\n' || QUOTES.has(char)) break;
    if (BLANK.test(char) && text[index - 2] !== ',') break;
    index--;
  }
  while (index < comma && BLANK.test(text[index]!)) index++;
  return index;
}

/** How many digits start at `index` (a port has at most 6, leading zeros included). */
function digitsAt(text: string, index: number): number {
  let count = 0;
  while (count < 6 && text.charCodeAt(index + count) >= 48 && text.charCodeAt(index + count) <= 57) count++;
  return count;
}

/**
 * The port written after the name: a number, undefined when there is none, null when a `:` follows
 * that is not a port (`user:password@`, `image:tag-name`).
 */
function portAfter(text: string, end: number): number | undefined | null {
  if (text[end] !== ':') return undefined;
  const index = end + 1 + digitsAt(text, end + 1);
  if (index === end + 1) return text[end + 1] === '/' ? undefined : null;
  const next = text[index] ?? '';
  // `user:1234@host` is a password; `name:12ab` a tag.
  if (next === '@' || (next !== '' && next !== '.' && NAME_CHAR.test(next))) return null;
  const port = Number(text.slice(end + 1, index));
  return port >= 1 && port <= 65535 ? port : null;
}

/**
 * The URL scheme when the name is a URL's host (`scheme://name`, `scheme://user:pw@name`,
 * `mongodb://a:1,name:2`): '' for a scheme-less `//name`, undefined when it is no URL host.
 */
function urlScheme(text: string, start: number, end: number): string | undefined {
  const before = text[start - 1];
  if (before !== '/' && before !== '@' && before !== ',') return undefined;
  // Back to the start of the URL: the blank, quote or start of text before it.
  let index = start - 1;
  while (index > 0 && !BLANK.test(text[index - 1]!) && !QUOTES.has(text[index - 1]!) && start - index < 2048) index--;
  const prefix = text.slice(index, start);
  // The nearest `//`: in `PLAINTEXT://a:1,CONTROLLER://name:2` the name belongs to the second URL.
  const separator = prefix.lastIndexOf('//');
  if (separator < 0) return undefined;
  const authority = prefix.slice(separator + 2);
  // Only the authority part: `http://a/b/name` has `name` in its path.
  if (authority.includes('/')) return undefined;
  if (before === ',' && !authority.includes(',')) return undefined;
  // `etcd1=http://etcd1:2380,etcd2=http://etcd2:2380`: a name followed by `=` starts the next item
  // of a list of named URLs, not a further host of the URL before it (etcd2 got port 80, http's).
  if (before === ',' && text[end] === '=') return undefined;
  const scheme = /([A-Za-z][A-Za-z0-9+.-]*):$/.exec(prefix.slice(0, separator))?.[1];
  return scheme ?? (separator === 0 ? '' : undefined);
}

/** The name of the XML start tag that ends just before `start` (`host` for `<host>`), undefined for any other `>`. */
function xmlTagBefore(text: string, start: number): string | undefined {
  // Back to its `<`: a start tag is short; the bound keeps the scan linear.
  let index = start - 2;
  while (index >= 0 && text[index] !== '<' && text[index] !== '>' && start - index < 256) index--;
  if (text[index] !== '<') return undefined;
  return /^([A-Za-z_][A-Za-z0-9_.:-]*)(\s[^<>]*)?$/.exec(text.slice(index + 1, start - 1))?.[1];
}

/**
 * For a name that is a whole item of a YAML block sequence (`- name` or `- "name"` alone on its
 * line), the key the sequence belongs to: OpenSearch's `discovery.seed_hosts:` followed by one
 * `- wazuh1.indexer` per line. Such items stood in no position the file mode counted, so the
 * multi-node indexers of wazuh/wazuh-docker kept seeding each other by compose names no Service
 * answers to, and the cluster never formed (until 2026-12-07). The key decides, in
 * host-positions.ts, whether the items are hosts (`seed_hosts`) or node names
 * (`cluster.initial_master_nodes`). Undefined for anything else.
 */
const LINE_BOUND = 256;

function yamlSequenceKey(text: string, start: number, end: number): string | undefined {
  // An item's line is short: each search is bounded, or a long one-line file (minified JSON) would
  // be scanned again for every name in it.
  let lineStart = start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && start - lineStart < LINE_BOUND) lineStart--;
  if (lineStart > 0 && text[lineStart - 1] !== '\n') return undefined;
  const item = /^([ \t]*)-[ \t]+(["']?)$/.exec(text.slice(lineStart, start));
  if (item === null) return undefined;
  const quote = item[2]!;
  if (quote !== '' && text[end] !== quote) return undefined;
  const after = text.slice(end + quote.length, end + quote.length + LINE_BOUND);
  const lineEnd = after.indexOf('\n');
  if (lineEnd < 0 && end + quote.length + LINE_BOUND < text.length) return undefined;
  const rest = lineEnd < 0 ? after : after.slice(0, lineEnd);
  if (!/^[ \t]*(#.*)?\r?$/.test(rest)) return undefined;
  const dash = item[1]!.length;
  // Back over the sequence's other items to the line that opens it; a bound keeps the scan short
  // (a list of more items than that is no list of a stack's hosts).
  let at = lineStart - 1;
  for (let lines = 0; at > 0 && lines < 256; lines++) {
    const previousStart = text.lastIndexOf('\n', at - 1) + 1;
    const line = text.slice(previousStart, at).replace(/\r$/, '');
    at = previousStart - 1;
    const indent = /^[ \t]*/.exec(line)![0].length;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (indent === dash && line.trimStart().startsWith('-')) continue;
    if (indent > dash) continue;
    return /^[ \t]*(?:-[ \t]+)?["']?([^\s"'#:][^"'#:]*?)["']?[ \t]*:[ \t]*(#.*)?$/.exec(line)?.[1];
  }
  return undefined;
}

/** `key = name`, `key: name`, `'key' => name` on the name's line. */
function isAssignedValue(text: string, start: number): boolean {
  let index = start - 1;
  while (index >= 0 && (text[index] === ' ' || text[index] === '\t' || QUOTES.has(text[index]!))) index--;
  const char = text[index];
  if (char === '=' || (char === '>' && text[index - 1] === '=')) return true;
  return char === ':' && index > 0 && NAME_CHAR.test(text[index - 1] ?? '') === true;
}
