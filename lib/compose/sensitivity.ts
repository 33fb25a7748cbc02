/**
 * What counts as secret in a Compose project, by name, value, file path and content. The loader
 * (`config`, error and warning messages) and the translation (lib/k8s/config-and-secrets/sensitive.ts, which adds the
 * Kubernetes options and Polaris's rules) share these rules, so both hide the same values.
 *
 * Every check runs in time linear in its input: values may be 1 MiB config files. Patterns have
 * no nested or adjacent overlapping quantifiers; where a regular expression would backtrack
 * (`scheme://user:password@`, `-BEGIN … PRIVATE KEY-`, `password = value`), a scanner visits
 * each character a bounded number of times.
 */
import { ComposeError } from './errors.ts';
import type { ComposeProject, Service, SourceLocation, VariableUse } from './model.ts';

const SENSITIVE_NAMES: readonly RegExp[] = [
  /passw(or)?d/i,
  /passphrase/i,
  // DB_PASS, DBPASS, REDISPASS, RABBITMQ_PASS, PASS_HASH — not BYPASS, COMPASS, PASSPORT, PASS_THROUGH,
  // nor PASS the verb of a switch that hands a proxy on: Shuffle's SHUFFLE_PASS_WORKER_PROXY=TRUE and
  // SHUFFLE_PASS_APP_PROXY (unset in its .env) went to a Secret, and `secrets` refused to print one
  // with a blank value until 2026-12-07, so the stack could not be applied as its .env runs it.
  /(?<!by|com|sur|tres|over|under)pass(?!_thr|_[a-z0-9_]*proxy$)(_|$)/i,
  // POSTGRES_PWD, DB_PW — not PWD and OLDPWD, the shell's working directories.
  /_pwd?$/i,
  /(^|_)db_?root$/i,
  /secret/i,
  /token/i,
  /bearer/i,
  /credential/i,
  /private/i,
  /api_?key/i,
  // Tailscale's and Headscale's TS_AUTHKEY: a credential with no underscore before KEY.
  /auth_?keys?$/i,
  // A key named for what it does, written as one word: Zitadel's ZITADEL_MASTERKEY (passed as
  // `--masterkey ${ZITADEL_MASTERKEY}`, it encrypts every secret Zitadel stores) printed in clear in
  // the Deployment's args until 2026-12-07, as `(^|_)key$` wants an underscore before KEY.
  /(master|encryption|encrypt|crypt|cipher|signing|hmac|session|unseal|recovery|licen[cs]e)_?keys?$/i,
  /(^|_)key$/i,
  // A salt keyed to a secret, or one itself: lowcoder's ENCRYPTION_SALT (with ENCRYPTION_PASSWORD,
  // it encrypts every stored data-source credential; its compose file gives both the same value, so
  // the plain env of the Deployment printed the password too, until 2026-12-07), WordPress's
  // AUTH_SALT, Hashids' HASHIDS_SALT. Not SALT_ROUNDS or SALT_LENGTH, settings about one.
  /(^|_)salts?$/i,
  /^azure_.+key$/i,
  /^oci_cli_key_content$/i,
  // The Erlang distribution cookie (RABBITMQ_ERLANG_COOKIE, COUCHDB_ERLANG_COOKIE, EMQX_NODE__COOKIE,
  // an Elixir release's RELEASE_COOKIE): whoever has it and reaches the node's distribution port runs
  // any code on it. Not SESSION_COOKIE or COOKIE_DOMAIN, which name or scope a browser cookie.
  /(^|_)(erlang|erl|node|release)_*cookie$/i,
  // A map of users to their passwords under an authentication setting, one variable per user, as
  // Spring's relaxed binding writes `…authentication.users.<name>: <password>`: Gravitee's gateway
  // bridge (`gravitee_services_bridge_http_authentication_users_admin=adminadmin`, its
  // gateway-http-bridge quick setup) kept that password a plain env value of the Deployment until
  // 2026-12-07, though its client's `…basic_password` with the same value was a Secret's.
  /auth(entication)?[_.]users[_.][^_.]+$/i,
];

const SENSITIVE_FILE_NAMES: readonly RegExp[] = [
  /passw(or)?d/i,
  /secret/i,
  /token/i,
  /bearer/i,
  /credential/i,
  /private/i,
  /\.(key|pem|p12|pfx|jks|keystore|crt|cer|der|csr)$/i,
  /^\.env/i,
  /^id_(rsa|dsa|ecdsa|ed25519)/i,
  /^\.?(netrc|pgpass)$/i,
  // Traefik's ACME store: its account key and every certificate's private key, as JSON. PeerTube's
  // traefik-era production compose mounts ./docker-volume/traefik/acme.json, which was to be a
  // ConfigMap, in plain text, until 2026-12-06.
  /^acme\.json$/i,
  // A kubeconfig (its client key, token or password) and rclone's config (its remotes' access keys
  // and OAuth tokens), files the operator writes and no repository holds: saarctf-gameserver's cp
  // mounts ./kube.config at /root/.kube/config, itzg/mc-backup's restic example ./rclone.conf. Both
  // were ConfigMaps to create until 2026-12-07.
  /^\.?kube[._-]?config(\.ya?ml)?$/i,
  /\.kubeconfig$/i,
  /^rclone\.conf$/i,
];
/**
 * Directories that hold keys and certificates by convention, and the kubeconfig's `.kube`
 * (`/root/.kube/config`, whatever the file mounted there is called).
 */
const SENSITIVE_DIRECTORY = /(^|\/)(certs?|certificates|ssl|tls|secrets?|keys|private|\.kube)(\/|$)/i;

/** Values shorter than this are not searched for inside other text: they would match by chance. */
export const MIN_SEARCHED_SECRET_LENGTH = 4;

/**
 * One case-insensitive pattern that matches where any of `patterns` does: every environment
 * variable of every service is tested once, not once per pattern (issue 7).
 */
export function anyOf(patterns: readonly RegExp[]): RegExp {
  const other = patterns.find((pattern) => pattern.flags !== 'i');
  if (other) throw new Error(`${other} is not only case-insensitive and cannot join the others`);
  return new RegExp(patterns.map((pattern) => `(?:${pattern.source})`).join('|'), 'i');
}

const SENSITIVE_NAME = anyOf(SENSITIVE_NAMES);

/**
 * Documenso's settings all start NEXT_PRIVATE_ (Next.js' server-only settings, as against
 * NEXT_PUBLIC_): the prefix says where a setting is read, not that it is secret, so the rest of the
 * name decides. Its SMTP port, upload region and some twenty other plain settings went to the Secret,
 * and `secrets` refused each one left unset (documenso's production compose, until 2026-12-07).
 */
const SERVER_ONLY_PREFIX = /^NEXT_PRIVATE_/i;

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name.replace(SERVER_ONLY_PREFIX, ''));
}

/**
 * Whether a value carries credentials whatever its name: a URL with a password, a private key, or
 * a configuration file held in a variable (several lines) with a line or SQL that sets one —
 * kestra's `KESTRA_CONFIGURATION: |` sets its datasource's `password: k3str4`, which stayed a plain
 * env value of the Deployment until 2026-12-06, though the same lines in a mounted file make it a
 * Secret (isSecretContent). One line is not read so: `--password=x` in a flag string is a command.
 */
export function isSensitiveValue(value: string): boolean {
  return hasUrlCredentials(value, true) || hasUrlQueryCredential(value) || hasPrivateKey(value) || isAuthorizationCredential(value) || (value.includes('\n') && (setsCredential(value) || setsSqlPassword(value)));
}

/**
 * An HTTP Authorization header's value, the header's name before it or not: `Bearer <token>`, or
 * `Basic <base64 of user:password>`. Scrypted's compose file has its update webhook send
 * `SCRYPTED_WEBHOOK_UPDATE_AUTHORIZATION=Bearer <watchtower's API token>`, which stayed a plain env
 * value of the Deployment until 2026-12-07: no word of the name is a secret word. A Basic value
 * counts only when it decodes to `user:password` (`Basic authentication` is words). Anchored, with
 * no nested quantifiers: linear.
 */
const BEARER_CREDENTIAL = /^[ \t]*(?:authorization[ \t]*:[ \t]*)?bearer[ \t]+[\w.~+/-]{8,}=*[ \t]*$/i;
const BASIC_CREDENTIAL = /^[ \t]*(?:authorization[ \t]*:[ \t]*)?basic[ \t]+([A-Za-z0-9+/]{4,}={0,2})[ \t]*$/i;

function isAuthorizationCredential(value: string): boolean {
  if (BEARER_CREDENTIAL.test(value)) return true;
  const basic = BASIC_CREDENTIAL.exec(value)?.[1];
  return basic !== undefined && Buffer.from(basic, 'base64').toString('latin1').includes(':');
}

/**
 * Names of a setting about a secret, not of one: `JWT_TOKEN_EXPIRY_IN_MINUTES`, `PASSWORD_MIN_LENGTH`,
 * `ENABLE_TOKEN_AUTH`, `OAUTH_TOKEN_URL`. Their word (`TOKEN`, `PASSWORD`) still sends them to the
 * Secret, as Polaris asks, but their value is a duration, a size, a switch or an address: unset or
 * left at the compose file's default, it is no blank or published password.
 */
const SECRET_SETTING_NAME =
  /(^|[_.-])(expiry|expires|expiration|expire|ttl|timeout|lifetime|max[_.-]?age|(in[_.-])?(ms|secs?|seconds|mins?|minutes|hours|days|weeks)|length|len|size|bits|algorithm|alg|issuer|audience|enabled|disabled|required|url|uri|endpoint|interval|count|limit|attempts|retries|policy|rotation|type|mode|rounds|cost)$|^(enable|disable|use|allow|require)[_.-]/i;

export function namesSecretSetting(name: string): boolean {
  return SECRET_SETTING_NAME.test(name);
}

/**
 * Whether a variable is secret by its name, its value, or both together (an account list): the one
 * test of every place that decides whether a name and value pair goes to a Secret or is hidden.
 */
export function isSecretVariable(name: string, value: string): boolean {
  return isSensitiveName(name) || isSensitiveValue(value) || isAccountList(name, value) || isAuthCredential(name, value);
}

/**
 * A variable named for authentication (`…_AUTH`) that holds a credential, not a switch or a method:
 * redis-cli's `REDISCLI_AUTH` is the Redis password (bitnami's redis-cluster gives it
 * REDIS_PASSWORD's value, which stayed a plain env value of the Deployment until 2026-12-07, as
 * `bitnami` is a weak value and AUTH no secret word); Neo4j's `NEO4J_AUTH=neo4j/<password>`.
 * `MONGO_AUTH=true`, `REGISTRY_AUTH=htpasswd` or `NEO4J_AUTH=none` say how, not with what.
 */
const AUTH_NAME = /(^|_)auth$/i;
const AUTH_SETTING = /^(true|false|yes|no|on|off|[01]|none|null|enabled?|disabled?|required|optional|basic|bearer|digest|token|oauth2?|oidc|ldap|saml|jwt|local|internal|external|anonymous|header|cookie|session|password|api[_-]?key|plain|login|md5|scram-sha-256|trust|ident|peer|cert|htpasswd|silly|cram-md5|xoauth2|starttls|tls|ssl)$/i;

function isAuthCredential(name: string, value: string): boolean {
  return AUTH_NAME.test(name) && value.trim() !== '' && !AUTH_SETTING.test(value.trim()) && !value.includes('${');
}

/**
 * Names that say their value lists accounts: `CONCOURSE_ADD_LOCAL_USER`, `SFTP_USERS`, `BASIC_AUTH`,
 * `HTPASSWD`; and a mail or file-transfer server's user, whose `user:password` is its login, never a
 * user and group: catatnight/postfix's `smtp_user=kimai:kimai` (its SASL accounts, in
 * tobybatch/kimai2) stayed a plain env value of the Deployment until 2026-12-07. A user alone
 * elsewhere (`APP_USER=node:node`) is a user and group.
 */
const ACCOUNTS_NAME = /(^|[_.-])(users|logins|accounts|(add|local)[_.-]users?|(basic[_.-]?)?auth|htpasswd|(smtp|sasl|imap|pop3?|mail|relay|ftp|sftp)[_.-]?(users?|logins?))$/i;
/**
 * One `user:password` item: a user that is no number (`1000:1000` is a uid and gid), and a password
 * that is no number either (`host:5432`) nor the rest of a URL (`http://…`).
 */
const ACCOUNT_ITEM = /^[^\s:/]+:(?![0-9]+$|\/)[^\s]+$/;
const LIST_SEPARATORS = /[\s,;]+/;

/**
 * `user:password` items under a name that lists accounts: Concourse's `CONCOURSE_ADD_LOCAL_USER=
 * test:test` and a proxy's `BASIC_AUTH=admin:s3cret` (or its htpasswd hash) stayed plain env values
 * of the Deployment until 2026-12-07: neither word of the name is a secret word, nor is either
 * half of the value a URL's password.
 */
function isAccountList(name: string, value: string): boolean {
  if (!ACCOUNTS_NAME.test(name)) return false;
  if (isAccountObject(value)) return true;
  const items = value.split(LIST_SEPARATORS).filter((item) => item !== '');
  return items.length > 0 && items.every((item) => ACCOUNT_ITEM.test(item));
}

/**
 * A JSON object of users and their passwords, `{"admin": "s3cret", "viewer": "other"}`: the Orthanc
 * images read `ORTHANC__REGISTERED_USERS` so (orthanc-setup-samples' access-control, ohif and
 * authorization samples), whose passwords stayed a plain env value of the Deployment until
 * 2026-12-07. Every member's value is a non-empty string; a number, a list or an object (settings)
 * is none.
 */
function isAccountObject(value: string): boolean {
  const text = value.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
  const members = Object.values(parsed as Record<string, unknown>);
  return members.length > 0 && members.every((member) => typeof member === 'string' && member !== '');
}

/** `?user=u&password=p`, `;password=p`: a parameter that carries a credential. */
const QUERY_CREDENTIAL = /[?&;]([\w.-]*)=([^&;#\s]*)/g;

/**
 * A URL whose parameters carry a credential, as JDBC writes them: metabase's
 * `jdbc:postgresql://db:5432/metabase?user=mbuser&password=password` stayed a plain env value, though
 * `postgres://mbuser:password@db` is secret. The parameter's name ends in a credential word
 * (`password`, `sslpassword`, `access_token`); an empty value or a `$VARIABLE` is none. The pattern
 * has no nested quantifiers and each match starts after the last: linear.
 */
export function hasUrlQueryCredential(value: string): boolean {
  const scheme = value.indexOf('://');
  if (scheme < 0) return false;
  QUERY_CREDENTIAL.lastIndex = scheme;
  for (let match = QUERY_CREDENTIAL.exec(value); match; match = QUERY_CREDENTIAL.exec(value)) {
    const name = (match[1] ?? '').toLowerCase();
    const parameter = match[2] ?? '';
    if (parameter !== '' && !parameter.startsWith('$') && CREDENTIAL_WORDS.some((word) => name.endsWith(word))) return true;
  }
  return false;
}

const WHITESPACE = /\s/;
const SCHEME_CHARACTER = /[a-z0-9+.-]/i;
const LETTER = /[a-z]/i;

/**
 * `scheme://user:password@` anywhere (the user may be empty: `redis://:password@redis`). Each
 * `://` is tried once: the scheme is scanned backwards and the credentials forwards, and neither
 * scan can cross a `/`, so no character is visited more than three times.
 */
export function hasUrlPassword(value: string): boolean {
  return hasUrlCredentials(value, false);
}

/**
 * `scheme://user:password@`, or with `tokens` also a token as the user alone: uptrace's DSN
 * `http://project1_secret_token@uptrace:14317/1` and Sentry's `https://<32 hex digits>@o1.ingest.sentry.io/2`
 * stayed plain env values until 2026-12-07. A user that is a plain name (`git@`, `guest@`) is none.
 */
function hasUrlCredentials(value: string, tokens: boolean): boolean {
  for (let at = value.indexOf('://'); at >= 0; at = value.indexOf('://', at + 3)) {
    if (!schemeEndsAt(value, at)) continue;
    // The user may be an e-mail address (`smtps://user@domain.com:password@smtp.domain.com`, as
    // Hoppscotch's MAILER_SMTP_URL and nodemailer take it): its `@` does not end it. Such a URL's
    // password stayed in plain text in the manifest until 2026-12-07.
    let index = at + 3;
    let firstAt = -1;
    for (; index < value.length; index++) {
      const char = value.charAt(index);
      if (char === '@') {
        if (firstAt < 0) firstAt = index;
      } else if (isUserStop(char)) break;
    }
    if (tokens && firstAt >= 0 && isTokenUser(value.slice(at + 3, firstAt))) return true;
    if (value.charAt(index) !== ':') continue;
    const passwordStart = ++index;
    while (index < value.length && !isPasswordStop(value.charAt(index))) index++;
    if (index > passwordStart && value.charAt(index) === '@') return true;
  }
  return false;
}

/** A URL's user that is a credential: one that names itself so, or a strong value of 16 characters or more. */
function isTokenUser(user: string): boolean {
  const lower = user.toLowerCase();
  return CREDENTIAL_WORDS.some((word) => lower.includes(word)) || (user.length >= 16 && isStrongSecretValue(user));
}

/** Whether `[a-z][a-z0-9+.-]*` ends just before `end`. */
function schemeEndsAt(value: string, end: number): boolean {
  for (let index = end - 1; index >= 0 && SCHEME_CHARACTER.test(value.charAt(index)); index--) {
    if (LETTER.test(value.charAt(index))) return true;
  }
  return false;
}

function isUserStop(char: string): boolean {
  return char === ':' || char === '/' || WHITESPACE.test(char);
}

function isPasswordStop(char: string): boolean {
  return char === '/' || char === '@' || WHITESPACE.test(char);
}

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/g;

/**
 * Polaris's `-BEGIN\s+.*PRIVATE KEY-`: a `-BEGIN`, blanks, then `PRIVATE KEY-` later on the line
 * the blanks end on. The next `PRIVATE KEY-` and line end are remembered and only searched again
 * once passed, and the blank runs after each `-BEGIN` do not overlap, so the text is read a
 * bounded number of times.
 */
export function hasPrivateKey(value: string): boolean {
  const begin = /-BEGIN\s/gi;
  const key = /PRIVATE KEY-/gi;
  let keyAt = -1;
  let lineEnd = -1;
  for (let match = begin.exec(value); match; match = begin.exec(value)) {
    let start = match.index + match[0].length;
    while (start < value.length && WHITESPACE.test(value.charAt(start))) start++;
    if (keyAt < start) {
      key.lastIndex = start;
      const found = key.exec(value);
      if (!found) return false;
      keyAt = found.index;
    }
    if (lineEnd < start) {
      LINE_TERMINATOR.lastIndex = start;
      lineEnd = LINE_TERMINATOR.exec(value)?.index ?? value.length;
    }
    if (keyAt < lineEnd) return true;
    begin.lastIndex = Math.max(begin.lastIndex, start);
  }
  return false;
}

/**
 * The words a credential's key ends in. A secret key ends in `key` (trino's catalog
 * `hive.s3.aws-secret-key=…`, boto's `aws_secret_access_key`, Django's `SECRET_KEY`, the S3
 * credentials of Thanos', Loki's and Mimir's object store configurations): until 2026-12-06 such a
 * file was a ConfigMap, its key in plain text.
 */
const CREDENTIAL_WORDS = [
  'password', 'passwd', 'secret', 'token', 'requirepass', 'masterauth', 'apikey', 'api_key',
  'secretkey', 'secret_key', 'secret-key', 'secret_access_key', 'secret-access-key', 'secret_access-key', 'secret-access_key', 'secretaccesskey',
];
/**
 * `pass` as a key of its own or the last word of one: Headscale's `database.postgres.pass`,
 * RabbitMQ's `default_pass`. Headscale's config.yaml, with the database password, was a ConfigMap
 * until 2026-12-06. Such a key counts only before an `=` or `:`, so nginx's upstream directives
 * (`proxy_pass http://app;`) and Python's `pass` statement (`pass  # later`) do not.
 */
const PASS_KEY = /(^|[_.-])pass$/;
/**
 * Keys that hold a key: a private, encryption, signing or master key. Revolt's Revolt.toml (which
 * its generate_config.sh writes and every service mounts) sets `[pushd.vapid] private_key = "…"`
 * and `[files] encryption_key = "…"`, and was a ConfigMap, both keys in plain text, until
 * 2026-12-07. Such a key counts only before an `=` or `:`, and not when its value is a path
 * (`private_key: /etc/ssl/private/server.key` names a file, which is judged by its own path).
 */
const KEY_WORDS = [
  'private_key', 'private-key', 'privatekey', 'encryption_key', 'encryption-key', 'encryptionkey',
  'signing_key', 'signing-key', 'signingkey', 'master_key', 'master-key', 'masterkey',
  // A kubeconfig's client key, base64 of the PEM: saarctf-gameserver's kube.config, any kubeconfig
  // a project ships under another name (k3s.yaml), was a ConfigMap with its key until 2026-12-07.
  'client-key-data',
];
/** A value that names a file: absolute, relative to `.`/`..` or to a home directory. */
const PATH_VALUE = /^(\/|\.\.?\/|~\/)/;
const WORD_CHARACTER = /[\w.-]/;
const QUOTE = /["']/;
const BLANK = /[ \t]/;

/**
 * A configuration line that sets a credential (`requirepass foo`, `admin_password = x`,
 * `api_key: y`, `pass: z`); keys that name a file (`password_file`) do not end in the credential word, and
 * empty values or `$VARIABLE` references do not count. Comment lines (`#`, `;`) are skipped.
 * Each line is scanned once, with at most two places the value may start.
 */
export function setsCredential(content: string): boolean {
  return content.split('\n').some((line) => !COMMENT.test(line) && line.split(/[\r\u2028\u2029]/).some(lineSetsCredential));
}

/** Whether SQL in `content` sets a password (see SQL_PASSWORD). */
export function setsSqlPassword(content: string): boolean {
  return SQL_PASSWORD.test(content);
}

/**
 * SQL that sets a password (`CREATE USER app WITH PASSWORD 'pw'`, `IDENTIFIED BY 'pw'`), whatever
 * the password's strength. Each keyword is followed by one run of blanks, and runs after different
 * keywords do not overlap, so the search stays linear.
 */
const SQL_PASSWORD = /(?:\bpassword|\bidentified[ \t]+by)[ \t]+'[^'$]/i;

const COMMENT = /^\s*[#;]/;

function lineSetsCredential(line: string): boolean {
  let index = skip(line, 0, BLANK);
  if (QUOTE.test(line.charAt(index))) index++;
  const wordStart = index;
  index = skip(line, index, WORD_CHARACTER);
  const word = line.slice(wordStart, index).toLowerCase();
  const credential = CREDENTIAL_WORDS.some((credentialWord) => word.endsWith(credentialWord));
  const keyKey = !credential && KEY_WORDS.some((keyWord) => word.endsWith(keyWord));
  const passKey = !credential && !keyKey && PASS_KEY.test(word);
  if (!credential && !keyKey && !passKey) return false;
  if (QUOTE.test(line.charAt(index))) index++;
  // The separator is blanks, or blanks around one `=` or `:`; the value starts where either ends.
  const afterBlanks = skip(line, index, BLANK);
  const separator = line.charAt(afterBlanks);
  if (separator === '=' || separator === ':') {
    const start = skip(line, afterBlanks + 1, BLANK);
    return startsValue(line, start) && !(keyKey && PATH_VALUE.test(line.slice(QUOTE.test(line.charAt(start)) ? start + 1 : start)));
  }
  return credential && afterBlanks > index && startsValue(line, afterBlanks);
}

/**
 * A value that is not empty (quotes and blanks only), not a `$VARIABLE` reference, and not a
 * separator (`api_key = ${KEY}` must not count its `=` as the value). A password hash in the
 * modular crypt format (see CRYPT_HASH) starts with `$` too, but is a value.
 */
function startsValue(line: string, start: number): boolean {
  const char = line.charAt(start);
  if (char === '' || char === '=' || char === ':' || WHITESPACE.test(char)) return false;
  const unquoted = QUOTE.test(char) ? start + 1 : start;
  if ((line.charAt(unquoted) === '$' || char === '$') && !CRYPT_HASH.test(line.slice(unquoted))) return false;
  return skip(line, unquoted, BLANK) < line.length;
}

/**
 * A password hash in the modular crypt format: `$id$` of a known scheme, then a field and another
 * `$` (`$argon2id$v=19$m=65536,…$salt$hash`, bcrypt's `$2a$10$…`, `$6$rounds=5000$salt$hash`,
 * Apache's `$apr1$salt$hash`). Authelia's users_database.yml and Dex's staticPasswords set one per
 * user; read as a `$VARIABLE` reference, gilby125/authelia-traefik-docker-compose's users file (an
 * inline config) was a ConfigMap, its hash in plain text, until 2026-12-07. `$VAR$OTHER` is no such
 * hash: its id is no scheme, and it has no third `$`.
 */
/** The schemes of the modular crypt format: the `id` of `$id$…` (crypt(3), passlib, Mosquitto's `$7$`). */
const CRYPT_SCHEME = String.raw`(?:2[abxy]?|1|5|6|7|y|gy|apr1|md5|sha1|argon2(?:i|d|id)|scrypt|pbkdf2(?:-sha\d+)?|bcrypt(?:-sha256)?)`;
const CRYPT_HASH = new RegExp(String.raw`^\$${CRYPT_SCHEME}\$[^\s$'"]+\$`);

function skip(line: string, from: number, characters: RegExp): number {
  let index = from;
  while (index < line.length && characters.test(line.charAt(index))) index++;
  return index;
}

/** Whether a file's name or directory says it holds keys, certificates or passwords. */
export function isSensitivePath(path: string): boolean {
  const fileName = path.split('/').pop() ?? path;
  return SENSITIVE_FILE_NAMES.some((pattern) => pattern.test(fileName)) || SENSITIVE_DIRECTORY.test(path);
}

/** Whether a file (by its path or contents) holds secrets: it must ship as a Secret, and is not printed. */
export function isSensitiveFile(path: string, content: string, project: ComposeProject): boolean {
  return isSensitivePath(path) || isSecretContent(content, project);
}

/**
 * Whether text is secret material whatever its name: a URL with a password, a private key, a line
 * or SQL statement that sets a credential, or a copy of one of the project's strong secret values. A short or
 * dictionary secret (`postgres`) found in the text does not count: it would match by chance.
 */
export function isSecretContent(content: string, project: ComposeProject): boolean {
  return (
    isSensitiveValue(content) ||
    setsCredential(content) ||
    setsXmlCredential(content) ||
    setsSqlPassword(content) ||
    setsSecureJsonData(content) ||
    holdsPasswordHashes(content) ||
    containsSecretValue(content, project)
  );
}

/**
 * A password file: a line `user:<hash>`, the hash in crypt's `$id$…` form (`$6$` SHA-512, `$2y$`
 * bcrypt, `$apr1$` Apache, `$y$` yescrypt, `$argon2id$`, Mosquitto's `$7$` PBKDF2) or htpasswd's
 * `{SHA}`. A Mosquitto broker's password file (`password_file /mosquitto/config/users`), an
 * htpasswd or a shadow file: whoever reads the hashes can try passwords offline. The IoT stacks'
 * `mosquitto/users` had no telling name and became a ConfigMap until 2026-12-07. The user name is
 * bounded and the line anchored: one linear scan.
 */
export function holdsPasswordHashes(content: string): boolean {
  return PASSWORD_HASH_LINE.test(content);
}

const PASSWORD_HASH_LINE = new RegExp(String.raw`^[^\s:#][^\s:]{0,255}:(?:\$${CRYPT_SCHEME}\$|\{SHA\})[^\s:]`, 'm');

/**
 * An XML element named for a credential, with a value: ClickHouse's `<password>…</password>` in a
 * users.d file, an `<api_token>`. A line that sets a credential starts with its key, which an
 * XML element never does, so such files were ConfigMaps, their passwords in plain text (found
 * beside wazuh-docker's multi-node, 2026-12-07). An element that names a file (`<password_file>`),
 * is empty, or holds a `$VARIABLE` does not count. One scan of the text: each `<` starts at most
 * one bounded tag name.
 */
export function setsXmlCredential(content: string): boolean {
  for (const match of content.matchAll(XML_CREDENTIAL_ELEMENT)) {
    const tag = match[1]!.toLowerCase();
    if (CREDENTIAL_WORDS.some((word) => tag.endsWith(word))) return true;
  }
  return false;
}

/** `<tag attr="…">value`: a start tag (name of at most 64 characters) followed by text that is no `$VARIABLE`, blank or further markup. */
const XML_CREDENTIAL_ELEMENT = /<([A-Za-z_][\w.-]{0,63})(?:[ \t][^<>]{0,256})?>[ \t\r\n]{0,64}[^<$ \t\r\n]/g;

const SECURE_JSON_DATA = /^([ \t]*)(?:-[ \t]+)?secureJsonData[ \t]*:[ \t]*(?:#.*)?$/;
const NESTED_SETTING = /^([ \t]*)["']?[\w.-]+["']?[ \t]*:[ \t]*(\S.*)?$/;

/** A YAML value that sets something: not empty once unquoted, not a `$VARIABLE`, not a comment. */
function isSetValue(text: string): boolean {
  const value = text.trim().replace(/^(["'])(.*)\1$/, '$2').trim();
  return value !== '' && !value.startsWith('$') && !value.startsWith('#');
}

/**
 * Grafana's provisioning files keep what is secret under `secureJsonData:`, whatever the keys
 * (`httpHeaderValue1` of an `Authorization` header, `tlsClientKey`): uptrace's example datasources
 * carry their API tokens there, and became a ConfigMap until 2026-12-06. A value set below it (not
 * empty, not a `$VARIABLE`) makes the file secret. Each line is read once.
 */
export function setsSecureJsonData(content: string): boolean {
  if (!content.includes('secureJsonData')) return false;
  let blockIndent: number | undefined;
  for (const line of content.split('\n')) {
    if (blockIndent !== undefined) {
      if (line.trim() === '' || COMMENT.test(line)) continue;
      const setting = NESTED_SETTING.exec(line);
      const indent = (setting?.[1] ?? line.match(/^[ \t]*/)?.[0] ?? '').length;
      if (indent <= blockIndent) blockIndent = undefined;
      else if (setting?.[2] !== undefined && isSetValue(setting[2])) return true;
    }
    const opening = SECURE_JSON_DATA.exec(line);
    if (opening) blockIndent = line.indexOf('secureJsonData');
  }
  return false;
}

/** Whether `text` contains one of the project's strong secret values (see isStrongSecretValue). */
export function containsSecretValue(text: string, project: ComposeProject): boolean {
  return findStrongSecret(text, project) !== undefined;
}

const strongFinders = new WeakMap<ComposeProject, StrongSecretFinder | undefined>();

/** Where the first strong secret value of the project found in a text comes from. */
export type StrongSecretFinder = (text: string) => SecretSource | undefined;

/**
 * The search for the project's strong secret values, in time linear in the text whatever the
 * number of secrets (a thousand services may have a thousand tokens); undefined when it has none.
 * Built once per project, so a caller that searches every string of an object asks for it once.
 */
export function strongSecretFinder(project: ComposeProject): StrongSecretFinder | undefined {
  if (strongFinders.has(project)) return strongFinders.get(project);
  const secrets = strongSecretsOf(project);
  let finder: StrongSecretFinder | undefined;
  if (secrets.size > 0) {
    const redactor = new SecretRedactor(secrets.keys());
    finder = (text) => {
      if (text.length < STRONG_MIN_LENGTH) return undefined;
      const found = redactor.find(text);
      return found === undefined ? undefined : secrets.get(found);
    };
  }
  strongFinders.set(project, finder);
  return finder;
}

/** Where the first strong secret value of the project found in `text` comes from (see strongSecretFinder). */
export function findStrongSecret(text: string, project: ComposeProject): SecretSource | undefined {
  return strongSecretFinder(project)?.(text);
}

/** Passwords, defaults and words that compose files use as secrets, which anybody can guess. */
const COMMON_WORDS = new Set([
  'abc', 'access', 'admin', 'administrator', 'airflow', 'api', 'app', 'application', 'auth', 'bar', 'baz', 'change',
  'changeit', 'changeme', 'client', 'compose', 'confluence', 'database', 'db', 'default', 'demo', 'dev', 'django',
  'docker', 'dragon', 'dummy', 'elastic', 'example', 'football', 'foo', 'gitea', 'gitlab', 'grafana', 'guest',
  'hello', 'insecure', 'iloveyou', 'jenkins', 'key', 'keycloak', 'kibana', 'letmein', 'local', 'localhost', 'login',
  'long', 'maria', 'mariadb', 'master', 'me', 'minio', 'minioadmin', 'mongo', 'mongodb', 'monkey', 'my', 'mysql',
  'nextcloud', 'not', 'our', 'pass', 'passwd', 'password', 'passwords', 'passphrase', 'please', 'postgres',
  'postgresql', 'private', 'prod', 'production', 'public', 'qwerty', 'asdf', 'rabbit', 'rabbitmq', 'redis',
  'replace', 'root', 'sample', 'secret', 'secrets', 'server', 'service', 'set', 'shadow', 'staging', 'strong',
  'sunshine', 'super', 'superuser', 'supersecret', 'system', 'temp', 'test', 'the', 'this', 'token', 'toor',
  'trustno', 'unsafe', 'user', 'very', 'web', 'welcome', 'with', 'wordpress', 'your', 'zabbix',
]);
const WORD_LENGTHS = [...new Set([...COMMON_WORDS].map((word) => word.length))];
/** How people disguise letters in passwords (`p@ssw0rd`). */
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const STRONG_MIN_LENGTH = 8;
/** Longer values are not split into words: nobody types such a password from a word list. */
const WORD_CHECK_MAX_LENGTH = 64;
const CHARACTER_CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];
/** `/run/secrets/db_password` as the value of `DB_PASSWORD_FILE`: where a secret is, not what it is. */
const FILE_PATH = /^\/[\w./-]*$/;

/**
 * Whether `value` is strong secret material, so that finding the same text elsewhere means it was
 * copied rather than met by chance: at least 8 characters once trimmed, at least 5 different ones,
 * not a file path, not one of `ordinary` (the project's user and database names, compared without
 * case) and not made of common words and those names with digits or symbols around
 * (`Passw0rd!`, `mysecretpassword`, `postgres2024`); letters or digits alone need 12 or 16.
 */
export function isStrongSecretValue(value: string, ordinary: ReadonlySet<string> = NO_NAMES): boolean {
  const text = value.trim();
  if (text.length < STRONG_MIN_LENGTH || !hasDistinctCharacters(text, 5) || FILE_PATH.test(text)) return false;
  const lower = text.toLowerCase();
  if (ordinary.has(lower)) return false;
  if (text.length <= WORD_CHECK_MAX_LENGTH) {
    // Digits and symbols around the letters are a suffix (`2024!`); between letters, disguised letters.
    const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
    let letters = '';
    for (const char of core) {
      const letter = LEET[char] ?? char;
      if (letter >= 'a' && letter <= 'z') letters += letter;
    }
    if (letters !== '' && isWordSequence(letters, ordinary)) return false;
  }
  let classes = 0;
  for (const pattern of CHARACTER_CLASSES) if (pattern.test(text)) classes++;
  if (classes >= 2) return true;
  return /^[0-9]+$/.test(text) ? text.length >= 16 : text.length >= 12;
}

/**
 * Whether `text` has at least `count` different characters (code points), stopping once it has:
 * a secret may be a 1 MiB file, and every value of a large project is tested.
 */
function hasDistinctCharacters(text: string, count: number): boolean {
  const seen: string[] = [];
  for (const char of text) {
    if (seen.includes(char)) continue;
    seen.push(char);
    if (seen.length >= count) return true;
  }
  return false;
}

const NO_NAMES: ReadonlySet<string> = new Set();

const wordLengthsCache = new WeakMap<ReadonlySet<string>, readonly number[]>();

/**
 * Whether `letters` is a concatenation of common words and ordinary names (at most 64 letters).
 * Forwards from the positions a sequence of words reaches: in a random secret only the start, so
 * a value costs one look-up per word length, not one per position and word length.
 */
function isWordSequence(letters: string, ordinary: ReadonlySet<string>): boolean {
  let lengths = wordLengthsCache.get(ordinary);
  if (!lengths) {
    lengths = [...new Set([...WORD_LENGTHS, ...[...ordinary].map((name) => name.length)])];
    wordLengthsCache.set(ordinary, lengths);
  }
  const reachable = new Uint8Array(letters.length + 1);
  reachable[0] = 1;
  for (let start = 0; start < letters.length; start++) {
    if (reachable[start] === 0) continue;
    for (const length of lengths) {
      const end = start + length;
      if (end > letters.length || reachable[end] === 1) continue;
      const word = letters.slice(start, end);
      if (COMMON_WORDS.has(word) || ordinary.has(word)) reachable[end] = 1;
    }
  }
  return reachable[letters.length] === 1;
}

/** Environment names that hold a user, a database or a host name, which a password must not equal. */
const ORDINARY_NAME = /(^|_)(user|username|user_name|login|db|database|dbname|db_name|name|host|hostname|schema)$/i;

/**
 * The project's names a secret value is not strong if it equals: project, services, users and
 * databases, the repository path components of the images (`postgres`, `bitnami`,
 * `postgresql`), which the manifests print as the image anyway, and the names of the environment
 * variables the services set, which every container's `env` prints: a placeholder value that
 * repeats its own variable's name (novu's `NEW_RELIC_LICENSE_KEY="NEW_RELIC_LICENSE_KEY"`) hides
 * nothing, and counted as a strong secret it was "written in clear" as the name of its own env
 * entry, which refused the conversion (lowercase).
 */
/** The project's services and its jobs' (a job's keys are a service's). */
function containersOf(project: ComposeProject): Service[] {
  return [...Object.values(project.services), ...Object.values(project.jobs ?? {}).map((job) => job.service)];
}

export function ordinaryNamesOf(project: ComposeProject): ReadonlySet<string> {
  const names = new Set<string>([project.name]);
  for (const service of containersOf(project)) {
    names.add(service.name.toLowerCase());
    for (const [name, value] of Object.entries(service.environment)) {
      names.add(name.toLowerCase());
      if (value && ORDINARY_NAME.test(name) && !isSecretSetting(service, 'environment', name, value)) names.add(value.toLowerCase());
    }
    // An image that a secret variable names (`image: ${REGISTRY_TOKEN}`) shows nothing that is not secret.
    if (service.image !== undefined && !(service.interpolated['image'] ?? []).some(isSecretUse)) {
      for (const component of repositoryPath(service.image)) names.add(component);
    }
    addHostNames(service, names);
  }
  return names;
}

/**
 * The names a service answers to besides its own, its `hostname`, `container_name` and network
 * aliases, which the manifests print as host names and Service names: a variable that names the
 * host of a secret store is no secret, whatever its name says. EdgeX's secure compose file gives
 * every service `SECRETSTORE_HOST: edgex-secret-store`, the hostname and container name of its
 * OpenBao service; the value, taken for a strong secret, was "written in clear" as that pod's
 * hostname and the conversion of the whole stack was refused (until 2026-12-07). A name that a
 * secret variable sets (`hostname: ${NODE_TOKEN}`) is not one.
 */
function addHostNames(service: Service, names: Set<string>): void {
  const add = (name: string | undefined, key: string): void => {
    if (name && !(service.interpolated[key] ?? []).some(isSecretUse)) names.add(name.toLowerCase());
  };
  add(service.hostname, 'hostname');
  add(service.containerName, 'container_name');
  for (const [network, attachment] of Object.entries(service.networks)) {
    attachment.aliases.forEach((alias, index) => add(alias, `networks.${network}.aliases.${index}`));
  }
}

/** `ghcr.io/org/app:1.2@sha256:…` → `ghcr.io`, `org`, `app`: the reference without tag and digest, lowercase. */
function repositoryPath(image: string): string[] {
  const name = image.split('@')[0] ?? '';
  const tagAt = name.lastIndexOf(':');
  const path = tagAt > name.lastIndexOf('/') ? name.slice(0, tagAt) : name;
  return path.toLowerCase().split('/').filter((component) => component !== '');
}

/** Where a strong secret value comes from, for messages: never the value itself. */
export interface SecretSource {
  /** `secret 'jwt'`, `services.db.environment.DB_PASSWORD`, `variable API_TOKEN` */
  readonly what: string;
  /** The compose key that defines or (for a variable) first substitutes it. */
  readonly key?: string;
}

const strongSecretsCache = new WeakMap<ComposeProject, ReadonlyMap<string, SecretSource>>();

/** The project's strong secret values (trimmed; see isStrongSecretValue), each with where it comes from. */
export function strongSecretsOf(project: ComposeProject): ReadonlyMap<string, SecretSource> {
  const cached = strongSecretsCache.get(project);
  if (cached) return cached;
  const ordinary = ordinaryNamesOf(project);
  const strong = new Map<string, SecretSource>();
  const add = (value: string, source: SecretSource): void => {
    const text = value.trim();
    if (!strong.has(text) && isStrongSecretValue(text, ordinary)) strong.set(text, source);
  };
  for (const [key, secret] of Object.entries(project.secrets)) {
    if (secret.value) add(secret.value, { what: `secret '${key}'`, key: `secrets.${key}` });
  }
  for (const service of Object.values(project.services)) {
    for (const [name, value] of Object.entries(service.environment)) {
      const key = `services.${service.name}.environment.${name}`;
      if (value && isSecretSetting(service, 'environment', name, value)) add(value, { what: key, key });
    }
    for (const [path, uses] of Object.entries(service.interpolated)) {
      for (const use of uses) if (isSecretUse(use)) add(use.value, { what: `variable ${use.name}`, key: `services.${service.name}.${path}` });
    }
  }
  strongSecretsCache.set(project, strong);
  return strong;
}

/** Whether a variable substituted by interpolation carries a secret, by its name or its value. */
export function isSecretUse(use: VariableUse): boolean {
  return use.value !== '' && isSecretVariable(use.name, use.value);
}

/** Whether a value set under `name` for `field` (`environment`, `build.args`) of a service is secret. */
export function isSecretSetting(service: Service, field: string, name: string, value: string): boolean {
  if (namesSecretFile(name, value)) return false;
  return isSecretVariable(name, value) || (service.interpolated[`${field}.${name}`] ?? []).some(isSecretUse);
}

/**
 * `POSTGRES_PASSWORD_FILE=/run/secrets/db_password` (the official images' convention for reading a
 * secret from a file), or a path to a key file under any secret name (KEY_FILE). The value says
 * where the secret is, not what it is, and is the mount target
 * the project prints everywhere else (`config` printed `target: <redacted>`). In the manifests the
 * variable still goes to a Secret by its name (lib/k8s), as Polaris asks of any `*PASSWORD*` variable.
 */
function namesSecretFile(name: string, value: string): boolean {
  const path = value.trim();
  return FILE_PATH.test(path) && (/_FILE$/i.test(name) || KEY_FILE.test(path));
}

/**
 * A key or certificate file by its extension: `SERVER_SSL_KEY=/usr/share/wazuh-dashboard/config/certs/
 * dashboard-key.pem` (Wazuh's dashboard, OpenSearch Dashboards' setting) says where the key is, as a
 * `*_FILE` variable does. Taken for a secret value, the path was hidden in every message that named
 * it, `the object for <redacted> is named …` among them, and in `config` (until 2026-12-07).
 */
const KEY_FILE = /\.(pem|key|crt|cer|der|p12|pfx|jks|keystore|truststore)$/i;

const secretValuesCache = new WeakMap<ComposeProject, ReadonlySet<string>>();

/**
 * Every secret value of the project: compose secrets, sensitive environment values and sensitive
 * interpolated variables of every service. Per-service option overrides are not known here, so
 * this errs on the side of secrecy.
 */
export function secretValuesOf(project: ComposeProject): ReadonlySet<string> {
  const cached = secretValuesCache.get(project);
  if (cached) return cached;
  const values = new Set<string>();
  for (const secret of Object.values(project.secrets)) {
    if (secret.value) values.add(secret.value);
  }
  for (const service of containersOf(project)) {
    for (const [name, value] of Object.entries(service.environment)) {
      if (value && isSecretSetting(service, 'environment', name, value)) values.add(value);
    }
    for (const uses of Object.values(service.interpolated)) {
      for (const use of uses) if (isSecretUse(use) && !namesSecretFile(use.name, use.value)) values.add(use.value);
    }
  }
  secretValuesCache.set(project, values);
  return values;
}

/**
 * The secret values to hide wherever they occur in text shown to people (messages, `config`): all
 * but those equal, ignoring case, to a name the project shows in clear anyway — its own name, a
 * service's, a user or database name (ordinaryNamesOf): `DB_PASSWORD=ninja` beside
 * `DB_USERNAME=ninja`, `KONG_PG_PASSWORD=kong` in service `kong`. Hiding such a value hides
 * nothing (the same word is printed as the name) and garbled every path, image and service named
 * with it (`image '<redacted>:latest'`, `depends_on '<redacted>-railsserver'`). Where such a value
 * stands as a secret — a secret setting in `config`, a Secret of the manifests — it is still never
 * printed.
 */
export function redactedValuesOf(project: ComposeProject): string[] {
  const shown = ordinaryNamesOf(project);
  const imageWords = imageNameWordsOf(project);
  return [...secretValuesOf(project)].filter((value) => {
    const word = value.trim().toLowerCase();
    return !shown.has(word) && !imageWords.has(word) && !CONVERTER_WORDS.has(word);
  });
}

/**
 * The words of the repository path components of the project's images, split at `-`, `_` and `.`
 * (`firezone-relay` → `firezone`, `relay`): each image is printed whole in the messages about it, so
 * a value that is one of its words hides nothing there. firezone's VAULT_DEV_ROOT_TOKEN_ID=firezone
 * made its images `<redacted>-relay` and `<redacted>-headless` in every warning (until 2026-12-07).
 * For the redaction of messages only: such a value is still no name that makes a secret weak.
 */
function imageNameWordsOf(project: ComposeProject): ReadonlySet<string> {
  const words = new Set<string>();
  for (const service of containersOf(project)) {
    if (service.image === undefined || (service.interpolated['image'] ?? []).some(isSecretUse)) continue;
    for (const component of repositoryPath(service.image)) for (const word of component.split(/[-_.]+/)) if (word !== '') words.add(word);
  }
  return words;
}

/**
 * Names the converter's own messages print whatever the project: `root`, the user every image can
 * run as (`runs as root because its Dockerfile sets USER root`, `runAsGroup (0 for root)`).
 * bigcapital's `DB_ROOT_PASSWORD=root` made each of them `<redacted>` (until 2026-12-07), which
 * hid nothing and garbled the warnings about the pods that must run as root.
 */
const CONVERTER_WORDS: ReadonlySet<string> = new Set(['root']);

/**
 * Refuses a project `name:` substituted from a secret variable: the name becomes the namespace,
 * a label of every object and the output file's name, none of which can be read from a Secret.
 */
export function refuseSecretProjectName(origin: { readonly uses?: readonly VariableUse[]; readonly location?: SourceLocation } | undefined): void {
  const secret = origin?.uses?.find(isSecretUse);
  if (!secret) return;
  throw new ComposeError(
    `name: the project name comes from the secret variable ${secret.name}, and would name the namespace, label every object and name the output file in clear; set a name that is not secret (or use -p)`,
    origin?.location,
    'name',
  );
}

/**
 * The one redaction rule for text shown to people (messages, `config`): every occurrence of a
 * secret value long enough to search for becomes `<redacted>`, the longest first, so that a secret
 * containing another is hidden whole. It holds the secret values one load or translation knows so
 * far (redactedValuesOf, secretVariableValues). Scoped to
 * one project on purpose: a process that converts many projects (tests, a server) neither mixes
 * their secrets nor accumulates them.
 */
export class SecretRedactor {
  /** Secrets by their first characters, longest first, so one look-up per position finds the candidates. */
  private readonly byPrefix = new Map<string, string[]>();
  /** The secrets' first characters: most positions of a text start none, and need no look-up. */
  private readonly starts = new Set<number>();
  /**
   * Matches one of `starts`: the search jumps from one such character to the next in the regular
   * expression engine instead of testing every character in a loop (every string of every planned
   * object is searched). Built before the next search once secrets were added.
   */
  private startPattern: RegExp | undefined;
  private readonly known = new Set<string>();
  /**
   * Weak values (`test`, `secret`, `postgres`): hidden only where they stand as a word of their own,
   * not inside another (`latest`, `postgres_data`), where they are no leak and hiding them garbles
   * the message. A strong value is hidden wherever it occurs.
   */
  private readonly wholeWordOnly = new Set<string>();
  /**
   * Candidate lists added to since they were last sorted: sorted once before the next search, as
   * a thousand tokens sharing their first characters (`token-0001`…) would make sorting on every
   * addition quadratic.
   */
  private readonly unsorted = new Set<string[]>();

  constructor(values: Iterable<string> = []) {
    this.add(values);
  }

  add(values: Iterable<string>): void {
    for (const value of values) {
      if (value.length < MIN_SEARCHED_SECRET_LENGTH || this.known.has(value)) continue;
      this.known.add(value);
      if (!isStrongSecretValue(value)) this.wholeWordOnly.add(value);
      this.starts.add(value.charCodeAt(0));
      const prefix = value.slice(0, MIN_SEARCHED_SECRET_LENGTH);
      const candidates = this.byPrefix.get(prefix) ?? [];
      candidates.push(value);
      this.byPrefix.set(prefix, candidates);
      this.unsorted.add(candidates);
      this.startPattern = undefined;
    }
  }

  /**
   * Left to right, the longest secret starting at each position becomes `<redacted>`. One map
   * look-up per character that starts a secret, whatever the number of secrets: a project with
   * thousands of secrets and thousands of warnings stays linear.
   */
  redact(text: string): string {
    if (this.byPrefix.size === 0) return text;
    const starts = this.prepared();
    let redacted = '';
    let copiedUpTo = 0;
    starts.lastIndex = 0;
    while (starts.test(text)) {
      const at = starts.lastIndex - 1;
      const secret = this.secretAt(text, at);
      if (secret === undefined) continue;
      redacted += `${text.slice(copiedUpTo, at)}<redacted>`;
      copiedUpTo = at + secret.length;
      starts.lastIndex = copiedUpTo;
    }
    return copiedUpTo === 0 ? text : redacted + text.slice(copiedUpTo);
  }

  /** The first (longest) secret found in `text`, in the same linear time. */
  find(text: string): string | undefined {
    if (this.byPrefix.size === 0) return undefined;
    const starts = this.prepared();
    starts.lastIndex = 0;
    while (starts.test(text)) {
      const secret = this.secretAt(text, starts.lastIndex - 1);
      if (secret !== undefined) return secret;
    }
    return undefined;
  }

  /** The pattern of first characters, with the candidate lists sorted. */
  private prepared(): RegExp {
    if (this.unsorted.size > 0) {
      for (const candidates of this.unsorted) candidates.sort((a, b) => b.length - a.length);
      this.unsorted.clear();
    }
    // Code units in \u escapes: any character, a lone surrogate included, stands for itself.
    this.startPattern ??= new RegExp(`[${[...this.starts].map((code) => `\\u${code.toString(16).padStart(4, '0')}`).join('')}]`, 'g');
    return this.startPattern;
  }

  private secretAt(text: string, at: number): string | undefined {
    if (at + MIN_SEARCHED_SECRET_LENGTH > text.length) return undefined;
    return this.byPrefix
      .get(text.slice(at, at + MIN_SEARCHED_SECRET_LENGTH))
      ?.find((value) => text.startsWith(value, at) && (!this.wholeWordOnly.has(value) || (standsAlone(text, at, value) && !inOptionName(text, at))));
  }
}

/** The characters of an option's name (`--admin-password`, `-Dadmin.user`), up to its `=`. */
const OPTION_NAME_CHARACTER = /[A-Za-z0-9_.-]/;

/**
 * `text` at `at` is inside the name of an option (`--admin-password`, not the value after its `=`):
 * a word of the flag as the project writes it, which messages name (`the value of
 * --admin-password`). A weak password `admin` (ODK's and many examples') made it
 * `--<redacted>-password` in the warning that says it is read from a Secret (until 2026-12-07),
 * hiding nothing: the value itself is never printed there.
 */
function inOptionName(text: string, at: number): boolean {
  let start = at;
  while (start > 0 && OPTION_NAME_CHARACTER.test(text[start - 1]!)) start--;
  return start < at && text[start] === '-';
}

const IDENTIFIER_CHARACTER = /[A-Za-z0-9_]/;

/** `value` at `at` in `text` is not part of a longer word: no word character continues it on a side where it ends in one. */
function standsAlone(text: string, at: number, value: string): boolean {
  const before = text[at - 1];
  const after = text[at + value.length];
  const joinsBefore = before !== undefined && IDENTIFIER_CHARACTER.test(before) && IDENTIFIER_CHARACTER.test(value[0]!);
  const joinsAfter = after !== undefined && IDENTIFIER_CHARACTER.test(after) && IDENTIFIER_CHARACTER.test(value[value.length - 1]!);
  return !joinsBefore && !joinsAfter;
}

/** The variables whose values are secret by their name or value (`DB_PASSWORD`, `DATABASE_URL=postgres://u:pw@db`). */
export function secretVariableValues(variables: ReadonlyMap<string, string>): string[] {
  const shown = new Set<string>();
  for (const [name, value] of variables) if (value !== '' && ORDINARY_NAME.test(name) && !isSecretVariable(name, value)) shown.add(value.toLowerCase());
  return [...variables].filter(([name, value]) => value !== '' && isSecretVariable(name, value) && !shown.has(value.toLowerCase())).map(([, value]) => value);
}
