/**
 * Recognizes healthchecks that only fetch a URL from the container itself (`curl -f`, `wget`,
 * Python `urllib`/`requests`, node `http.get`) or only open a TCP connection to it (`nc -z`), so
 * that the kubelet can probe with httpGet or tcpSocket and the image needs no client.
 */
import { isSensitiveName } from '../../compose/sensitivity.ts';

export type NetworkCheck = HttpCheck | TcpCheck;

export interface TcpCheck {
  readonly kind: 'tcp';
  readonly port: number;
}

export interface HttpCheck {
  readonly kind: 'http';
  readonly scheme: 'HTTP' | 'HTTPS';
  readonly port: number;
  /** Path and query, e.g. `/health?full=1`. */
  readonly path: string;
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  /**
   * The name an HTTPS check sends as its TLS server name (SNI): `localhost`, which curl, wget, node
   * and Python send for `https://localhost/…`. The kubelet sends its probe to the pod's address,
   * with no server name, so a server that picks its certificate by name refuses the handshake.
   */
  readonly serverName?: string;
}

export const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0']);
// A trailing `|| exit 1` only turns any failure into exit status 1, which is what a probe sees anyway.
const EXIT_ON_FAILURE = /\s*\|\|\s*(?:exit(?:\s+[1-9]\d*)?|false)\s*;?\s*$/;

/**
 * Checks by test, as JSON: services of one estate mostly share a few tests, and parsing a URL costs
 * tens of microseconds (issue 7). The checks are never modified, so they can be shared.
 */
const checksByTest = new Map<string, NetworkCheck | undefined>();

/** The network check a normalized healthcheck test (`['CMD', …]` / `['CMD-SHELL', script]`) performs, if that is all it does. */
export function networkCheckOf(test: readonly string[]): NetworkCheck | undefined {
  const key = JSON.stringify(test);
  if (checksByTest.has(key)) return checksByTest.get(key);
  const check = parsedCheckOf(test);
  checksByTest.set(key, check);
  return check;
}

function parsedCheckOf(test: readonly string[]): NetworkCheck | undefined {
  const [kind, ...rest] = test;
  if (kind === 'CMD-SHELL' && rest.length === 1) return fromScript(rest[0] ?? '');
  if (kind === 'CMD') return fromWords(rest);
  return undefined;
}

function fromScript(script: string): NetworkCheck | undefined {
  const tcp = fromDevTcp(script);
  if (tcp) return tcp;
  const words = shellWords(script.replace(EXIT_ON_FAILURE, ''));
  return words ? fromWords(words) : undefined;
}

/** `exit $?` (or a bare `exit`) at the end: it exits with the last command's status, which a probe sees anyway. */
const EXIT_WITH_STATUS = /(?:^|[;\n])\s*exit(?:\s+\$\?)?\s*;?\s*$/;
/**
 * bash's TCP idiom, one statement that opens a connection to the container's own port and writes
 * nothing that matters: `printf "GET / HTTP/1.1\n\n" > /dev/tcp/127.0.0.1/5688`, `echo >`, `:>`,
 * `exec 3<>`. It succeeds when the connection opens, as a tcpSocket probe does.
 */
const DEV_TCP = /^(?:(?:printf|echo)(?:\s[^;|&<>]*)?|:|exec\s+\d*)?\s*(?:<>|>)\s*\/dev\/tcp\/([^/\s]+)\/(\d+)$/;

/**
 * A script that only tries a TCP connection to the container itself through bash's /dev/tcp:
 * risingwave's compose checks each node (and its Grafana, MinIO) with
 * `bash -c 'printf "GET / HTTP/1.1\n\n" > /dev/tcp/127.0.0.1/3001; exit $?;'`. As a command, the
 * probe needs bash in the image: grafana-oss's Alpine image has none, so its liveness probe failed
 * and the kubelet restarted Grafana forever, where compose only called it unhealthy (until
 * 2026-12-06). A tcpSocket probe checks the same connection with nothing in the image.
 */
function fromDevTcp(script: string): TcpCheck | undefined {
  const statement = script.trim().replace(EXIT_WITH_STATUS, '').trim().replace(/;$/, '').trim();
  const match = DEV_TCP.exec(statement);
  if (!match) return undefined;
  const [, host = '', port = ''] = match;
  return LOCAL_HOSTS.has(host) ? { kind: 'tcp', port: Number(port) } : undefined;
}

function fromWords(words: readonly string[]): NetworkCheck | undefined {
  const [program, ...args] = words;
  if (program === undefined) return undefined;
  const name = program.slice(program.lastIndexOf('/') + 1);
  if ((name === 'sh' || name === 'bash') && args.length === 2 && args[0] === '-c') return fromScript(args[1] ?? '');
  if (name === 'curl') return fromCurl(args);
  if (name === 'wget') return fromWget(args);
  if (name === 'nc' || name === 'netcat') return fromNetcat(args);
  if (/^python[23]?(\.\d+)?$/.test(name) && args.length === 2 && args[0] === '-c') return fromPython(args[1] ?? '');
  if ((name === 'node' || name === 'nodejs') && args.length === 2 && ['-e', '--eval'].includes(args[0] ?? '')) {
    return fromNode(args[1] ?? '');
  }
  return undefined;
}

/** Splits a POSIX shell command into words; undefined when it uses anything but plain words and quotes. */
function shellWords(script: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < script.length; i++) {
    const char = script[i] as string;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '$' || char === '`') return undefined;
      else if (char === '\\' && i + 1 < script.length && '"\\$`'.includes(script[i + 1] as string)) word += script[++i];
      else word += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if ('|&;<>()$`'.includes(char) || (char === '#' && word === undefined)) {
      // Glob characters stay: a URL pattern matches no file, so the shell keeps it literally.
      return undefined;
    } else if (char === '\\') {
      word = (word ?? '') + (script[++i] ?? '');
    } else {
      word = (word ?? '') + char;
    }
  }
  if (quote) return undefined;
  if (word !== undefined) words.push(word);
  return words;
}

interface OptionSpec {
  /** Options that only switch something on. */
  readonly flags: ReadonlySet<string>;
  /** Options followed by a value (`-o FILE`, `--max-time=5`). */
  readonly valued: ReadonlySet<string>;
}

interface ParsedOptions {
  readonly present: ReadonlySet<string>;
  readonly values: readonly (readonly [string, string])[];
  readonly operands: readonly string[];
}

/** getopt-like parsing of the options a URL fetch may carry; undefined on anything else. */
function parseOptions(args: readonly string[], spec: OptionSpec): ParsedOptions | undefined {
  const present = new Set<string>();
  const values: [string, string][] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('--')) {
      const [option, inline] = splitOnce(arg, '=');
      if (spec.flags.has(option) && inline === undefined) present.add(option);
      else if (spec.valued.has(option)) {
        const value = inline ?? args[++i];
        if (value === undefined) return undefined;
        values.push([option, value]);
      } else return undefined;
    } else if (arg.startsWith('-') && arg.length > 1) {
      // Multi-letter short options such as wget's `-nv` come first, then clusters like `-fsSL` or `-qO-`.
      if (spec.flags.has(arg)) {
        present.add(arg);
        continue;
      }
      for (let j = 1; j < arg.length; j++) {
        const option = `-${arg[j]}`;
        if (spec.flags.has(option)) present.add(option);
        else if (spec.valued.has(option)) {
          const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
          if (value === undefined) return undefined;
          values.push([option, value]);
          break;
        } else return undefined;
      }
    } else operands.push(arg);
  }
  return { present, values, operands };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

const CURL: OptionSpec = {
  flags: new Set(['-f', '-s', '-S', '-L', '-k', '-I', '--fail', '--fail-with-body', '--silent', '--show-error',
    '--location', '--insecure', '--head']),
  valued: new Set(['-o', '-m', '-H', '-X', '--output', '--max-time', '--connect-timeout', '--header', '--request',
    '--retry', '--retry-delay']),
};

function fromCurl(args: readonly string[]): HttpCheck | undefined {
  const parsed = parseOptions(args, CURL);
  // Without --fail curl succeeds on any HTTP answer, 500 included: httpGet would be stricter.
  if (!parsed || !['-f', '--fail', '--fail-with-body'].some((flag) => parsed.present.has(flag))) return undefined;
  const method = parsed.values.find(([option]) => option === '-X' || option === '--request');
  if (method && method[1].toUpperCase() !== 'GET') return undefined;
  const headers = parsed.values.filter(([option]) => option === '-H' || option === '--header').map(([, h]) => h);
  return parsed.operands.length === 1 ? checkOf(parsed.operands[0] as string, headers) : undefined;
}

const WGET: OptionSpec = {
  flags: new Set(['-q', '-nv', '-S', '--quiet', '--spider', '--no-verbose', '--server-response',
    '--no-check-certificate']),
  valued: new Set(['-O', '-t', '-T', '-Y', '--output-document', '--tries', '--timeout', '--header']),
};

/** wget exits non-zero on every HTTP error status, with or without `--spider`. */
function fromWget(args: readonly string[]): HttpCheck | undefined {
  const parsed = parseOptions(args, WGET);
  if (!parsed || parsed.operands.length !== 1) return undefined;
  const headers = parsed.values.filter(([option]) => option === '--header').map(([, h]) => h);
  return checkOf(parsed.operands[0] as string, headers);
}

const NETCAT: OptionSpec = { flags: new Set(['-z', '-v', '-n', '-4', '-6']), valued: new Set(['-w']) };

/** `nc -z localhost 5432`: a connection attempt and nothing else. */
function fromNetcat(args: readonly string[]): TcpCheck | undefined {
  const parsed = parseOptions(args, NETCAT);
  if (!parsed?.present.has('-z') || parsed.operands.length !== 2) return undefined;
  const [host = '', port = ''] = parsed.operands;
  return LOCAL_HOSTS.has(host) && /^\d+$/.test(port) ? { kind: 'tcp', port: Number(port) } : undefined;
}

const STRING = String.raw`(['"])([^'"\\]+)\1`;
const TIMEOUT_ARG = String.raw`(?:\s*,\s*timeout\s*=\s*[\d.]+)?`;
const PYTHON_FETCHES = [
  // urlopen raises on HTTP error statuses.
  new RegExp(String.raw`^(?:[\w.]*\.)?urlopen\(\s*${STRING}${TIMEOUT_ARG}\s*\)(?:\.read\(\))?$`),
  // requests.get alone accepts error statuses; the probe is stricter there, like `.raise_for_status()`.
  new RegExp(String.raw`^(?:requests\.)?get\(\s*${STRING}${TIMEOUT_ARG}\s*\)(?:\.raise_for_status\(\))?$`),
];
const PYTHON_HARMLESS = [/^import\s+[\w.]+(\s*,\s*[\w.]+)*$/, /^from\s+[\w.]+\s+import\s+[\w, ]+$/, /^(?:sys\.)?exit\(\s*0?\s*\)$/];

function fromPython(script: string): HttpCheck | undefined {
  const statements = script.split(/[;\n]/).map((s) => s.trim()).filter((s) => s !== '');
  let url: string | undefined;
  for (const statement of statements) {
    if (PYTHON_HARMLESS.some((pattern) => pattern.test(statement))) continue;
    const fetched = PYTHON_FETCHES.map((pattern) => pattern.exec(statement)).find((m) => m !== null);
    if (!fetched || url !== undefined) return undefined;
    url = fetched[2];
  }
  return url === undefined ? undefined : checkOf(url, []);
}

/** `require('http').get('URL', (res) => process.exit(res.statusCode === 200 ? 0 : 1))` and its variants. */
function fromNode(script: string): HttpCheck | undefined {
  const match = new RegExp(String.raw`require\(\s*(['"])https?\1\s*\)\s*\.get\(\s*${STRING}`).exec(script);
  if (!match || !/statusCode/.test(script)) return undefined;
  return checkOf(match[3] as string, []);
}

function checkOf(text: string, headerLines: readonly string[]): HttpCheck | undefined {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (!LOCAL_HOSTS.has(url.hostname) || url.username || url.password) return undefined;
  const headers = headerLines.map((line) => splitOnce(line, ':'));
  if (headers.some(([, value]) => value === undefined)) return undefined;
  const https = url.protocol === 'https:';
  return {
    kind: 'http',
    scheme: https ? 'HTTPS' : 'HTTP',
    port: url.port ? Number(url.port) : https ? 443 : 80,
    path: `${url.pathname}${url.search}`,
    headers: headers.map(([name, value]) => ({ name: name.trim(), value: (value ?? '').trim() })),
    // An address (127.0.0.1, [::1]) is sent as no server name, as the kubelet sends none.
    ...(https && url.hostname === 'localhost' ? { serverName: url.hostname } : {}),
  };
}

/** `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}` at the start of the text. */
const VARIABLE = /^\$(?:\{([A-Za-z_]\w*)(?:(:?-)([^}$`"'\\]*))?\}|([A-Za-z_]\w*))/;
/** A value that cannot change how the shell splits the script once written in (a port, a path). */
const PLAIN_VALUE = /^[\w./-]*$/;

/**
 * A `CMD-SHELL` test with the variables the service sets itself written out where the shell would
 * expand them, so that the check it makes can be recognized: novu's worker checks
 * `wget … http://localhost:${PORT:-3004}/v1/health-check` and sets `PORT: 3004`, and without the
 * value its port was unknown, so the Service lacked it and `depends_on: worker: service_healthy`
 * was not waited for. Only values compose sets (the image's own environment is not known), only
 * plain ones (no secret by name, nothing the shell would split), and never inside single quotes.
 * Anything else is left as written, which the recognizers refuse as before.
 */
export function withServiceVariables(test: readonly string[], environment: Readonly<Record<string, string | null>>): readonly string[] {
  const [kind, script, ...rest] = test;
  if (kind !== 'CMD-SHELL' || script === undefined || rest.length > 0 || !script.includes('$')) return test;
  let written = '';
  let quote: "'" | '"' | undefined;
  for (let index = 0; index < script.length; index++) {
    const char = script.charAt(index);
    if (quote === "'") {
      if (char === "'") quote = undefined;
      written += char;
    } else if (char === '\\') {
      written += script.slice(index, index + 2);
      index++;
    } else if (char === '$') {
      const match = VARIABLE.exec(script.slice(index));
      const value = match ? variableValue(match, environment) : undefined;
      if (match && value !== undefined) {
        written += value;
        index += match[0].length - 1;
      } else {
        written += char;
      }
    } else {
      if (char === '"') quote = quote === '"' ? undefined : '"';
      else if (char === "'" && quote === undefined) quote = "'";
      written += char;
    }
  }
  return written === script ? test : [kind, written];
}

function variableValue(match: RegExpExecArray, environment: Readonly<Record<string, string | null>>): string | undefined {
  const name = (match[1] ?? match[4]) as string;
  if (!Object.hasOwn(environment, name) || isSensitiveName(name)) return undefined;
  const value = environment[name];
  if (value === null || value === undefined) return undefined;
  const operator = match[2];
  // `:-` also replaces an empty value; `-` only an unset one, and compose sets this one.
  const result = operator === ':-' && value === '' ? (match[3] ?? '') : value;
  return PLAIN_VALUE.test(result) ? result : undefined;
}
