/**
 * Issue 17: the sensitivity rules shared by the loader and the translation. The value scanners
 * replace regular expressions that backtracked (a 100 kB value took 13 s, `password` followed by
 * 10,000 blanks two minutes); they are linear by construction (see lib/compose/sensitivity.ts),
 * give the old expressions' answers (checked here on random short inputs), and answer on 1 MiB
 * adversarial values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasPrivateKey, hasUrlPassword, holdsPasswordHashes, isSecretVariable, isSensitiveName, isSensitivePath, namesSecretSetting, SecretRedactor, setsCredential, setsSecureJsonData, setsSqlPassword } from '../../lib/compose/sensitivity.ts';

/** The expressions the scanners replace, as they were: the reference on short inputs. */
// A user may hold `@` (an e-mail address: `smtps://user@domain.com:password@smtp.domain.com`).
const OLD_URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:]*:[^\s/@]+@/i;
const OLD_PRIVATE_KEY = /-BEGIN\s+.*PRIVATE KEY-/i;
const OLD_CREDENTIAL_ASSIGNMENT =
  /^[ \t]*["']?[\w.-]*(password|passwd|secret|token|requirepass|masterauth|api_?key|secret[-_]?key|secret[-_]access[-_]key)["']?[ \t]*[=: \t][ \t]*(?![=:])(?!["']?[ \t]*$)(?!["']?\$)\S/im;
const oldSetsCredential = (content: string): boolean =>
  OLD_CREDENTIAL_ASSIGNMENT.test(
    content
      .split('\n')
      .filter((line) => !/^\s*[#;]/.test(line))
      .join('\n'),
  );

const MiB = 1024 * 1024;

/** Strings over the characters these rules care about, so matches are frequent. */
const fragments = (pieces: readonly string[]) => fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((parts) => parts.join(''));

describe('sensitive names', () => {
  it.each(['DB_PASS', 'DBPASS', 'DBROOT', 'DB_ROOT', 'REDISPASS', 'POSTGRES_PWD', 'RABBITMQ_PASS', 'DB_PW', 'PASS_HASH', 'HTTP_PROXY_PASS', 'db_password', 'TS_AUTHKEY', 'HEADSCALE_AUTHKEYS', 'RABBITMQ_ERLANG_COOKIE', 'COUCHDB_ERLANG_COOKIE', 'EMQX_NODE__COOKIE', 'RELEASE_COOKIE', 'ZITADEL_MASTERKEY', 'MASTERKEY', 'APP_ENCRYPTIONKEY', 'JWT_SIGNINGKEY', 'VAULT_UNSEALKEYS', 'ENCRYPTION_SALT', 'WORDPRESS_AUTH_SALT', 'HASHIDS_SALT', 'SALT', 'nonce_salts', 'NEXT_PRIVATE_SMTP_PASSWORD', 'NEXT_PRIVATE_ENCRYPTION_KEY', 'NEXT_PRIVATE_SIGNING_PASSPHRASE', 'PRIVATE_KEY'])('%s is sensitive', (name) => {
    expect(isSensitiveName(name)).toBe(true);
  });
  it.each(['PWD', 'OLDPWD', 'BYPASS', 'COMPASS', 'PASSPORT', 'PASSIVE_MODE', 'SURPASS', 'PASS_THROUGH', 'SHUFFLE_PASS_WORKER_PROXY', 'SHUFFLE_PASS_APP_PROXY', 'POSTGRES_USER', 'DBHOST', 'ROOT_URL', 'OAUTH_KEYCLOAK_URL', 'SESSION_COOKIE', 'SESSION_COOKIE_NAME', 'COOKIE_DOMAIN', 'CSRF_COOKIE_SECURE', 'MONKEY', 'HOTKEY', 'SESSION_KEYSPACE', 'MASTER_KEYBOARD', 'BCRYPT_SALT_ROUNDS', 'SALT_LENGTH', 'SALTCORN_MULTI_TENANT', 'BASALT', 'NEXT_PRIVATE_SMTP_PORT', 'NEXT_PRIVATE_UPLOAD_REGION', 'NEXT_PRIVATE_DATABASE_URL'])('%s is not', (name) => {
    expect(isSensitiveName(name)).toBe(false);
  });
});

describe('variables named for authentication', () => {
  it.each([
    ['REDISCLI_AUTH', 'bitnami'],
    ['NEO4J_AUTH', 'neo4j/edx'],
  ])('%s=%s holds a credential', (name, value) => {
    expect(isSecretVariable(name, value)).toBe(true);
  });
  it.each([
    ['MONGO_AUTH', 'true'],
    ['OPENEMR_SETTING_SMTP_Auth', 'TRUE'],
    ['REGISTRY_AUTH', 'htpasswd'],
    ['NEO4J_AUTH', 'none'],
    ['SMTP_AUTH', 'login'],
    ['AUTHOR', 'jane'],
  ])('%s=%s says how, not with what', (name, value) => {
    expect(isSecretVariable(name, value)).toBe(false);
  });
});

describe('an HTTP Authorization value', () => {
  it.each([
    ['SCRYPTED_WEBHOOK_UPDATE_AUTHORIZATION', 'Bearer SET_THIS_TO_SOME_RANDOM_TEXT'],
    ['WEBHOOK_HEADER', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo'],
    ['UPSTREAM_AUTHORIZATION', 'Basic YWRtaW46czNjcmV0'],
  ])('%s=%s carries a credential', (name, value) => {
    expect(isSecretVariable(name, value)).toBe(true);
  });
  it.each([
    ['AUTH_METHOD', 'Basic authentication'],
    ['HTTP_AUTH_SCHEME', 'Bearer'],
    ['UPSTREAM_AUTHORIZATION', 'Basic YWRtaW4='],
    ['DESCRIPTION', 'Bearer of good news'],
  ])('%s=%s carries none', (name, value) => {
    expect(isSecretVariable(name, value)).toBe(false);
  });
});

describe('settings about a secret', () => {
  it.each(['JWT_TOKEN_EXPIRY_IN_MINUTES', 'PASSWORD_MIN_LENGTH', 'ENABLE_TOKEN_AUTH', 'OAUTH_TOKEN_URL', 'ALLOW_EMPTY_PASSWORD', 'SESSION_SECRET_TTL', 'TOKEN_LIFETIME', 'PASSWORD_HASH_ROUNDS'])('%s is one', (name) => {
    expect(namesSecretSetting(name)).toBe(true);
  });
  it.each(['POSTGRES_PASSWORD', 'SECRET_KEY_BASE', 'API_TOKEN', 'AUTH_HEADER', 'JWT_SECRET', 'ACCESS_TOKEN_SECRET', 'PASSWORD_HASH'])('%s is a secret', (name) => {
    expect(namesSecretSetting(name)).toBe(false);
  });
});

describe('sensitive file names', () => {
  // Traefik's ACME store holds its account key and the certificates' private keys (PeerTube's
  // traefik-era ./docker-volume/traefik/acme.json was to be a ConfigMap until 2026-12-06).
  it.each(['./docker-volume/traefik/acme.json', '/etc/traefik/acme.json', 'server.key', '.pgpass'])('%s is sensitive', (path) => {
    expect(isSensitivePath(path)).toBe(true);
  });
  it.each(['./traefik/traefik.toml', 'acme.json.example.md', 'config/acme.yaml'])('%s is not', (path) => {
    expect(isSensitivePath(path)).toBe(false);
  });
  // Kubeconfigs and rclone's config hold credentials; the operator writes them, so they are often
  // missing at conversion and judged by name alone (saarctf-gameserver's ./kube.config mounted at
  // /root/.kube/config, itzg/mc-backup's ./rclone.conf): ConfigMaps to create until 2026-12-07.
  it.each(['./kube.config', 'kubeconfig', './kubeconfig.yaml', '.kube-config.yml', 'prod.kubeconfig', '/root/.kube/config', './rclone.conf'])('%s is sensitive', (path) => {
    expect(isSensitivePath(path)).toBe(true);
  });
  it.each(['./kube-state-metrics.yaml', './kubernetes/config.yaml', './rclone.conf.example', './config/cube.config'])('%s is not', (path) => {
    expect(isSensitivePath(path)).toBe(false);
  });
});

describe('value scanners answer as the expressions they replace', () => {
  it('URL with a password', () => {
    fc.assert(
      fc.property(fragments(['a', 'B', '1', '+', '.', '-', ':', '//', '/', '@', ' ', '\n', 'x://', 'u:p@', '\u00a0']), (value) => {
        expect(hasUrlPassword(value)).toBe(OLD_URL_WITH_PASSWORD.test(value));
      }),
      { numRuns: 5000 },
    );
    expect(hasUrlPassword('postgres://app:s3cret@db:5432/app')).toBe(true);
    expect(hasUrlPassword('redis://:pw@redis')).toBe(true);
    expect(hasUrlPassword('https://example.com/a@b')).toBe(false);
    // Hoppscotch's MAILER_SMTP_URL: the user is an e-mail address; its password stayed in the manifest until 2026-12-07.
    expect(hasUrlPassword('smtps://user@domain.com:pass@smtp.domain.com')).toBe(true);
    expect(hasUrlPassword('redis://default@redis:6379')).toBe(false);
    expect(hasUrlPassword('http://git@example.com:8080/x@y')).toBe(false);
  });

  it('private key block', () => {
    fc.assert(
      fc.property(fragments(['-BEGIN', '-begin', ' ', '\t', '\n', '\r', 'RSA ', 'PRIVATE KEY-', 'private key-', 'x', '-']), (value) => {
        expect(hasPrivateKey(value)).toBe(OLD_PRIVATE_KEY.test(value));
      }),
      { numRuns: 5000 },
    );
  });

  it('credential assignment', () => {
    fc.assert(
      fc.property(
        fragments(['password', 'api_key', 'apikey', 'Token', 'secret', '-key', '_access', 'x', '_', '.', ' ', '\t', '=', ':', '"', "'", '$', 'v', '\n', '#', ';', '\r', '\u00a0']),
        (value) => {
          expect(setsCredential(value)).toBe(oldSetsCredential(value));
        },
      ),
      { numRuns: 10_000 },
    );
    // Both separators, mixed, as the reference allows: the property run found `secret_access-key:password` unread (seeded at random, so it failed now and then).
    expect(setsCredential('secret_access-key:password')).toBe(true);
    expect(setsCredential('secret-access_key = abc')).toBe(true);
    expect(setsCredential('requirepass foo')).toBe(true);
    expect(setsCredential('admin_password = "x"')).toBe(true);
    expect(setsCredential('password_file = /run/secrets/pw')).toBe(false);
    expect(setsCredential('password: ${DB_PASSWORD}')).toBe(false);
    // A blank before the separator: the `=` is not the value (MeshyMcMapface's agent config template).
    expect(setsCredential('api_key = ${API_KEY}')).toBe(false);
    expect(setsCredential('api_key = x')).toBe(true);
    expect(setsCredential('# password = x')).toBe(false);
    // S3 credentials of object store configurations (thanos-docker-compose's --objstore.config).
    expect(setsCredential('config:\n  access_key: myaccesskey\n  secret_key: mysecretkey')).toBe(true);
    expect(setsCredential('secret_access_key: abc')).toBe(true);
    expect(setsCredential('secret_key_file: /run/secrets/s3')).toBe(false);
    // A kubeconfig's embedded client key (saarctf-gameserver's kube.config, a ConfigMap until 2026-12-07); a path to the key is no key.
    expect(setsCredential('users:\n- name: default\n  user:\n    client-key-data: LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS0tLS0t')).toBe(true);
    expect(setsCredential('    client-key: /etc/kubernetes/pki/admin.key')).toBe(false);
    expect(setsCredential('    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t')).toBe(false);
    // A secret key (trino-getting-started's hive/trino-minio catalog, kept in a ConfigMap until 2026-12-06).
    expect(setsCredential('hive.s3.aws-secret-key=minio123')).toBe(true);
    expect(setsCredential('aws_secret_access_key = x')).toBe(true);
    expect(setsCredential("SECRET_KEY = 'x'")).toBe(true);
    expect(setsCredential('hive.s3.aws-access-key=minio')).toBe(false);
    // `pass` as a key (Headscale's database.postgres.pass, RabbitMQ's default_pass), before `=` or `:` only.
    expect(setsCredential('    pass: changeme  # must match POSTGRES_PASSWORD')).toBe(true);
    expect(setsCredential('default_pass = guest')).toBe(true);
    expect(setsCredential('pass: ${DB_PASS}')).toBe(false);
    expect(setsCredential('        proxy_pass http://app:8000;')).toBe(false);
    expect(setsCredential('    pass  # nothing yet')).toBe(false);
    expect(setsCredential('bypass: true')).toBe(false);
    expect(setsCredential('compass = north')).toBe(false);
    // A password hash in the modular crypt format starts with `$` but is a value: Authelia's users file
    // (gilby125/authelia-traefik-docker-compose, an inline config) was a ConfigMap until 2026-12-07.
    expect(setsCredential("    password: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaA'")).toBe(true);
    expect(setsCredential('    password: "$2a$10$CQx4J9U6r/j2dmy/WzvwWuiVRTTAwqi3a7vIk1cCAlg1DCMOmDrWm"')).toBe(true);
    expect(setsCredential('password = $6$rounds=5000$salt$hash')).toBe(true);
    expect(setsCredential('password: $DB_PASSWORD$SUFFIX')).toBe(false);
    expect(setsCredential('password: $apr1$')).toBe(false);
  });
});

describe('1 MiB adversarial values get an answer (linear scans)', () => {
  it.each([
    ['letters without ://', 'a'.repeat(MiB), false],
    ['many schemes', 'a://'.repeat(MiB / 4), false],
    ['a user without a password end', `a://${'u'.repeat(MiB)}`, false],
    ['a password without @', `a://u:${'p'.repeat(MiB)}`, false],
    ['colons', 'a://:'.repeat(MiB / 5), false],
    ['a match at the end', `${'a'.repeat(MiB)}://u:p@h`, true],
  ])('URL: %s', (_name, value, expected) => {
    expect(hasUrlPassword(value)).toBe(expected);
  });

  it.each([
    ['many -BEGIN on one line', '-BEGIN '.repeat(MiB / 7), false],
    ['many -BEGIN, one key on another line', `${'-BEGIN '.repeat(MiB / 7)}x\nPRIVATE KEY-`, false],
    ['-BEGIN and blanks', `-BEGIN${' '.repeat(MiB)}`, false],
    ['a key at the end', `${'-BEGIN '.repeat(MiB / 7)}PRIVATE KEY-`, true],
  ])('private key: %s', (_name, value, expected) => {
    expect(hasPrivateKey(value)).toBe(expected);
  });

  it.each([
    ['a keyword and blanks', `password${' '.repeat(MiB)}`, false],
    ['a keyword, blanks and a value', `password${' '.repeat(MiB)}x`, true],
    ['a long word', `${'a'.repeat(MiB)}password = x`, true],
    ['many short lines', 'password=\n'.repeat(MiB / 10), false],
    ['a quote and blanks', `password="${' \t'.repeat(MiB / 2)}`, false],
  ])('credential: %s', (_name, value, expected) => {
    expect(setsCredential(value)).toBe(expected);
  });

  it.each([
    ['a long user name', `${'u'.repeat(MiB)}:$6$salt$hash`, false],
    ['many short names with colons', 'u:'.repeat(MiB / 2), false],
    ['many lines that almost hash', 'u:$6\n'.repeat(MiB / 5), false],
    ['a hash at the end', `${'u:$6\n'.repeat(MiB / 5)}u:$6$salt$hash`, true],
  ])('password hash: %s', (_name, value, expected) => {
    expect(holdsPasswordHashes(value)).toBe(expected);
  });
});

describe('setsSecureJsonData', () => {
  it("finds a value set under Grafana's secureJsonData, whatever its key, and not one left empty or to a variable", () => {
    // uptrace's example/docker/grafana/datasource.yml: an API token as an Authorization header's value.
    const datasource = (value: string) => `apiVersion: 1\ndatasources:\n  - name: Uptrace\n    type: tempo\n    jsonData:\n      httpHeaderName1: 'Authorization'\n    secureJsonData:\n      httpHeaderValue1: ${value}\n  - name: Prometheus\n    url: http://prometheus:9090\n`;
    expect(setsSecureJsonData(datasource("'4q5mFJynx9M4vTlDm-kheQ'"))).toBe(true);
    expect(setsSecureJsonData(datasource("''"))).toBe(false);
    expect(setsSecureJsonData(datasource('$UPTRACE_TOKEN'))).toBe(false);
    expect(setsSecureJsonData('- secureJsonData:\n    tlsClientKey: abc\n')).toBe(true);
    // A key of the same level after the block is outside it.
    expect(setsSecureJsonData('    secureJsonData:\n    jsonData:\n      httpHeaderName1: X-Org\n')).toBe(false);
    expect(setsSecureJsonData('jsonData:\n  httpHeaderValue1: tenant-1\n')).toBe(false);
  });
});

describe('SecretRedactor.redact', () => {
  it('hides every occurrence, longest values first, and leaves values too short to search', () => {
    expect(new SecretRedactor(['hunter2', 'hunter22', 'abc']).redact('pw=hunter22 and hunter2 and abc')).toBe('pw=<redacted> and <redacted> and abc');
  });
});

describe('setsSqlPassword', () => {
  it('finds SQL that sets a password, of any strength, and not a placeholder', () => {
    expect(setsSqlPassword("CREATE USER app WITH PASSWORD 'changeme';")).toBe(true);
    expect(setsSqlPassword("ALTER USER x\n  WITH password\t'pw';")).toBe(true);
    expect(setsSqlPassword("CREATE USER 'a'@'%' IDENTIFIED BY 'pw';")).toBe(true);
    expect(setsSqlPassword("CREATE USER app WITH PASSWORD '${DB_PASSWORD}';")).toBe(false);
    expect(setsSqlPassword('SELECT password FROM users;')).toBe(false);
  });
});
