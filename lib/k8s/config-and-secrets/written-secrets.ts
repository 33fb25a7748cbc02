/**
 * Passwords and keys written out in a command line or a shell script, found by what names them
 * (issue 21: secret by provenance, never because a text equals a secret):
 * - a flag named for a secret: `--admin-password=admin`, `--requirepass x`, Go's `-password x`;
 * - a variable a script assigns: `PGPASSWORD=x psql …`, `export DB_PASSWORD=x`;
 * - a client's own password option: `mysqladmin -proot`, `redis-cli -a x`, `mongosh -p x`,
 *   `curl -u user:x`, `fabric-ca-server -b admin:adminpw`, `htpasswd -b file user x`;
 * - the MinIO client's secret key, its last positional word: `mc alias set ALIAS URL ACCESS SECRET`,
 *   `mc config host add …` (the same, deprecated), `mc admin user add ALIAS ACCESS SECRET`.
 *
 * frappe_docker's create-site runs `bench new-site --admin-password=admin --db-root-password=admin`
 * in a `bash -c` script and its database's healthcheck `mysqladmin ping --password=admin`; Magento's
 * `mysqladmin ping -u root -pmagento`; fabric's CA `sh -c 'fabric-ca-server start -b admin:adminpw'`:
 * each printed the password in the pod spec until 2026-12-07. getindata/flink-sql-runner's
 * createbuckets (`mc alias set myminio http://minio:9000 user password; mc admin user add myminio
 * flink-sql-runner secretkey`) printed its keys until 2026-12-07, and a key repeated from a secret
 * variable of the stack refused the conversion.
 */
import { isSensitiveName, namesSecretSetting } from '../../compose/sensitivity.ts';
import { COMMAND_LEADERS, SHELLS } from '../workload/command-words.ts';

/** A password or key written in a word: its characters `start`..`end` of the word. */
export interface WrittenSecret {
  readonly start: number;
  readonly end: number;
  /** What names it, as an env var's name: `ADMIN_PASSWORD`, `MYSQL_PASSWORD`. */
  readonly name: string;
  /** What names it, as a message says it: `--admin-password`, `mysqladmin -p`. */
  readonly what: string;
}

/** One word of a command as the program receives it, and where each of its characters was written. */
interface Token {
  /** Which word of the list it was written in. */
  readonly word: number;
  readonly text: string;
  /** The offset in its word of each character of `text`. */
  readonly at: readonly number[];
  /** Characters the shell expands (`$`, a backquote): a value holding one is not written out. */
  readonly expanded: readonly boolean[];
}

/** Names of where a secret is or what it is called, not of the secret: `--key-file`, `--secret-name`. */
const NAMES_A_PLACE = /(^|_)(file|files|path|dir|directory|name|names|id|ref|env|var|header|field|store|type|stdin|prompt)$/i;
/** Switches about a secret that take no value: `--no-password`, `--generate-password`. */
const NAMES_A_SWITCH = /^(no|skip|without|ask|prompt|generate|random|show|print|reset|change|forgot)_/i;
/** A path, a variable, a switch, where openssl reads a password from: no secret written out. */
const NO_SECRET_VALUE = /^(?:[/~$]|\.\.?\/|(?:file|env|fd):|(?:true|false|yes|no|on|off|none|null|stdin)$)/i;
/** `--name` or Go's `-name` (two letters or more: `-p` is a client's own option). */
const FLAG = /^--?([a-z][\w.-]+)$/i;
const FLAG_WITH_VALUE = /^--?([a-z][\w.-]+)=/i;
const ASSIGNMENT = /^([A-Za-z_]\w*)=/;


const MYSQL_CLIENTS = new Set(['mysql', 'mysqladmin', 'mysqldump', 'mysqlcheck', 'mysqlimport', 'mariadb', 'mariadb-admin', 'mariadb-dump', 'mariadb-check', 'mariadb-import']);
const POSTGRES_CLIENTS = new Set(['psql', 'pg_dump', 'pg_dumpall', 'pg_restore', 'pg_basebackup', 'createdb', 'dropdb', 'createuser', 'dropuser', 'vacuumdb', 'reindexdb', 'clusterdb']);

/** A client's own option whose next word is its password (after `user:` where it names one). */
interface PasswordOption {
  readonly options: readonly string[];
  readonly name: string;
  readonly afterUser?: boolean;
}
const PASSWORD_OPTIONS: ReadonlyMap<string, PasswordOption> = new Map([
  ...['redis-cli', 'valkey-cli', 'keydb-cli'].map((program): [string, PasswordOption] => [program, { options: ['-a'], name: 'REDIS_PASSWORD' }]),
  ...['mongo', 'mongosh'].map((program): [string, PasswordOption] => [program, { options: ['-p'], name: 'MONGO_PASSWORD' }]),
  ['curl', { options: ['-u', '--user', '--proxy-user', '-U'], name: 'CURL_PASSWORD', afterUser: true }],
  ...['fabric-ca-server', 'fabric-ca-client'].map((program): [string, PasswordOption] => [program, { options: ['-b', '--boot'], name: 'CA_PASSWORD', afterUser: true }]),
]);

/** The MinIO client (`mcli` where a distribution's Midnight Commander holds `mc`). */
const MINIO_CLIENTS = new Set(['mc', 'mcli']);
/** Its subcommands that take a secret key, by the positional words they take before it. */
const MINIO_SECRET_KEY_AT: readonly (readonly [readonly string[], number])[] = [
  [['alias', 'set'], 3],
  [['config', 'host', 'add'], 3],
  [['admin', 'user', 'add'], 2],
];
/** Its flags whose value is the next word (global ones and `alias set`'s). */
const MINIO_VALUE_FLAGS = new Set(['--api', '--path', '--config-dir', '-C', '--resolve', '--custom-header', '-H', '--limit-upload', '--limit-download']);

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** Whether a flag's or variable's name names a secret it is given, rather than a setting about one or where it is. */
function namesWrittenSecret(name: string): boolean {
  const variable = name.replace(/[-.]/g, '_');
  return isSensitiveName(variable) && !namesSecretSetting(variable) && !NAMES_A_PLACE.test(variable) && !NAMES_A_SWITCH.test(variable);
}

const isWrittenValue = (value: string): boolean => value !== '' && !NO_SECRET_VALUE.test(value);

/**
 * The secrets written in an exec-form word list (`entrypoint` and `command` joined, or a CMD
 * healthcheck's words): entry i holds those of word i. The script a shell runs with `-c` is read
 * as a script.
 */
export function writtenSecrets(words: readonly string[]): WrittenSecret[][] {
  const found: WrittenSecret[][] = words.map(() => []);
  const start = words.findIndex((word) => !COMMAND_LEADERS.has(word) && !ASSIGNMENT.test(word));
  const program = start < 0 ? undefined : basename(words[start]!);
  const scriptAt = program !== undefined && SHELLS.has(program) ? words.findIndex((word, index) => index > start && /^-[a-z]*c[a-z]*$/.test(word)) + 1 : 0;
  if (scriptAt > 0 && scriptAt < words.length) {
    // Kubernetes puts $(VAR) back into the script's text before the shell reads it: the text as written moves whole.
    found[scriptAt] = scriptCommands(words[scriptAt]!).flatMap((command) => commandSecrets(command, true)).map(({ word: _, ...secret }) => secret);
    return found;
  }
  const tokens = words.map((text, word): Token => ({ word, text, at: Array.from({ length: text.length }, (_, index) => index), expanded: [] }));
  for (const { word, ...secret } of commandSecrets(tokens)) found[word]!.push(secret);
  return found;
}

/**
 * The secrets written in a script the probe's shell reads with the secret expanded as `"${VAR}"` (a
 * CMD-SHELL healthcheck): only values written as they are read, which the variable can hold as is.
 */
export function scriptSecrets(script: string): WrittenSecret[] {
  return scriptCommands(script).flatMap((command) => commandSecrets(command)).map(({ word: _, ...secret }) => secret);
}

type Located = WrittenSecret & { readonly word: number };

/**
 * The secrets one command's words write out. `textual`: the value moves as the text written in the
 * script, quotes and escapes inside it included (see literalSpan).
 */
function commandSecrets(tokens: readonly Token[], textual = false): Located[] {
  const found: Located[] = [];
  const add = (token: Token, from: number, name: string, what: string) => {
    const span = literalSpan(token, from, textual);
    if (span) found.push({ ...span, word: token.word, name: name.replace(/[-.]/g, '_').toUpperCase(), what });
  };
  let first = 0;
  for (; first < tokens.length; first++) {
    const { text } = tokens[first]!;
    if (COMMAND_LEADERS.has(text)) continue;
    const assigned = ASSIGNMENT.exec(text)?.[1];
    if (assigned === undefined) break;
    if (namesWrittenSecret(assigned) && isWrittenValue(text.slice(assigned.length + 1))) add(tokens[first]!, assigned.length + 1, assigned, `${assigned}=`);
  }
  const program = first < tokens.length ? basename(tokens[first]!.text) : '';
  // Their `--password` takes no next word: the client asks for it, and the next word is an argument.
  const optionalValue = MYSQL_CLIENTS.has(program) || POSTGRES_CLIENTS.has(program);
  const option = PASSWORD_OPTIONS.get(program);
  const minioSecretKey = MINIO_CLIENTS.has(program) ? minioSecretKeyAt(tokens, first) : undefined;
  // From the program on: a command of flags alone goes to the image's entrypoint.
  for (let index = first; index < tokens.length; index++) {
    const token = tokens[index]!;
    const { text } = token;
    const previous = index > first ? tokens[index - 1]!.text : '';
    const joined = FLAG_WITH_VALUE.exec(text)?.[1];
    const flag = joined === undefined && !text.startsWith('-') && !optionalValue ? FLAG.exec(previous)?.[1] : undefined;
    if (joined !== undefined && namesWrittenSecret(joined) && isWrittenValue(text.slice(text.indexOf('=') + 1))) {
      add(token, text.indexOf('=') + 1, joined, text.slice(0, text.indexOf('=')));
    } else if (flag !== undefined && namesWrittenSecret(flag) && isWrittenValue(text)) {
      add(token, 0, flag, previous);
    } else if (MYSQL_CLIENTS.has(program) && /^-p/.test(text) && isWrittenValue(text.slice(2))) {
      add(token, 2, 'MYSQL_PASSWORD', `${program} -p`);
    } else if (option !== undefined && givesOption(previous, option) && !text.startsWith('-')) {
      const from = option.afterUser ? text.indexOf(':') + 1 : 0;
      if ((from > 0 || !option.afterUser) && isWrittenValue(text.slice(from))) add(token, from, option.name, `${program} ${previous}`);
    } else if (program === 'htpasswd' && index === htpasswdPasswordAt(tokens, first) && isWrittenValue(text)) {
      add(token, 0, 'HTPASSWD_PASSWORD', 'htpasswd -b');
    } else if (index === minioSecretKey?.index && isWrittenValue(text)) {
      add(token, 0, 'MINIO_SECRET_KEY', `${program} ${minioSecretKey.subcommand}`);
    }
  }
  return found;
}

/** `-u`, or short options joined that end with it (curl's `-fsu user:password`). */
function givesOption(word: string, option: PasswordOption): boolean {
  return option.options.includes(word) || (/^-[a-zA-Z]{2,}$/.test(word) && option.options.includes(`-${word.slice(-1)}`));
}

/** The indexes of the words after the program that are no flag or flag's value. */
function positionalAfter(tokens: readonly Token[], first: number): number[] {
  const positional: number[] = [];
  for (let index = first + 1; index < tokens.length; index++) {
    const { text } = tokens[index]!;
    if (!text.startsWith('-')) positional.push(index);
    else if (MINIO_VALUE_FLAGS.has(text)) index++;
  }
  return positional;
}

/**
 * Where the MinIO client's `alias set`, `config host add` or `admin user add` has its secret key,
 * flags wherever they stand: none for other subcommands, nor where it is left out (mc asks for it).
 */
function minioSecretKeyAt(tokens: readonly Token[], first: number): { readonly index: number; readonly subcommand: string } | undefined {
  const positional = positionalAfter(tokens, first);
  const words = positional.map((index) => tokens[index]!.text);
  const found = MINIO_SECRET_KEY_AT.find(([names]) => names.every((name, at) => words[at] === name));
  const index = found === undefined ? undefined : positional[found[0].length + found[1]];
  return found === undefined || index === undefined ? undefined : { index, subcommand: found[0].join(' ') };
}

/**
 * Where `htpasswd -b[c…] FILE USER PASSWORD` has its password (`-n` prints instead of writing a
 * file: `htpasswd -nb USER PASSWORD`); -1 without `-b`, which asks for it.
 */
function htpasswdPasswordAt(tokens: readonly Token[], first: number): number {
  let options = 0;
  while (tokens[first + 1 + options]?.text.startsWith('-')) options++;
  const given = tokens.slice(first + 1, first + 1 + options).map((token) => token.text);
  if (!given.some((option) => /^-[a-zA-Z]*b/.test(option))) return -1;
  return first + options + (given.some((option) => /^-[a-zA-Z]*n/.test(option)) ? 2 : 3);
}

/**
 * Where the characters of `token` from `from` on were written: nothing the shell expands
 * (`-p$MYSQL_PASSWORD`, `--password="$(cat /run/secrets/db)"` name where a secret is at run time, not
 * the secret), and one run without quotes or escapes inside it, which a variable expanded as
 * `"${VAR}"` holds as is. `textual`: the span as written, quotes and escapes inside it included
 * (`--admin-password=ab'c'd`, `-p"pa ss"`): a script of the command line, where Kubernetes puts the
 * Secret's text back in place of `$(VAR)` before the shell reads the script, so the shell reads
 * what compose's did, byte for byte (until 2026-12-07 such a value stayed written in the pod spec).
 */
function literalSpan(token: Token, from: number, textual = false): { readonly start: number; readonly end: number } | undefined {
  const last = token.text.length - 1;
  if (from > last || token.expanded.slice(from).some(Boolean)) return undefined;
  const start = token.at[from]!;
  const end = token.at[last]! + 1;
  return textual || end - start === last - from + 1 ? { start, end } : undefined;
}

/**
 * A shell script's commands, each as its words: split at `;`, `&&`, `||`, `|`, `&`, parentheses,
 * backquotes, `$(` and line breaks outside quotes, words at blanks outside quotes, comments left out.
 */
function scriptCommands(script: string): Token[][] {
  const commands: Token[][] = [];
  let command: Token[] = [];
  let text = '';
  let at: number[] = [];
  let expanded: boolean[] = [];
  const push = (char: string, index: number, expands: boolean) => {
    text += char;
    at.push(index);
    expanded.push(expands);
  };
  let open = false;
  const endWord = () => {
    if (open) command.push({ word: 0, text, at, expanded });
    open = false;
    text = '';
    at = [];
    expanded = [];
  };
  const endCommand = () => {
    endWord();
    if (command.length > 0) commands.push(command);
    command = [];
  };
  let quote: '' | "'" | '"' = '';
  for (let index = 0; index < script.length; index++) {
    const char = script[index]!;
    if (quote === "'") {
      if (char === "'") quote = '';
      else push(char, index, false);
    } else if (quote === '"') {
      if (char === '"') quote = '';
      else if (char === '\\' && script[index + 1] === '\n') index++;
      else if (char === '\\' && '$`"\\'.includes(script[index + 1] ?? '')) push(script[++index]!, index, false);
      else push(char, index, char === '$' || char === '`');
    } else if (char === '\\' && script[index + 1] === '\n') {
      // A line continuation is taken out: it joins two lines and makes no word (mlflow's `mc alias set … \`).
      index++;
    } else if (char === '\\') {
      open = true;
      if (index + 1 < script.length) push(script[++index]!, index, false);
    } else if (char === "'" || char === '"') {
      open = true;
      quote = char;
    } else if (char === '\n' || char === ';' || char === '&' || char === '|' || char === '(' || char === ')' || char === '`' || (char === '$' && script[index + 1] === '(')) {
      endCommand();
      if (char === '$') index++;
    } else if (char === ' ' || char === '\t' || char === '\r') {
      endWord();
    } else if (char === '#' && !open) {
      while (index + 1 < script.length && script[index + 1] !== '\n') index++;
    } else {
      open = true;
      push(char, index, char === '$');
    }
  }
  endCommand();
  return commands;
}
