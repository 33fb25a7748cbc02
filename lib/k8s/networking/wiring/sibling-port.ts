/**
 * A host and its port written as two keys of one mapping in a configuration file: Envoy's
 * `socket_address: { address: webapp, port_value: 80 }`, a YAML or JSON `host: db` beside
 * `port: 5433`, a TOML or INI section's `host = "db"` and `port = 5433`. The program joins them, so
 * the port is one the file's service connects to on that host, as much as `webapp:80` would be.
 * Unseen, Bigcapital's Envoy proxy (docker/envoy/envoy.yaml) reached its `webapp` cluster on port
 * 80, which compose does not declare for webapp: its Service carried no port, so the proxy's
 * requests for the web app went nowhere and nothing waited for webapp (until 2026-12-07).
 *
 * The file is never parsed (it may be any format): the mapping is the lines around the host's line
 * whose key starts in the same column, up to a line that starts left of it (the mapping's end) or a
 * `[section]` header; on the host's own line, the `{…}` around it when the mapping is written inline.
 * In XML, the host is an element's whole text and the port a sibling element of the same parent:
 * ClickHouse's `<zookeeper><node><host>zookeeper-1</host><port>2181</port></node>`. Unseen,
 * SigNoz's ClickHouse reached its ZooKeeper (signoz/zookeeper, no image whose port is known) on
 * 2181, which its Service did not carry: Replicated tables never came up (until 2026-12-07).
 */

/** The host key's name ends so; its port key has the same prefix. */
const HOST_KEY = /^(.*?)(hostname|host|address|addr|server)$/i;
/** What may follow the prefix in the port key: `port`, Envoy's `port_value`, `port_number`. */
const PORT_SUFFIX = /^port(?:[_-]?(?:value|number))?$/i;

/** A line's key and value: `key: value`, `"key": value,`, `key = value`, `- key: value`. */
const KEY_LINE = /^([ \t]*)(-[ \t]+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*[:=][ \t]*(.*)$/;
/** A port value: digits, maybe quoted, maybe followed by `,` or a comment. */
const PORT_VALUE = /^["']?(\d{1,5})["']?[ \t]*,?[ \t]*(?:[#;].*|\/\/.*)?\r?$/;
/** How far the mapping is searched on either side of the host's line (a mapping of a host and its port is short). */
const MAX_LINES = 64;
/** A line longer than this is no line of a mapping the search reads (a minified file). */
const MAX_LINE = 512;

/**
 * The port written beside the host key `key` of the name at `start`..`end` of `text`, or undefined
 * when the key names no host or no port key of its prefix stands in the same mapping.
 */
export function siblingPort(text: string, start: number, end: number, key: string): number | undefined {
  const hostKey = HOST_KEY.exec(key);
  if (hostKey === null) return undefined;
  const prefix = hostKey[1]!.toLowerCase();
  const isPortKey = (candidate: string): boolean =>
    candidate.toLowerCase().startsWith(prefix) && PORT_SUFFIX.test(candidate.slice(prefix.length));
  if (text[start - 1] === '>' && text[end] === '<') return xmlPort(text, start, end, isPortKey);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline;
  if (lineEnd - lineStart > MAX_LINE) return undefined;
  const inline = inlinePort(text.slice(lineStart, lineEnd), start - lineStart, end - lineStart, isPortKey);
  // A name inside `{…}` on its line belongs to that mapping alone: the lines around it are its parent's keys.
  return inline === null ? blockPort(text, lineStart, lineEnd, isPortKey) : inline;
}

/**
 * `{ "host": "db", "port": 5433 }` on one line: the port key inside the braces around the name, at
 * their depth; undefined when they hold none, null when the name is in no braces of its line.
 */
function inlinePort(line: string, start: number, end: number, isPortKey: (key: string) => boolean): number | undefined | null {
  let open = -1;
  for (let index = start - 1, depth = 0; index >= 0; index--) {
    const char = line[index];
    if (char === '}') depth++;
    else if (char === '{' && depth-- === 0) {
      open = index;
      break;
    }
  }
  if (open < 0) return null;
  let close = -1;
  for (let index = end, depth = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '{') depth++;
    else if (char === '}' && depth-- === 0) {
      close = index;
      break;
    }
  }
  if (close < 0) return null;
  // The members at the braces' own depth, split at their commas.
  const members: string[] = [];
  let from = open + 1;
  for (let index = open + 1, depth = 0; index <= close; index++) {
    const char = line[index];
    if (char === '{' || char === '[') depth++;
    else if ((char === '}' || char === ']') && index !== close) depth--;
    else if ((char === ',' && depth === 0) || index === close) {
      members.push(line.slice(from, index));
      from = index + 1;
    }
  }
  for (const member of members) {
    const pair = /^[ \t]*["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*[:=][ \t]*["']?(\d{1,5})["']?[ \t]*$/.exec(member);
    if (pair && isPortKey(pair[1]!)) return portNumber(pair[2]!);
  }
  return undefined;
}

/** The port key among the lines of the host's block mapping: those whose key starts in the host key's column. */
function blockPort(text: string, lineStart: number, lineEnd: number, isPortKey: (key: string) => boolean): number | undefined {
  const own = KEY_LINE.exec(text.slice(lineStart, lineEnd));
  if (own === null) return undefined;
  const column = own[1]!.length + (own[2]?.length ?? 0);
  const opensItem = own[2] !== undefined;
  // Down, then up: each stops at the mapping's end.
  for (const step of [1, -1] as const) {
    if (step === -1 && opensItem) break;
    let at = step === 1 ? lineEnd + 1 : lineStart - 1;
    for (let lines = 0; lines < MAX_LINES && at > 0 && at <= text.length; lines++) {
      const from = step === 1 ? at : text.lastIndexOf('\n', at - 1) + 1;
      const newline = step === 1 ? text.indexOf('\n', at) : at;
      const to = newline < 0 ? text.length : newline;
      const line = text.slice(from, to);
      at = step === 1 ? to + 1 : from - 1;
      if (line.length > MAX_LINE) return undefined;
      const content = line.trimStart();
      if (content === '' || content.startsWith('#') || content.startsWith('//') || content.startsWith(';')) continue;
      // A `[section]` header ends an INI or TOML section; `]`/`}` alone close a JSON value.
      if (/^\[[^\]]*\][ \t]*\r?$/.test(content)) break;
      const entry = KEY_LINE.exec(line);
      const indent = line.length - content.length;
      const keyColumn = entry ? entry[1]!.length + (entry[2]?.length ?? 0) : indent;
      if (keyColumn > column) continue;
      if (keyColumn < column) break;
      if (entry === null) {
        if (/^[}\]]/.test(content)) break;
        continue;
      }
      // A sequence item's first line (`- address: …`): down, the next item; up, the first key of this one.
      if (entry[2] !== undefined) {
        if (step === -1 && isPortKey(entry[3]!)) return portOf(entry[4]!);
        break;
      }
      if (isPortKey(entry[3]!)) return portOf(entry[4]!);
    }
  }
  return undefined;
}

/** How far the parent element is searched on either side of the host's element, in characters and in tags. */
const MAX_XML_SPAN = 8192;
const MAX_XML_TAGS = 256;
/** A tag's name after its `<` or `</`. */
const XML_NAME = /^<\/?([A-Za-z_][A-Za-z0-9_.:-]*)/;

/**
 * `<port>2181</port>` among the siblings of the element whose whole text is at `start`..`end`: the
 * elements of the same parent, before and after it, at its depth (comments, nested elements and
 * self-closing tags skipped). Undefined when no sibling is a port element holding a number.
 */
function xmlPort(text: string, start: number, end: number, isPortKey: (key: string) => boolean): number | undefined {
  const open = text.lastIndexOf('<', start - 1);
  const close = text.indexOf('>', end);
  if (open < 0 || close < 0 || start - open > 256 || close - end > 256) return undefined;
  return xmlSiblingPort(text, close + 1, 1, isPortKey) ?? xmlSiblingPort(text, open, -1, isPortKey);
}

/** The port element found walking the parent's children from `from` in direction `step`, at depth 0. */
function xmlSiblingPort(text: string, from: number, step: 1 | -1, isPortKey: (key: string) => boolean): number | undefined {
  const limit = step === 1 ? Math.min(text.length, from + MAX_XML_SPAN) : Math.max(0, from - MAX_XML_SPAN);
  let depth = 0;
  let at = from;
  for (let tags = 0; tags < MAX_XML_TAGS; tags++) {
    // The next tag in the direction of the walk: `lt`..`gt` inclusive.
    let lt: number;
    let gt: number;
    if (step === 1) {
      lt = text.indexOf('<', at);
      if (lt < 0 || lt >= limit) return undefined;
      if (text.startsWith('<!--', lt)) {
        const endComment = text.indexOf('-->', lt + 4);
        if (endComment < 0) return undefined;
        at = endComment + 3;
        continue;
      }
      gt = text.indexOf('>', lt);
      if (gt < 0) return undefined;
      at = gt + 1;
    } else {
      gt = text.lastIndexOf('>', at - 1);
      if (gt < 0 || gt < limit) return undefined;
      if (text.startsWith('-->', gt - 2)) {
        const startComment = text.lastIndexOf('<!--', gt - 3);
        if (startComment < 0) return undefined;
        at = startComment;
        continue;
      }
      lt = text.lastIndexOf('<', gt);
      if (lt < 0) return undefined;
      at = lt;
    }
    const tag = text.slice(lt, gt + 1);
    if (tag.startsWith('<?') || tag.startsWith('<!') || tag.endsWith('/>')) continue;
    const name = XML_NAME.exec(tag)?.[1];
    if (name === undefined) return undefined;
    const closing = tag.startsWith('</');
    // Walking forward, an opening tag enters a sibling and a closing one at depth 0 ends the parent; backward, the reverse.
    const enters = step === 1 ? !closing : closing;
    if (!enters) {
      if (depth === 0) return undefined;
      depth--;
      continue;
    }
    if (depth === 0 && isPortKey(name)) {
      // `<port>N</port>`: the element's whole text, between its own two tags.
      const value = step === 1 ? text.slice(gt + 1, text.indexOf('<', gt + 1)) : text.slice(text.lastIndexOf('>', lt - 1) + 1, lt);
      const digits = /^[ \t\r\n]*(\d{1,5})[ \t\r\n]*$/.exec(value)?.[1];
      if (digits !== undefined) return portNumber(digits);
    }
    depth++;
  }
  return undefined;
}

function portOf(value: string): number | undefined {
  const match = PORT_VALUE.exec(value);
  return match ? portNumber(match[1]!) : undefined;
}

function portNumber(digits: string): number | undefined {
  const port = Number(digits);
  return port >= 1 && port <= 65535 ? port : undefined;
}
