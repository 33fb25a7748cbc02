import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyOf,
  containsSecretValue,
  isPolarisSensitiveName,
  isSecretContent,
  isSensitiveFile,
  isSensitiveName,
  isSensitiveValue,
  isStrongSecretValue,
  secretValuesOf,
  strongSecretsOf,
} from '../../../lib/k8s/config-and-secrets/sensitive.ts';
import { isSecretVariable, redactedValuesOf } from '../../../lib/compose/sensitivity.ts';
import { makeProject, makeService } from '../../support/model.ts';
import { convertCompose } from '../support/compose-text.ts';

describe('sensitive names', () => {
  it.each([
    'POSTGRES_PASSWORD', 'MQTT_PASSWD', 'JWT_SECRET', 'GITHUB_TOKEN', 'AUTH_BEARER', 'AWS_SECRET_ACCESS_KEY',
    'GOOGLE_APPLICATION_CREDENTIALS', 'AZURE_STORAGE_KEY', 'OCI_CLI_KEY_CONTENT', 'STRIPE_API_KEY', 'APIKEY',
    'SECRET_KEY', 'KEY', 'TLS_PRIVATE', 'SSH_PASSPHRASE', 'db_password_file',
  ])('%s is sensitive', (name) => {
    expect(isSensitiveName(name)).toBe(true);
  });

  it.each(['POSTGRES_USER', 'LOG_LEVEL', 'KEYCLOAK_URL', 'MONKEY', 'DB_HOST', 'PASS_THROUGH'])('%s is not', (name) => {
    expect(isSensitiveName(name)).toBe(false);
  });

  it('covers every name Polaris sensitiveContainerEnvVar rejects', () => {
    const fragments = ['AWS', 'SECRET', 'ACCESS', 'KEY', 'AZURE', 'x', 'Token', 'bearer', 'PassWord', 'GOOGLE', 'OCI_CLI_KEY_CONTENT', '_'];
    const names = fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('_'));
    fc.assert(fc.property(names, (name) => !isPolarisSensitiveName(name) || isSensitiveName(name)));
  });
});

describe('anyOf', () => {
  it('matches exactly where one of the patterns matches, anchors and groups included', () => {
    // The name patterns are tested as one (issue 7); each keeps its own anchors and alternatives.
    const patterns = [/passw(or)?d/i, /(^|_)key$/i, /^azure_.+key$/i, /^oci$/i, /a|b$/i, /token/i];
    const names = fc.array(fc.constantFrom('PASSWD', 'password', '_KEY', 'key', 'AZURE_', 'x', 'OCI', 'a', 'B', 'Token', '_', 'oci'), { maxLength: 5 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.subarray(patterns, { minLength: 1 }), fc.oneof(names, fc.string()), (chosen, name) => {
        expect(anyOf(chosen).test(name)).toBe(chosen.some((pattern) => pattern.test(name)));
      }),
    );
  });

  it('refuses patterns with other flags, which one pattern could not keep', () => {
    expect(() => anyOf([/a/i, /b/])).toThrow(/not only case-insensitive/);
  });
});

describe('sensitive values', () => {
  it.each([
    'postgresql://scip_user:scip_password@postgres:5432/scip_v3',
    'redis://:redis_password@redis:6379/0',
    'mysql://root:whalehello@db:3306/mysql',
    '-----BEGIN RSA PRIVATE KEY-----\nabc',
    // kestra's KESTRA_CONFIGURATION: a configuration file in a variable, with a credential line.
    'datasources:\n  postgres:\n    url: jdbc:postgresql://postgres:5432/kestra\n    username: kestra\n    password: k3str4\n',
    "-- init\nCREATE USER app WITH PASSWORD 'pw';\n",
    // metabase's MB_DB_CONNECTION_URI: a JDBC URL whose parameters carry the password.
    'jdbc:postgresql://metabase-postgres-app-db:5432/metabase?user=mbuser&password=password',
    'jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=Test@123',
    'https://hooks.example.com/in?access_token=abc123',
    // A token as the URL's user alone: uptrace's and Sentry's DSNs (plain env values until 2026-12-07).
    'http://project1_secret_token@uptrace:14317/1',
    'https://a34ae347621946bf8acded18e5b7d4b8@o420233.ingest.sentry.io/5338131',
  ])('%s is sensitive', (value) => {
    expect(isSensitiveValue(value)).toBe(true);
  });

  it.each([
    'http://ai-layer:8001/analyze', 'amqp://guest@rabbit:5672', 'kafka://redpanda:9092/order', 'user@example.com:22',
    'ssh://git@github.com/org/repo.git', 'https://deploy-bot@git.example.com/org/repo.git',
    // One line is a command or a flag string, not a configuration file; a password from a variable is none either.
    '--password=x', 'auth:\n  password: ${DB_PASSWORD}\n  token:\n',
    // A parameter that only names a credential, or an empty one, carries none.
    'https://app.example.com/reset?password_reset=1&user=x', 'jdbc:postgresql://db/app?user=u&password=', 'db?password=x',
  ])(
    '%s is not',
    (value) => {
      expect(isSensitiveValue(value)).toBe(false);
    },
  );
});

describe('sensitive files', () => {
  const project = makeProject([makeService('db', { environment: { POSTGRES_PASSWORD: 'pw-in-sql' } })]);

  it.each([
    ['/p/mqtt/passwd', 'user:$7$hash'],
    ['/p/tls/server.key', 'x'],
    ['/p/certs/ca.crt', 'x'],
    ['/p/.env', 'A=1'],
    ['/p/grafana.ini', '[security]\nadmin_password = admin\n'],
    ['/p/app.json', '{\n  "api_key": "k-123"\n}\n'],
    ['/p/init.sql', "CREATE USER x WITH PASSWORD 'pw-in-sql';"],
  ])('%s is sensitive', (path, content) => {
    expect(isSensitiveFile(path, content, project)).toBe(true);
  });

  it.each([
    ['/p/mosquitto.conf', 'password_file /mosquitto/config/passwd\n'],
    ['/p/redis.conf', '# requirepass foobared\n'],
    ['/p/app.yml', 'password: ${DB_PASSWORD}\n'],
    ['/p/nginx.conf', 'events {}\n'],
  ])('%s is not', (path, content) => {
    expect(isSensitiveFile(path, content, project)).toBe(false);
  });
});

describe('secretValuesOf', () => {
  it('collects compose secrets, sensitive env values and sensitive interpolated variables', () => {
    const project = makeProject(
      [
        makeService('api', {
          environment: { DB_PASSWORD: 'a1', URL: 'redis://:a2@redis', HOST: 'plain' },
          interpolated: { command: [{ name: 'API_TOKEN', value: 'a3' }, { name: 'PORT', value: '80' }] },
        }),
      ],
      { secrets: { s: { name: 's', source: { kind: 'content' }, value: 'a4', labels: {}, extensions: {} } } },
    );
    expect([...secretValuesOf(project)].sort()).toEqual(['a1', 'a3', 'a4', 'redis://:a2@redis']);
  });
});

describe('strong secret values (issue 21: only these count when met elsewhere)', () => {
  it.each([
    'Xk9vQ2mZ7pLw4rT8',
    's3cr3t-db-password-of-modax',
    'qzvtrmbpwkxy',
    'correct horse battery staple',
    '8f14e45fceea167a5a36dedd4bea2543',
    '-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----',
  ])('%s is strong', (value) => {
    expect(isStrongSecretValue(value)).toBe(true);
  });

  it.each([
    'postgres', 'changeme', 'example', 'hunter2', 'password123', 'P@ssw0rd2024!', 'mysecretpassword', 'supersecret',
    'Admin123', 'rootpassword', 's3cr3t', '12345678', '1234567890123', 'aaaaaaaaaaaa', 'abababab12', 'basketball',
    '/run/secrets/db_password', '  changeme  \n',
  ])('%s is not', (value) => {
    expect(isStrongSecretValue(value)).toBe(false);
  });

  it('counts different characters by code point, and words anywhere in the letters', () => {
    // Four different characters, five different UTF-16 code units: not enough.
    expect(isStrongSecretValue('\u{1F600}\u{1F601}abab\u{1F600}\u{1F601}abab')).toBe(false);
    expect(isStrongSecretValue('\u{1F600}\u{1F601}\u{1F602}\u{1F603}\u{1F604}\u{1F605}')).toBe(true);
    // Common words after one another, disguised or not, whatever their order.
    expect(isStrongSecretValue('Th1sIsN0tMySecretPassword', new Set(['is']))).toBe(false);
    expect(isStrongSecretValue('passwordxsecret1!')).toBe(true);
  });

  it("is not a user or database name of the project, nor made of one", () => {
    const ordinary = new Set(['scip_user', 'alicewonder']);
    expect(isStrongSecretValue('SCIP_USER', ordinary)).toBe(false);
    expect(isStrongSecretValue('alicewonder2024', ordinary)).toBe(false);
    expect(isStrongSecretValue('alicewonder2024')).toBe(true);
  });

  it('are collected with where they come from, and found inside text', () => {
    const project = makeProject(
      [
        makeService('db', {
          environment: { POSTGRES_USER: 'Xq7-app-owner', POSTGRES_PASSWORD: 'postgres', DB_PASS: 'Xq7-app-owner', API_TOKEN: 'Tk-93jf8Hq2' },
          interpolated: { 'labels.note': [{ name: 'SESSION_SECRET', value: 'Ss-0a9b8c7d6e' }] },
        }),
      ],
      { secrets: { jwt: { name: 'jwt', source: { kind: 'content' }, value: 'Jw7-k3y-value\n', labels: {}, extensions: {} } } },
    );
    expect([...strongSecretsOf(project)].sort()).toEqual([
      ['Jw7-k3y-value', { what: "secret 'jwt'", key: 'secrets.jwt' }],
      ['Ss-0a9b8c7d6e', { what: 'variable SESSION_SECRET', key: 'services.db.labels.note' }],
      ['Tk-93jf8Hq2', { what: 'services.db.environment.API_TOKEN', key: 'services.db.environment.API_TOKEN' }],
    ]);
    expect(containsSecretValue('token=Tk-93jf8Hq2;', project)).toBe(true);
    expect(containsSecretValue('user postgres, Xq7-app-owner', project)).toBe(false);
    expect(isSecretContent("CREATE USER x WITH PASSWORD 'Tk-93jf8Hq2';", project)).toBe(true);
    expect(isSecretContent('listen postgres;', project)).toBe(false);
  });
});

describe('a placeholder that repeats its own variable name is no secret material', () => {
  // novu's docker/community/.env: NEW_RELIC_LICENSE_KEY="NEW_RELIC_LICENSE_KEY". Counted as a strong
  // secret, the value was "written in clear" as the name of its own env entry, and the conversion
  // of the whole stack was refused.
  const compose = [
    'services:',
    '  api:',
    '    image: ghcr.io/novuhq/novu/api:2.0.0',
    '    environment:',
    '      NEW_RELIC_LICENSE_KEY: NEW_RELIC_LICENSE_KEY',
    '      NEW_RELIC_APP_NAME: NEW_RELIC_APP_NAME',
    '',
  ].join('\n');

  it('is neither a strong secret nor hidden in messages, and the variable still goes into the Secret', () => {
    const project = makeProject([makeService('api', { environment: { NEW_RELIC_LICENSE_KEY: 'NEW_RELIC_LICENSE_KEY' } })]);
    expect([...strongSecretsOf(project)]).toEqual([]);
    expect(redactedValuesOf(project)).toEqual([]);
    const converted = convertCompose(compose);
    const env = converted.object('Deployment', 'api').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'NEW_RELIC_LICENSE_KEY', valueFrom: { secretKeyRef: { name: 'api-env', key: 'NEW_RELIC_LICENSE_KEY' } } });
  });

  it('while another variable of that value stays a strong secret where it is no name of the project', () => {
    const project = makeProject([makeService('api', { environment: { LICENSE_KEY: 'NEW_RELIC_LICENSE_KEY_2' } })]);
    expect([...strongSecretsOf(project).keys()]).toEqual(['NEW_RELIC_LICENSE_KEY_2']);
  });
});

describe("a service's hostname, container name or alias is no secret material", () => {
  // EdgeX's secure compose file (edgexfoundry/edgex-compose): every service sets
  // SECRETSTORE_HOST=edgex-secret-store, the hostname and container name of its OpenBao service.
  // Taken for a strong secret, the value was "written in clear" as that pod's hostname, and the
  // conversion of the whole stack was refused.
  const compose = [
    'services:',
    '  secret-store:',
    '    image: openbao/openbao:2.1.1',
    '    hostname: edgex-secret-store',
    '    container_name: edgex-secret-store',
    '  vault:',
    '    image: openbao/openbao:2.1.1',
    '    networks:',
    '      default:',
    '        aliases: [edgex-vault-store]',
    '  core-data:',
    '    image: nexus3.edgexfoundry.org:10004/core-data:latest',
    '    environment:',
    '      SECRETSTORE_HOST: edgex-secret-store',
    '      SECRET_VAULT_HOST: edgex-vault-store',
    '',
  ].join('\n');

  it('converts, the value is neither a strong secret nor hidden, and the variables still go into the Secret', () => {
    const converted = convertCompose(compose);
    expect(converted.object('Deployment', 'secret-store').spec.template.spec.hostname).toBe('edgex-secret-store');
    const env = converted.object('Deployment', 'core-data').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'SECRETSTORE_HOST', valueFrom: { secretKeyRef: { name: 'core-data-env', key: 'SECRETSTORE_HOST' } } });
    const project = makeProject([
      makeService('secret-store', { hostname: 'edgex-secret-store', containerName: 'edgex-secret-store' }),
      makeService('core-data', { environment: { SECRETSTORE_HOST: 'edgex-secret-store', OTHER_SECRET: 'edgex-other-store' } }),
    ]);
    expect([...strongSecretsOf(project).keys()]).toEqual(['edgex-other-store']);
    expect(redactedValuesOf(project)).toEqual(['edgex-other-store']);
  });
});

describe('a configuration file held in a variable', () => {
  it('goes into the Secret when it sets a credential (kestra), and stays plain when it does not', () => {
    const converted = convertCompose(`services:
  kestra:
    image: kestra/kestra:v0.20
    environment:
      KESTRA_CONFIGURATION: |
        datasources:
          postgres:
            url: jdbc:postgresql://postgres:5432/kestra
            username: kestra
            password: k3str4
      OTHER_CONFIGURATION: |
        kestra:
          url: http://localhost:8080/
`);
    const env = converted.object('Deployment', 'kestra').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'KESTRA_CONFIGURATION', valueFrom: { secretKeyRef: { name: 'kestra-env', key: 'KESTRA_CONFIGURATION' } } });
    expect(env).toContainEqual({ name: 'OTHER_CONFIGURATION', value: 'kestra:\n  url: http://localhost:8080/\n' });
    expect(JSON.stringify(converted.objects('Deployment'))).not.toContain('k3str4');
  });
});

describe('a map of users to passwords under an authentication setting (Gravitee gateway bridge)', () => {
  it("each user's variable goes into the Secret; the settings beside it and a user list do not", () => {
    const converted = convertCompose(`services:
  gateway_server:
    image: graviteeio/apim-gateway:4.9.0
    environment:
      - gravitee_services_bridge_http_authentication_type=basic
      - gravitee_services_bridge_http_authentication_users_admin=adminadmin
      - gravitee_services_bridge_http_authentication_users_0_username=ops
      - BASIC_AUTH_USERS_ALICE=Wh0-kn0ws
      - MAX_USERS_COUNT=10
`);
    const env = converted.object('Deployment', 'gateway-server').spec.template.spec.containers[0].env;
    for (const name of ['gravitee_services_bridge_http_authentication_users_admin', 'BASIC_AUTH_USERS_ALICE']) {
      expect(env).toContainEqual({ name, valueFrom: { secretKeyRef: { name: 'gateway-server-env', key: name } } });
    }
    expect(env).toContainEqual({ name: 'gravitee_services_bridge_http_authentication_type', value: 'basic' });
    expect(env).toContainEqual({ name: 'gravitee_services_bridge_http_authentication_users_0_username', value: 'ops' });
    expect(env).toContainEqual({ name: 'MAX_USERS_COUNT', value: '10' });
    const plain = JSON.stringify(converted.plan.entries.map((entry) => entry.manifest));
    for (const secret of ['adminadmin', 'Wh0-kn0ws']) expect(plain).not.toContain(secret);
  });
});

describe('account lists: user:password items under a name that lists accounts', () => {
  it('go into the Secret (Concourse, a proxy), and their values are hidden in `config`', () => {
    const converted = convertCompose(`services:
  web:
    image: concourse/concourse:7.11
    environment:
      CONCOURSE_ADD_LOCAL_USER: test:Wh4tEver,ops:0ther1
      BASIC_AUTH: admin:s3cr3t-word
      SFTP_USERS: "foo:pass:1001"
      RUN_AS_USER: "1000:1000"
      ALLOWED_USERS: alice bob
      API_ACCOUNTS: db:5432
`);
    const env = converted.object('Deployment', 'web').spec.template.spec.containers[0].env;
    for (const name of ['CONCOURSE_ADD_LOCAL_USER', 'BASIC_AUTH', 'SFTP_USERS']) {
      expect(env).toContainEqual({ name, valueFrom: { secretKeyRef: { name: 'web-env', key: name } } });
    }
    expect(env).toContainEqual({ name: 'RUN_AS_USER', value: '1000:1000' });
    expect(env).toContainEqual({ name: 'ALLOWED_USERS', value: 'alice bob' });
    expect(env).toContainEqual({ name: 'API_ACCOUNTS', value: 'db:5432' });
    const plain = JSON.stringify(converted.plan.entries.map((entry) => entry.manifest));
    for (const secret of ['Wh4tEver', 's3cr3t-word', 'foo:pass']) expect(plain).not.toContain(secret);
  });

  it('need both the name and the value', () => {
    expect(isSecretVariable('CONCOURSE_ADD_LOCAL_USER', 'test:test')).toBe(true);
    expect(isSecretVariable('TRAEFIK_AUTH', 'admin:$apr1$xyz$abc')).toBe(true);
    expect(isSecretVariable('LOCAL_USER', 'test:test')).toBe(true);
    expect(isSecretVariable('APP_USER', 'node:node')).toBe(false);
    // A mail or file-transfer server's user is a login: catatnight/postfix's SASL accounts (tobybatch/kimai2).
    expect(isSecretVariable('smtp_user', 'kimai:kimai')).toBe(true);
    expect(isSecretVariable('SASL_USERS', 'a:b,c:d')).toBe(true);
    expect(isSecretVariable('FTP_USER', 'ftp:S3cret')).toBe(true);
    expect(isSecretVariable('SMTP_USER', 'apikey')).toBe(false);
    expect(isSecretVariable('SMTP_USER', 'me@example.com')).toBe(false);
    expect(isSecretVariable('SMTP_SERVER', 'mail:25')).toBe(false);
    expect(isSecretVariable('CONCOURSE_ADD_LOCAL_USER', 'test')).toBe(false);
    expect(isSecretVariable('LINKS', 'a:b')).toBe(false);
    expect(isSecretVariable('PROXY_USERS', 'http://x:y')).toBe(false);
  });

  // orthanc-setup-samples' access-control: the Orthanc images read their users as a JSON object.
  it('as a JSON object of users and passwords (ORTHANC__REGISTERED_USERS) go into the Secret too', () => {
    const converted = convertCompose(`services:
  orthanc:
    image: orthancteam/orthanc:24.10.3
    environment:
      ORTHANC__NAME: "Orthanc for admin"
      ORTHANC__REGISTERED_USERS: |
        {
          "admin": "admin",
          "auth-service-user": "auth-service-pwd"
        }
      ORTHANC__DICOM_MODALITIES: '{"pacs": ["PACS", "pacs", 4242]}'
`);
    const env = converted.object('Deployment', 'orthanc').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'ORTHANC__REGISTERED_USERS', valueFrom: { secretKeyRef: { name: 'orthanc-env', key: 'ORTHANC__REGISTERED_USERS' } } });
    expect(env).toContainEqual({ name: 'ORTHANC__DICOM_MODALITIES', value: '{"pacs": ["PACS", "pacs", 4242]}' });
    expect(JSON.stringify(converted.plan.entries.map((entry) => entry.manifest))).not.toContain('auth-service-pwd');
    expect(isSecretVariable('ORTHANC__REGISTERED_USERS', '{"1": "1", "2": "2"}')).toBe(true);
    expect(isSecretVariable('ALLOWED_USERS', '{"alice": 1}')).toBe(false);
    expect(isSecretVariable('ALLOWED_USERS', '{}')).toBe(false);
    expect(isSecretVariable('ALLOWED_USERS', '{not json}')).toBe(false);
    expect(isSecretVariable('REGISTERED', '{"admin": "admin"}')).toBe(false);
  });
});

describe('a secret value that is a word of an image name', () => {
  it("is not hidden in messages, where the image is printed whole (firezone's VAULT_DEV_ROOT_TOKEN_ID=firezone beside image firezone-relay)", () => {
    const project = makeProject([
      makeService('vault', { image: 'vault:1.13.3', environment: { VAULT_DEV_ROOT_TOKEN_ID: 'firezone', API_TOKEN: 'firezones' } }),
      makeService('relay', { image: 'firezone-relay' }),
    ]);
    expect(redactedValuesOf(project)).toEqual(['firezones']);
    const converted = convertCompose(`services:
  vault:
    image: vault:1.13.3
    environment: {VAULT_DEV_ROOT_TOKEN_ID: firezone}
  relay:
    image: firezone-relay
`);
    const messages = converted.warnings.map((warning) => warning.message).join('\n');
    expect(messages).toContain("image 'firezone-relay' has no version tag");
    expect(messages).not.toContain('<redacted>');
    expect(converted.object('Deployment', 'vault').spec.template.spec.containers[0].env).toContainEqual({
      name: 'VAULT_DEV_ROOT_TOKEN_ID',
      valueFrom: { secretKeyRef: { name: 'vault-env', key: 'VAULT_DEV_ROOT_TOKEN_ID' } },
    });
  });
});

describe("a secret value 'root'", () => {
  it("is not hidden in messages: the converter's messages name root, the user (bigcapital's DB_ROOT_PASSWORD=root)", () => {
    const project = makeProject([makeService('db', { environment: { MYSQL_ROOT_PASSWORD: 'root', API_TOKEN: 'rootless' } })]);
    expect(redactedValuesOf(project)).toEqual(['rootless']);
    const converted = convertCompose(`services:
  db:
    image: mariadb:11
    environment: {MYSQL_ROOT_PASSWORD: root}
  app:
    image: example/app:1
`);
    const messages = converted.plan.warnings.map((warning) => warning.message).join('\n');
    expect(messages).toContain('(0 for root)');
    expect(messages).not.toContain('<redacted>');
    const env = converted.object('Deployment', 'db').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-env', key: 'MYSQL_ROOT_PASSWORD' } } });
  });
});

describe("a value an env_file builds from a secret variable", () => {
  // rw14ra repro 09 (from bookwyrm-like env files): `DB_CONN=${POSTGRES_PASSWORD}` and
  // `PGOPTS=-c password=${POSTGRES_PASSWORD}`, substituted by the env file itself, kept a weak
  // password (changeme, which no look of the value betrays) in plain env values of the Deployment.
  it('goes into the Secret as the same value written in the compose file does', () => {
    const converted = convertCompose(
      `services:
  app:
    image: example/app:1
    env_file: app.env
`,
      { 'app.env': 'POSTGRES_PASSWORD=changeme\nDB_CONN=${POSTGRES_PASSWORD}\nPGOPTS=-c password=${POSTGRES_PASSWORD}\nDB_URL=${DB_CONN}@db\nLOG_LEVEL=info\n' },
    );
    const env = converted.object('Deployment', 'app').spec.template.spec.containers[0].env;
    for (const name of ['DB_CONN', 'PGOPTS', 'DB_URL', 'POSTGRES_PASSWORD']) {
      expect(env).toContainEqual({ name, valueFrom: { secretKeyRef: { name: 'app-env', key: name } } });
    }
    expect(env).toContainEqual({ name: 'LOG_LEVEL', value: 'info' });
    const published = converted.plan.entries.map((entry) => entry.manifest).filter((manifest) => manifest.kind !== 'Secret');
    expect(JSON.stringify(published)).not.toContain('changeme');
    expect(JSON.stringify(converted.warnings)).not.toContain('changeme');
  });
});

describe('a URL whose user is the value of a secret variable of the same environment', () => {
  // MbinOrg/mbin's .env: `REDIS_DNS=redis://${REDIS_PASSWORD}@redis:6379`, substituted by the env
  // file itself; the Redis password stayed a plain env value of www, php and messenger.
  it('goes into the Secret; a URL with a user that is no secret value stays plain', () => {
    const converted = convertCompose(`services:
  php:
    image: ghcr.io/mbinorg/mbin:v1.7.4
    environment:
      REDIS_PASSWORD: '!ChangeThisRedisPass!'
      REDIS_DNS: 'redis://!ChangeThisRedisPass!@redis:6379'
      MAILER_DSN: 'smtp://mailer@mailserver:25'
      KBIN_DOMAIN: mbin.domain.tdl
`);
    const env = converted.object('Deployment', 'php').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'REDIS_DNS', valueFrom: { secretKeyRef: { name: 'php-env', key: 'REDIS_DNS' } } });
    expect(env).toContainEqual({ name: 'MAILER_DSN', value: 'smtp://mailer@mailserver:25' });
    expect(JSON.stringify(converted.objects('Deployment'))).not.toContain('ChangeThisRedisPass');
  });

  it('stays plain when the variable of that value is kept plain (plainEnvironment)', () => {
    const converted = convertCompose(`services:
  php:
    image: ghcr.io/mbinorg/mbin:v1.7.4
    environment:
      QUEUE_TOKEN: 'guest'
      QUEUE_URL: 'amqp://guest@rabbitmq:5672'
    x-kubernetes:
      plainEnvironment: [QUEUE_TOKEN]
`);
    const env = converted.object('Deployment', 'php').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'QUEUE_URL', value: 'amqp://guest@rabbitmq:5672' });
  });
});
