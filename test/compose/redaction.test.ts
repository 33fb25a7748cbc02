/**
 * Issue 17, leaks on the loader side: `config` prints no secret, and no error or warning message
 * repeats one — by the converter's sensitivity rules (lib/compose/sensitivity.ts).
 */
import { describe, expect, it } from 'vitest';
import { projectToComposeYaml } from '../../lib/compose/config-yaml.ts';
import { ComposeError } from '../../lib/compose/errors.ts';
import { SecretRedactor } from '../../lib/compose/sensitivity.ts';
import { translate } from '../../lib/k8s/translate.ts';
import { load } from './support/project.ts';

function formattedError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ComposeError) return error.format();
    throw error;
  }
  throw new Error('expected a ComposeError');
}

describe('config prints no secret', () => {
  const environment = {
    DB_PASSWORD: 'pw-from-environment-1',
    API_TOKEN: 'token-from-environment-2',
    RABBITMQ_PASS: 'rabbit-pass-3',
  };
  const project = load(
    {
      'compose.yaml': `services:
  db:
    image: mysql:8
    env_file: [db.env]
    environment:
      MYSQL_ROOT_PASSWORD: literal-root-pw-4
      DB_PASS: sh
      DATABASE_URL: postgres://app:url-pw-5@db/app
      COPY_OF_TOKEN: \${API_TOKEN}
      LOG_LEVEL: info
    command: ["mysqld", "--password=\${DB_PASSWORD}", "--admin-password", "literal-flag-pw-6", "--port", "3306"]
    labels:
      note: "uses \${RABBITMQ_PASS}"
    healthcheck:
      test: ["CMD", "mysqladmin", "ping", "--password=literal-check-pw-7"]
  web:
    build:
      context: .
      args:
        NPM_TOKEN: npm-token-8
        NODE_VERSION: "20"
    configs: [redis, plain]
configs:
  redis:
    content: "requirepass literal-config-pw-9\\n"
  plain:
    content: "listen 80\\n"
`,
      'db.env': 'REDISPASS=env-file-pass-10\nPOSTGRES_PWD=env-file-pwd-11\nREGION=eu\n',
    },
    { environment },
  );
  const printed = projectToComposeYaml(project);

  it.each([
    ...Object.values(environment),
    'literal-root-pw-4',
    'url-pw-5',
    'literal-flag-pw-6',
    'literal-check-pw-7',
    'npm-token-8',
    'literal-config-pw-9',
    'env-file-pass-10',
    'env-file-pwd-11',
  ])('%s', (secret) => {
    expect(printed).not.toContain(secret);
  });

  it('keeps what is not secret, and says where secrets were', () => {
    expect(printed).toContain('LOG_LEVEL: info');
    expect(printed).toContain('REGION: eu');
    expect(printed).toContain('NODE_VERSION: "20"');
    expect(printed).toContain('listen 80');
    expect(printed).toContain('- "3306"');
    expect(printed).toContain('DB_PASS: <redacted>');
    expect(printed).toContain('- --password=<redacted>');
    expect(printed).toContain('note: uses <redacted>');
  });
});

describe('messages repeat no secret', () => {
  it('an error about an interpolated secret value', () => {
    const message = formattedError(() =>
      load({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    shm_size: ${DB_PASSWORD}\n' }, { environment: { DB_PASSWORD: 'not-a-size-pw-12' } }),
    );
    expect(message).toMatch(/compose\.yaml:4:5: services\.web\.shm_size: invalid size "<redacted>"/);
    expect(message).not.toContain('not-a-size-pw-12');
  });

  it('a secret longer than the quoted part of a message keeps no prefix', () => {
    const secret = `long-${'x'.repeat(200)}`;
    const message = formattedError(() =>
      load({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    shm_size: ${DB_PASSWORD}\n' }, { environment: { DB_PASSWORD: secret } }),
    );
    expect(message).not.toContain('long-xxx');
  });

  it('the translation\'s warnings hide the secret values of their project, and only of theirs', () => {
    const project = load(
      { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    user: ${POSTGRES_PWD}\n    environment: {DB_PASSWORD: warned-pw-13}\n' },
      { environment: { POSTGRES_PWD: 'user-pw-14' } },
    );
    expect(project.services['web']?.user).toBe('user-pw-14');
    const warnings = translate(project).warnings.map((warning) => `${warning.message}\n`).join('');
    expect(warnings).toContain("user '<redacted>'");
    expect(warnings).not.toContain('user-pw-14');
    // Another project loaded later in the same process is not redacted with the first one's secrets.
    const other = load({ 'compose.yaml': 'services:\n  app:\n    image: nginx\n    user: user-pw-14\n' });
    expect(translate(other).warnings.map((warning) => warning.message).join('\n')).toContain("user 'user-pw-14'");
  });
});

describe('a secret value that is also a name the project shows in clear', () => {
  // Example stacks give the database user, the database and the password one word (zammad, kong,
  // invoiceninja): hiding it hid nothing and garbled every image, path and service named with it.
  const project = load(
    {
      'compose.yaml': `services:
  kong:
    image: kong:3.9
    user: "\${KONG_USER:-kong}"
    environment:
      KONG_PG_USER: \${KONG_PG_USER:-kong}
      KONG_PG_PASSWORD: \${KONG_PG_PASSWORD:-kong}
    depends_on: [zammad-db]
  zammad-db:
    image: postgres:16
    environment:
      POSTGRES_USER: \${POSTGRES_USER}
      POSTGRES_PASSWORD: \${POSTGRES_PASS}
      POSTGRES_DB: app
`,
      '.env': 'POSTGRES_USER=zammad\nPOSTGRES_PASS=zammad\n',
    },
  );

  it('is printed where it is a name, by config and in warnings, and never where it is a secret', () => {
    const printed = projectToComposeYaml(project);
    expect(printed).toContain('image: kong:3.9');
    expect(printed).toContain('POSTGRES_USER: zammad');
    expect(printed).toContain('KONG_PG_USER: kong');
    expect(printed).toContain('POSTGRES_PASSWORD: <redacted>');
    expect(printed).toContain('KONG_PG_PASSWORD: <redacted>');
    const warnings = translate(project).warnings.map((warning) => warning.message).join('\n');
    expect(warnings).toContain("user 'kong'");
    expect(warnings).not.toContain('<redacted>');
  });

  it('a secret that is no such name stays hidden everywhere', () => {
    const printed = projectToComposeYaml(
      load({ 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: hunter\n      POSTGRES_DB: hunter-db\n' }),
    );
    expect(printed).toContain('POSTGRES_USER: app');
    expect(printed).toContain('POSTGRES_PASSWORD: <redacted>');
    expect(printed).toContain('POSTGRES_DB: <redacted>-db');
  });
});

describe('a secret value that is also the name of an image of the project', () => {
  // POSTGRES_PASSWORD=postgres: the warning about postgres' usual port read "the usual port of <redacted> images".
  const compose = (image: string, password: string) =>
    `services:\n  db:\n    image: ${image}\n    environment:\n      POSTGRES_USER: root\n      POSTGRES_PASSWORD: ${password}\n  app:\n    image: nginx:1.27\n    environment:\n      DB_HOST: db\n`;

  it('is printed where it names the image, in warnings and by config, and never where it is a secret', () => {
    const project = load({ 'compose.yaml': compose('postgres:17-alpine', 'postgres') });
    const warnings = translate(project).warnings.map((warning) => warning.message).join('\n');
    expect(warnings).toContain('(the usual port of postgres images)');
    expect(warnings).not.toContain('<redacted>');
    expect(projectToComposeYaml(project)).toContain('POSTGRES_PASSWORD: <redacted>');
  });

  it('every component of the repository path counts (bitnami/postgresql), the tag does not', () => {
    const printed = projectToComposeYaml(load({ 'compose.yaml': `${compose('bitnami/postgresql:16-debian', 'bitnami')}      NOTE: bitnami 16-debian\n` }));
    expect(printed).toContain('NOTE: bitnami 16-debian');
    const byTag = projectToComposeYaml(load({ 'compose.yaml': `${compose('postgres:17-alpine', '17-alpine')}      NOTE: postgres 17-alpine\n` }));
    expect(byTag).toContain('NOTE: postgres <redacted>');
  });

  it('an image named by a secret variable names nothing the secret may equal', () => {
    const project = load(
      { 'compose.yaml': compose('${REGISTRY_TOKEN}', '${REGISTRY_TOKEN}') + '      NOTE: the tokenvalue\n' },
      { environment: { REGISTRY_TOKEN: 'tokenvalue' } },
    );
    expect(projectToComposeYaml(project)).toContain('NOTE: the <redacted>');
  });
});

// POSTGRES_PASSWORD_FILE=/run/secrets/db_password made the path a secret value: config printed the
// secret's mount `target: <redacted>`, and every message naming the path hid it.
describe('a *_FILE variable naming where a secret file is', () => {
  const project = load({
    'compose.yaml': `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
      MYSQL_PASSWORD: /not/a/file/variable
    secrets: [db_password]
secrets:
  db_password:
    file: ./db_password.txt
`,
    'db_password.txt': 'Hj3kW8nT5vB2-xQ\n',
  });

  it('is printed by config, as is the mount target, while the variable still reaches the pod from a Secret', () => {
    const printed = projectToComposeYaml(project);
    expect(printed).toContain('POSTGRES_PASSWORD_FILE: /run/secrets/db_password');
    expect(printed).toContain('target: /run/secrets/db_password');
    expect(printed).toContain('MYSQL_PASSWORD: <redacted>');
    const workload = translate(project).entries.find(({ manifest }) => manifest.kind === 'Deployment' || manifest.kind === 'StatefulSet');
    const pod = JSON.stringify(workload?.manifest);
    expect(pod).toContain('{"name":"POSTGRES_PASSWORD_FILE","valueFrom":{"secretKeyRef":');
  });
});

// Wazuh's dashboard sets SERVER_SSL_KEY=/usr/share/wazuh-dashboard/config/certs/dashboard-key.pem, a
// secret name holding the path of a key file it mounts: the path was hidden in config and in every
// message naming it ("the object for <redacted> is named …").
describe('a secret-named variable holding the path of a key file', () => {
  const project = load({
    'compose.yaml': `services:
  wazuh.dashboard:
    image: wazuh/wazuh-dashboard:4.12.0
    environment:
      SERVER_SSL_KEY: /usr/share/wazuh-dashboard/config/certs/dashboard-key.pem
      API_KEY: /not/a/key/file
    volumes:
      - ./certs/dashboard.pem:/usr/share/wazuh-dashboard/config/certs/dashboard.pem
      - ./certs/dashboard-key.pem:/usr/share/wazuh-dashboard/config/certs/dashboard-key.pem
`,
    'certs/dashboard.pem': 'placeholder\n',
    'certs/dashboard-key.pem': 'placeholder\n',
  });

  it('is printed by config and in messages, while the variable still reaches the pod from a Secret', () => {
    const printed = projectToComposeYaml(project);
    expect(printed).toContain('SERVER_SSL_KEY: /usr/share/wazuh-dashboard/config/certs/dashboard-key.pem');
    expect(printed).toContain('API_KEY: <redacted>');
    const plan = translate(project);
    const messages = plan.warnings.map((warning) => warning.message).join('\n');
    expect(messages).toContain('the object for /usr/share/wazuh-dashboard/config/certs/dashboard-key.pem is named');
    expect(messages).not.toContain('<redacted>');
    const pod = JSON.stringify(plan.entries.find(({ manifest }) => manifest.kind === 'Deployment')?.manifest);
    expect(pod).toContain('{"name":"SERVER_SSL_KEY","valueFrom":{"secretKeyRef":');
  });
});

describe('a weak secret value inside a name the project prints in clear', () => {
  // osixia/docker-openldap's example: LDAP_ADMIN_PASSWORD=admin garbled the warnings about service
  // phpldapadmin and its image into "image 'osixia/phpldap<redacted>:latest'".
  const project = load({
    'compose.yaml': `services:
  openldap:
    image: osixia/openldap:1.1.4
    environment:
      LDAP_ADMIN_PASSWORD: "admin"
      NOTE: the admin password is admin
  phpldapadmin:
    image: osixia/phpldapadmin:latest
    container_name: phpldapadmin
    environment:
      PHPLDAPADMIN_LDAP_HOSTS: openldap
`,
  });

  it('is printed as part of that name, and hidden wherever it stands alone', () => {
    const warnings = translate(project).warnings.map((warning) => warning.message).join('\n');
    expect(warnings).toContain("image 'osixia/phpldapadmin:latest' has no version tag");
    expect(warnings).toContain("container_name 'phpldapadmin'");
    expect(warnings).not.toContain('<redacted>');
    const printed = projectToComposeYaml(project);
    expect(printed).toContain('LDAP_ADMIN_PASSWORD: <redacted>');
    expect(printed).toContain('NOTE: the <redacted> password is <redacted>');
    expect(printed).toContain('image: osixia/phpldapadmin:latest');
  });
});

describe('a weak secret value that is a word of a flag the command writes it with', () => {
  const project = load({
    'compose.yaml': `services:
  app:
    image: example/app:1.0
    environment:
      ADMIN_PASSWORD: admin
    command: ["--admin-password", "admin", "--admin-user", "root"]
`,
  });

  it('is printed in the flag the warning names, and the value itself never', () => {
    const warnings = translate(project).warnings.map((warning) => warning.message).join('\n');
    expect(warnings).toContain('the command writes out a password or key (the value of --admin-password)');
    expect(warnings).not.toContain('<redacted>-password');
    expect(projectToComposeYaml(project)).toContain('ADMIN_PASSWORD: <redacted>');
  });
});

describe('SecretRedactor', () => {
  it('hides the longest secret at each position, side by side secrets and secrets inside others whole', () => {
    const strong = ['Qx7-pZ2m-Kv9w', 'Qx7-pZ2m-Kv9w-Lr4t', 'Hj3kW8nT5vB2'];
    const redactor = new SecretRedactor([...strong, 'pass', 'password-1', 'abc']);
    expect(redactor.redact('password-1 pass Qx7-pZ2m-Kv9w-Lr4t Qx7-pZ2m-Kv9wHj3kW8nT5vB2 abc')).toBe('<redacted> <redacted> <redacted> <redacted><redacted> abc');
    expect(redactor.redact('nothing here')).toBe('nothing here');
  });

  // AWS_SECRET_ACCESS_KEY=test (novu's .env) turned every warning about ghcr.io/novuhq/novu/api:latest into `api:la<redacted>`.
  it('hides a weak value only where it is a word of its own, a strong one wherever it occurs', () => {
    const redactor = new SecretRedactor(['test', 'postgres', 'Hj3kW8nT5vB2']);
    expect(redactor.redact('api:latest postgres_data testing contest')).toBe('api:latest postgres_data testing contest');
    expect(redactor.redact('test, postgres-db, --password=test, user:test@db')).toBe('<redacted>, <redacted>-db, --password=<redacted>, user:<redacted>@db');
    expect(redactor.redact('keyHj3kW8nT5vB2x')).toBe('key<redacted>x');
  });

  it("prints a weak value that is a word of an option's name, and hides it as the option's value or alone", () => {
    const redactor = new SecretRedactor(['admin', 'Hj3kW8nT5vB2']);
    expect(redactor.redact('the value of --admin-password, -admin_user, --db-admin')).toBe('the value of --admin-password, -admin_user, --db-admin');
    expect(redactor.redact('--admin-password=admin --user admin -admin=admin')).toBe('--admin-password=<redacted> --user <redacted> -admin=<redacted>');
    expect(redactor.redact('--Hj3kW8nT5vB2-password')).toBe('--<redacted>-password');
  });

  it('finds secrets that start with characters regular expressions treat specially, and secrets added later', () => {
    const secrets = [']x-secret', '\\back-slash', '^caret-1', '-dash-1', '\ud83d\ude00-emoji', '\ude00-lone'];
    const redactor = new SecretRedactor(secrets);
    expect(redactor.redact(secrets.join(' '))).toBe(secrets.map(() => '<redacted>').join(' '));
    expect(redactor.find('a b c ^caret-1')).toBe('^caret-1');
    expect(redactor.find('x]x-secre')).toBeUndefined();
    redactor.add(['later-secret']);
    expect(redactor.redact('is later-secret ]x-secret')).toBe('is <redacted> <redacted>');
  });

  it('finds the right secrets among 20,000', () => {
    const secrets = Array.from({ length: 20_000 }, (_, index) => `secret-value-${index}`);
    const redactor = new SecretRedactor(secrets);
    const text = secrets.filter((_, index) => index % 1000 === 7).join(' and ');
    expect(redactor.redact(text)).toBe(Array.from({ length: 20 }, () => '<redacted>').join(' and '));
  });
});
