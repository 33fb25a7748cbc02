import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type * as k8s from '../../../lib/k8s/plan/api-types.ts';
import { environmentFor, healthcheckTestFor } from '../../../lib/k8s/config-and-secrets/environment.ts';
import { fileObjectsFor } from '../../../lib/k8s/config-and-secrets/file-objects.ts';
import { makeProject, makeService } from '../../support/model.ts';
import { contextFor } from '../support/recording-context.ts';

function envOf(vars: readonly k8s.EnvVar[]): Record<string, k8s.EnvVar> {
  return Object.fromEntries(vars.map((v) => [v.name, v]));
}

const secretRef = (name: string, key: string) => ({ secretKeyRef: { name, key } });

/** A payload without who asked for it. */
const payload = ({ name, stringData }: { name: string; stringData: Readonly<Record<string, string>> }) => ({ name, stringData });

describe('environment variables', () => {
  it('keeps harmless values plain, sorted by name', () => {
    const project = makeProject([makeService('web', { environment: { ZED: '1', ALPHA: 'a', LOG_LEVEL: 'INFO' } })]);
    const result = environmentFor(contextFor(project, 'web').context);
    expect(result.env).toEqual([
      { name: 'ALPHA', value: 'a' },
      { name: 'LOG_LEVEL', value: 'INFO' },
      { name: 'ZED', value: '1' },
    ]);
    expect(result.secrets).toEqual([]);
    expect(result).not.toHaveProperty('command');
    expect(result).not.toHaveProperty('args');
  });

  it('moves sensitive names into the <service>-env Secret and references them', () => {
    const environment = {
      POSTGRES_PASSWORD: 'changeme',
      JWT_SECRET: 'jwt_secret_key',
      GITHUB_TOKEN: 'ghp_x',
      STRIPE_API_KEY: 'sk_live',
      SECRET_KEY: 's3',
      GOOGLE_APPLICATION_CREDENTIALS: '{}',
      MQTT_PASSWD: 'pw',
      TLS_PRIVATE: 'pk',
      POSTGRES_USER: 'modax_user',
    };
    const project = makeProject([makeService('timescale_db', { environment })]);
    const result = environmentFor(contextFor(project, 'timescale_db').context);
    const env = envOf(result.env);
    for (const name of Object.keys(environment).filter((n) => n !== 'POSTGRES_USER')) {
      expect(env[name]).toEqual({ name, valueFrom: secretRef('timescale-db-env', name) });
    }
    expect(env.POSTGRES_USER).toEqual({ name: 'POSTGRES_USER', value: 'modax_user' });
    expect(result.secrets.map(payload)).toEqual([
      {
        name: 'timescale-db-env',
        stringData: Object.fromEntries(Object.entries(environment).filter(([n]) => n !== 'POSTGRES_USER').sort()),
      },
    ]);
  });

  it('treats URLs that carry a password as secret, and URLs without one as plain', () => {
    const project = makeProject([
      makeService('api', {
        environment: {
          DATABASE_URL: 'postgresql://scip_user:scip_password@postgres:5432/scip_v3',
          REDIS_URL: 'redis://:redis_password@redis:6379/0',
          AI_LAYER_URL: 'http://ai-layer:8001/analyze',
          BROKER: 'amqp://guest@rabbit:5672',
        },
      }),
    ]);
    const env = envOf(environmentFor(contextFor(project, 'api').context).env);
    expect(env.DATABASE_URL?.valueFrom).toEqual(secretRef('api-env', 'DATABASE_URL'));
    expect(env.REDIS_URL?.valueFrom).toEqual(secretRef('api-env', 'REDIS_URL'));
    expect(env.AI_LAYER_URL?.value).toBe('http://ai-layer:8001/analyze');
    expect(env.BROKER?.value).toBe('amqp://guest@rabbit:5672');
  });

  it('treats a value built from a secret variable as secret whatever its name', () => {
    const project = makeProject([
      makeService('web', {
        environment: { UPSTREAM: 'https://hooks.example/abc123', MODE: 'prod' },
        interpolated: {
          'environment.UPSTREAM': [{ name: 'WEBHOOK_TOKEN', value: 'abc123' }],
          'environment.MODE': [{ name: 'APP_ENV', value: 'prod' }],
        },
      }),
    ]);
    const env = envOf(environmentFor(contextFor(project, 'web').context).env);
    expect(env.UPSTREAM?.valueFrom).toEqual(secretRef('web-env', 'UPSTREAM'));
    expect(env.MODE?.value).toBe('prod');
  });

  it('honours sensitiveEnvironment and plainEnvironment', () => {
    const project = makeProject([makeService('web', { environment: { LICENSE: 'L-123', TOKEN_TTL: '3600' } })]);
    const options = { sensitiveEnvironment: ['LICENSE'], plainEnvironment: ['TOKEN_TTL'] };
    const { context, warnings } = contextFor(project, 'web', { options });
    const env = envOf(environmentFor(context).env);
    expect(env.LICENSE?.valueFrom).toEqual(secretRef('web-env', 'LICENSE'));
    expect(env.TOKEN_TTL).toEqual({ name: 'TOKEN_TTL', value: '3600' });
    expect(warnings).toEqual([{ key: 'services.web.environment.TOKEN_TTL', message: expect.stringMatching(/Polaris.*sensitiveContainerEnvVar/) }]);
  });

  it('moves a plain variable that copies a strong secret of the project into the Secret, with a warning', () => {
    const project = makeProject([
      makeService('db', { environment: { DB_PASSWORD: 'Xk9vQ2mZ7pLw4rT8', POSTGRES_USER: 'app-user-2024' } }),
      makeService('app', {
        environment: { COPY: 'Xk9vQ2mZ7pLw4rT8', PADDED: ' Xk9vQ2mZ7pLw4rT8\n', PART: 'x-Xk9vQ2mZ7pLw4rT8', USER_AGAIN: 'app-user-2024', KEPT: 'Xk9vQ2mZ7pLw4rT8' },
      }),
    ]);
    const { context, warnings } = contextFor(project, 'app', { options: { plainEnvironment: ['KEPT'] } });
    const env = envOf(environmentFor(context).env);
    expect(env.COPY).toEqual({ name: 'COPY', valueFrom: secretRef('app-env', 'COPY') });
    expect(env.PADDED).toEqual({ name: 'PADDED', valueFrom: secretRef('app-env', 'PADDED') });
    // A value that carries it among other words is as secret (ruanbekker/drone-gitea-on-docker's
    // DRONE_USER_CREATE=username:…,token:<DRONE_RPC_SECRET>: left plain, the conversion was refused
    // by the last check, until 2026-12-06); plainEnvironment and the project's user names stay plain.
    expect(env.PART).toEqual({ name: 'PART', valueFrom: secretRef('app-env', 'PART') });
    expect(env.USER_AGAIN).toEqual({ name: 'USER_AGAIN', value: 'app-user-2024' });
    expect(env.KEPT).toEqual({ name: 'KEPT', value: 'Xk9vQ2mZ7pLw4rT8' });
    expect(warnings).toContainEqual({
      message: "'COPY' holds the same value as services.db.environment.DB_PASSWORD, a secret of the project, so it is read from the Secret 'app-env' too (list it in plainEnvironment to keep it plain)",
      key: 'services.app.environment.COPY',
    });
    expect(warnings).toContainEqual({
      message: "'PART' carries the value of services.db.environment.DB_PASSWORD, a secret of the project, so it is read from the Secret 'app-env' too (list it in plainEnvironment to keep it plain)",
      key: 'services.app.environment.PART',
    });
    expect(JSON.stringify(warnings)).not.toContain('Xk9vQ2mZ7pLw4rT8');
  });

  it('keeps a plain variable that equals a weak secret (a word, a user name) plain', () => {
    const project = makeProject([
      makeService('db', { environment: { POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: 'postgres', MYSQL_PASSWORD: 'P@ssw0rd2024' } }),
      makeService('app', { environment: { PGUSER: 'postgres', NOTE: 'P@ssw0rd2024' } }),
    ]);
    const { context, warnings } = contextFor(project, 'app');
    expect(environmentFor(context).env).toEqual([
      { name: 'NOTE', value: 'P@ssw0rd2024' },
      { name: 'PGUSER', value: 'postgres' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('keeps *_FILE paths in the Secret so no plain env name matches Polaris sensitiveContainerEnvVar', () => {
    const project = makeProject([makeService('api', { environment: { DB_PASSWORD_FILE: '/run/secrets/db_password' } })]);
    const result = environmentFor(contextFor(project, 'api').context);
    expect(result.env).toEqual([{ name: 'DB_PASSWORD_FILE', valueFrom: secretRef('api-env', 'DB_PASSWORD_FILE') }]);
    expect(result.secrets[0]?.stringData).toEqual({ DB_PASSWORD_FILE: '/run/secrets/db_password' });
  });

  it('leaves out variables without a value, and invalid names, with a warning', () => {
    const project = makeProject([makeService('web', { environment: { FROM_SHELL: null, 'BAD=NAME': 'x', OK: 'y' } })]);
    const { context, warnings } = contextFor(project, 'web');
    expect(environmentFor(context).env).toEqual([{ name: 'OK', value: 'y' }]);
    expect(warnings).toEqual([
      { message: expect.stringContaining("'FROM_SHELL' has no value"), key: 'services.web.environment.FROM_SHELL' },
      { message: expect.stringContaining("'BAD=NAME' is not valid"), key: 'services.web.environment.BAD=NAME' },
    ]);
  });

  it('escapes literal $( and $$ so Kubernetes does not expand them', () => {
    const project = makeProject([makeService('web', { environment: { PS1: '$(whoami)$$ ', PRICE: '5$' } })]);
    const env = envOf(environmentFor(contextFor(project, 'web').context).env);
    expect(env.PS1?.value).toBe('$$(whoami)$$$ ');
    expect(env.PRICE?.value).toBe('5$');
  });
});

describe('command and entrypoint', () => {
  it('replaces a secret substituted into a string command with $(VAR) from the Secret', () => {
    const words = ['redis-server', '--requirepass', 'redis_password', '--maxmemory', '2gb'];
    const project = makeProject([
      makeService('redis', {
        command: words,
        interpolated: {
          command: [
            { name: 'REDIS_PASSWORD', value: 'redis_password' },
            { name: 'REDIS_MAX_MEMORY', value: '2gb' },
          ],
        },
      }),
    ]);
    const result = environmentFor(contextFor(project, 'redis').context);
    expect(result.args).toEqual(['redis-server', '--requirepass', '$(REDIS_PASSWORD)', '--maxmemory', '2gb']);
    expect(result).not.toHaveProperty('command');
    expect(result.env).toEqual([{ name: 'REDIS_PASSWORD', valueFrom: secretRef('redis-env', 'REDIS_PASSWORD') }]);
    expect(result.secrets.map(payload)).toEqual([{ name: 'redis-env', stringData: { REDIS_PASSWORD: 'redis_password' } }]);
  });

  it('reads a master key named as one word (ZITADEL_MASTERKEY) from the Secret, not from the args', () => {
    // zitadel's loadbalancing example: `start --masterkey ${ZITADEL_MASTERKEY}`, the key that encrypts
    // every secret zitadel stores, printed in clear in the Deployment's args until 2026-12-07.
    const project = makeProject([
      makeService('zitadel', {
        command: ['start', '--masterkey', 'MasterkeyNeedsToHave32Characters'],
        interpolated: { command: [{ name: 'ZITADEL_MASTERKEY', value: 'MasterkeyNeedsToHave32Characters' }] },
      }),
    ]);
    const result = environmentFor(contextFor(project, 'zitadel').context);
    expect(result.args).toEqual(['start', '--masterkey', '$(ZITADEL_MASTERKEY)']);
    expect(result.env).toEqual([{ name: 'ZITADEL_MASTERKEY', valueFrom: secretRef('zitadel-env', 'ZITADEL_MASTERKEY') }]);
  });

  it('replaces only the secret part of a list word and reuses the env Secret entry', () => {
    const project = makeProject([
      makeService('worker', {
        entrypoint: ['/bin/worker'],
        command: ['--db', 'postgres://u:pw1234@db/x', '--cost', '$(echo)'],
        environment: { DB_PASSWORD: 'pw1234' },
        interpolated: { 'command.1': [{ name: 'DB_PASSWORD', value: 'pw1234' }] },
      }),
    ]);
    const result = environmentFor(contextFor(project, 'worker').context);
    expect(result.command).toEqual(['/bin/worker']);
    expect(result.args).toEqual(['--db', 'postgres://u:$(DB_PASSWORD)@db/x', '--cost', '$$(echo)']);
    expect(result.env).toEqual([{ name: 'DB_PASSWORD', valueFrom: secretRef('worker-env', 'DB_PASSWORD') }]);
  });

  it('reads a command word that is itself a configuration setting a password from the env Secret, and says so once', () => {
    // thanos-docker-compose: the S3 secret_key inside --objstore.config was printed in the Deployment's args.
    const objstore = '--objstore.config=type: S3\nconfig:\n  bucket: thanos\n  access_key: myaccesskey\n  secret_key: mysecretkey\n';
    const project = makeProject([makeService('store', { command: ['/thanos', 'store', objstore, '--data-dir=/data'] })]);
    const { context, warnings } = contextFor(project, 'store');
    const result = environmentFor(context);
    expect(result.args).toEqual(['/thanos', 'store', '$(COMMAND_WORD_2)', '--data-dir=/data']);
    expect(result.env).toEqual([{ name: 'COMMAND_WORD_2', valueFrom: secretRef('store-env', 'COMMAND_WORD_2') }]);
    expect(result.secrets.map(payload)).toEqual([{ name: 'store-env', stringData: { COMMAND_WORD_2: objstore } }]);
    expect(warnings).toEqual([{ key: 'services.store.command', message: expect.stringContaining('the command writes out a password or key (a word that sets one') }]);
    expect(JSON.stringify(warnings)).not.toContain('mysecretkey');
    // A setting on one line is a command, not a configuration: it stays as written.
    const flag = makeProject([makeService('tool', { command: ['mc', 'password=abc'] })]);
    expect(environmentFor(contextFor(flag, 'tool').context).args).toEqual(['mc', 'password=abc']);
  });

  it("reads the value of a long flag named for a secret from the env Secret: substrate-connect's --node-key, --requirepass=…", () => {
    const key = 'aa788920201122290fc7d3faf00698d9a8e061d7173424da2a31a8130a882a5f';
    const project = makeProject([makeService('validator', { command: ['--chain=polkadot-local', '--node-key', key, '--requirepass=hunter2', '--alice'] })]);
    const { context, warnings } = contextFor(project, 'validator');
    const result = environmentFor(context);
    expect(result.args).toEqual(['--chain=polkadot-local', '--node-key', '$(COMMAND_NODE_KEY)', '--requirepass=$(COMMAND_REQUIREPASS)', '--alice']);
    expect(result.secrets.map(payload)).toEqual([{ name: 'validator-env', stringData: { COMMAND_NODE_KEY: key, COMMAND_REQUIREPASS: 'hunter2' } }]);
    expect(warnings).toEqual([
      { key: 'services.validator.command', message: expect.stringContaining('the command writes out 2 passwords or keys (the value of --node-key; the value of --requirepass)') },
    ]);
    // Where a secret is, what it is called, a setting about it, a variable or a switch: as written.
    const places = ['--tls-key', '/certs/tls.key', '--secret-name', 'app-secret', '--token-ttl', '3600', '--password', '$DB_PASSWORD', '--api-key-file=/run/secrets/key', '--private', 'true'];
    const kept = makeProject([makeService('tool', { command: ['tool', ...places] })]);
    expect(environmentFor(contextFor(kept, 'tool').context).args).toEqual(['tool', ...places]);
  });

  it("reads the passwords a shell script writes out from the env Secret: frappe's create-site, fabric's CA, a Redis password", () => {
    const script = "bench new-site --admin-password=admin --db-root-username=root --db-root-password='s3cret' --install-app erpnext frontend";
    const project = makeProject([
      makeService('create-site', { entrypoint: ['bash', '-c'], command: [script] }),
      makeService('ca', { command: ['sh', '-c', 'fabric-ca-server start -b admin:adminpw -d'] }),
      makeService('cache', { command: ['sh', '-c', 'redis-server --requirepass "r3d1s" && redis-cli -a x9 ping'], environment: { REDIS_PASSWORD: 'r3d1s' }, interpolated: { 'command.2': [{ name: 'REDIS_PASSWORD', value: 'r3d1s' }] } }),
    ]);
    const site = contextFor(project, 'create-site');
    const result = environmentFor(site.context);
    expect(result.command).toEqual(['bash', '-c']);
    expect(result.args).toEqual(["bench new-site --admin-password=$(COMMAND_ADMIN_PASSWORD) --db-root-username=root --db-root-password='$(COMMAND_DB_ROOT_PASSWORD)' --install-app erpnext frontend"]);
    expect(result.secrets.map(payload)).toEqual([{ name: 'create-site-env', stringData: { COMMAND_ADMIN_PASSWORD: 'admin', COMMAND_DB_ROOT_PASSWORD: 's3cret' } }]);
    expect(site.warnings).toEqual([
      { key: 'services.create-site.command', message: expect.stringContaining('the command writes out 2 passwords or keys (the value of --admin-password; the value of --db-root-password)') },
    ]);
    expect(JSON.stringify(site.warnings)).not.toMatch(/admin'|s3cret/);
    const ca = environmentFor(contextFor(project, 'ca').context);
    expect(ca.args).toEqual(['sh', '-c', 'fabric-ca-server start -b admin:$(COMMAND_CA_PASSWORD) -d']);
    expect(ca.secrets.map(payload)).toEqual([{ name: 'ca-env', stringData: { COMMAND_CA_PASSWORD: 'adminpw' } }]);
    // A substituted secret keeps its own variable; a literal beside it is read from the Secret too.
    const cache = environmentFor(contextFor(project, 'cache').context);
    expect(cache.args).toEqual(['sh', '-c', 'redis-server --requirepass "$(REDIS_PASSWORD)" && redis-cli -a $(COMMAND_REDIS_PASSWORD) ping']);
  });

  it("reads a healthcheck's written password from the env Secret through the probe's shell: Magento's mysqladmin -p, frappe's --password=", () => {
    const project = makeProject([
      makeService('db', {
        environment: { MYSQL_ROOT_PASSWORD: 'magento' },
        healthcheck: { test: ['CMD-SHELL', 'mysqladmin ping -h localhost -u root -pmagento'], disable: false },
      }),
      makeService('mariadb', { healthcheck: { test: ['CMD', 'mysqladmin', 'ping', '--password=admin'], disable: false } }),
      makeService('pg', { healthcheck: { test: ['CMD-SHELL', 'pg_isready -U postgres && psql --password mydb -c "select 1"'], disable: false } }),
    ]);
    const db = contextFor(project, 'db');
    const result = environmentFor(db.context);
    expect(result.healthcheckTest).toEqual(['CMD-SHELL', 'mysqladmin ping -h localhost -u root -p"${HEALTHCHECK_MYSQL_PASSWORD}"']);
    expect(healthcheckTestFor(db.context)).toEqual(result.healthcheckTest);
    expect(result.env).toEqual([
      { name: 'HEALTHCHECK_MYSQL_PASSWORD', valueFrom: secretRef('db-env', 'HEALTHCHECK_MYSQL_PASSWORD') },
      { name: 'MYSQL_ROOT_PASSWORD', valueFrom: secretRef('db-env', 'MYSQL_ROOT_PASSWORD') },
    ]);
    expect(db.warnings).toEqual([{ key: 'services.db.healthcheck.test', message: expect.stringContaining("the healthcheck writes out a password or key (the value of mysqladmin -p), which Kubernetes would print in the pod spec: it is read from the Secret 'db-env' as \"${VAR}\" in the probe's shell") }]);
    const mariadb = contextFor(project, 'mariadb');
    expect(environmentFor(mariadb.context).healthcheckTest).toEqual(['CMD-SHELL', `'mysqladmin' 'ping' '--password='"\${HEALTHCHECK_PASSWORD}"`]);
    // psql's --password asks for it: the next word is the database.
    expect(environmentFor(contextFor(project, 'pg').context).healthcheckTest).toEqual(['CMD-SHELL', 'pg_isready -U postgres && psql --password mydb -c "select 1"']);
  });

  it('keeps what the scripts run: the shell sees the same words once Kubernetes and the probe fill the references in', () => {
    // Each program prints the words it is given; the env holds the Secret's values, as the pod's would.
    const programs = `bench() { printf '[%s]' "$@"; }; mysqladmin() { printf '[%s]' "$@"; }; fabric-ca-server() { printf '[%s]' "$@"; };`;
    const run = (script: string, env: Readonly<Record<string, string>> = {}) =>
      execFileSync('bash', ['-c', `${programs} ${script}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
    const scripts = [
      "bench new-site --admin-password=adm1n --db-root-password 's3 cr$t' frontend",
      'mysqladmin ping -h localhost -u root -p"ma gento" && PGPASSWORD=pg1 mysqladmin status',
      'fabric-ca-server start -b admin:adminpw -d',
    ];
    for (const script of scripts) {
      const project = makeProject([makeService('app', { command: ['bash', '-c', script], healthcheck: { test: ['CMD-SHELL', script], disable: false } })]);
      const result = environmentFor(contextFor(project, 'app').context);
      const values = Object.fromEntries(result.secrets.flatMap((secret) => Object.entries(secret.stringData)));
      expect(Object.keys(values).length, script).toBeGreaterThan(0);
      // Kubernetes replaces $(VAR) in args with the env var's value before the shell runs them.
      const args = result.args![2]!.replace(/\$\(([A-Z_]+)\)/g, (_, name: string) => values[name]!);
      expect(run(args), script).toBe(run(script));
      const probe = result.healthcheckTest![1]!;
      for (const value of Object.values(values)) expect(probe).not.toContain(value);
      expect(run(probe, values), script).toBe(run(script));
    }
  });

  it("moves a value written with quotes or escapes inside it from a command's script as written: the shell reads the same script once Kubernetes fills $(VAR) in", () => {
    const programs = `bench() { printf '[%s]' "$@"; }; mysqladmin() { printf '[%s]' "$@"; };`;
    const run = (script: string) => execFileSync('bash', ['-c', `${programs} ${script}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    const scripts = [
      "bench new-site --admin-password=ab'c'd frontend",
      'bench new-site --admin-password="p\\"w d" --db-root-password a\\ b frontend',
      'mysqladmin ping -u root -p"ma"gento\\\'s',
    ];
    for (const script of scripts) {
      const project = makeProject([makeService('app', { command: ['bash', '-c', script], healthcheck: { test: ['CMD-SHELL', script], disable: false } })]);
      const result = environmentFor(contextFor(project, 'app').context);
      const values = Object.fromEntries(result.secrets.flatMap((secret) => Object.entries(secret.stringData)));
      expect(Object.keys(values).filter((name) => name.startsWith('COMMAND_')).length, script).toBeGreaterThan(0);
      const args = result.args![2]!;
      for (const value of Object.values(values)) expect(args, script).not.toContain(value);
      expect(run(args.replace(/\$\(([A-Z_]+)\)/g, (_, name: string) => values[name]!)), script).toBe(run(script));
      // The probe's shell expands "${VAR}" without reading quotes in it: there the value stays as written.
      expect(result.healthcheckTest, script).toEqual(['CMD-SHELL', script]);
    }
  });

  it('never rewrites a literal because it equals a secret value (issue 21: secrets by provenance)', () => {
    const project = makeProject([
      makeService('db', {
        command: ['postgres', '-c', 'application_name=postgres', '--cluster-name', 'Xk9vQ2mZ7pLw4rT8'],
        environment: { POSTGRES_USER: 'postgres', POSTGRES_PASSWORD: 'postgres', REDIS_PASSWORD: 'Xk9vQ2mZ7pLw4rT8' },
        healthcheck: { test: ['CMD-SHELL', 'pg_isready -U postgres -d postgres'], disable: false },
      }),
    ]);
    const { context } = contextFor(project, 'db');
    const result = environmentFor(context);
    expect(result.args).toEqual(['postgres', '-c', 'application_name=postgres', '--cluster-name', 'Xk9vQ2mZ7pLw4rT8']);
    expect(result.healthcheckTest).toEqual(['CMD-SHELL', 'pg_isready -U postgres -d postgres']);
    expect(healthcheckTestFor(context)).toEqual(['CMD-SHELL', 'pg_isready -U postgres -d postgres']);
  });

  it('uses another env name when the variable name is taken by a different value', () => {
    const project = makeProject([
      makeService('app', {
        command: ['run', '--token=abcd'],
        environment: { API_TOKEN: 'other' },
        interpolated: { 'command.1': [{ name: 'API_TOKEN', value: 'abcd' }] },
      }),
    ]);
    const result = environmentFor(contextFor(project, 'app').context);
    expect(result.args).toEqual(['run', '--token=$(COMPOSE_API_TOKEN)']);
    expect(result.secrets[0]?.stringData).toEqual({ API_TOKEN: 'other', COMPOSE_API_TOKEN: 'abcd' });
  });
});

describe('compose secrets and configs', () => {
  const secrets = {
    db_password: {
      name: 'demo_db_password',
      source: { kind: 'file' as const, path: '/project/secrets/db_password.txt' },
      value: 's3cr3t-db',
      labels: {},
      extensions: {},
    },
    vault_token: { name: 'prod-vault-token', source: { kind: 'external' as const }, labels: {}, extensions: {} },
  };

  it('mounts each compose secret from its own Secret at the reference target', () => {
    const project = makeProject(
      [
        makeService('api', {
          secrets: [
            { source: 'db_password', target: '/run/secrets/db_password', mode: 0o440, uid: '1000' },
            { source: 'vault_token', target: '/etc/vault/token' },
          ],
          environment: { DB_PASSWORD_FILE: '/run/secrets/db_password' },
        }),
      ],
      { secrets },
    );
    const { context, warnings } = contextFor(project, 'api');
    const result = fileObjectsFor(context);
    expect(result.volumes).toEqual([
      { name: 'secret-db-password', secret: { secretName: 'db-password', items: [{ key: 'db_password', path: 'db_password', mode: 0o440 }] } },
      { name: 'secret-vault-token', secret: { secretName: 'prod-vault-token', items: [{ key: 'vault_token', path: 'token' }] } },
    ]);
    expect(result.volumeMounts).toEqual([
      { name: 'secret-db-password', mountPath: '/run/secrets/db_password', subPath: 'db_password', readOnly: true },
      { name: 'secret-vault-token', mountPath: '/etc/vault/token', subPath: 'token', readOnly: true },
    ]);
    expect(result.secrets.map(payload)).toEqual([{ name: 'db-password', stringData: { db_password: 's3cr3t-db' } }]);
    expect(environmentFor(context).secrets.map((s) => s.name)).toEqual(['api-env']);
    expect(warnings.map((w) => w.key)).toEqual(['services.api.secrets.0', 'services.api.secrets.1']);
    expect(warnings[0]?.message).toMatch(/uid\/gid/);
    expect(warnings[1]?.message).toMatch(/external: create Secret 'prod-vault-token' with key 'vault_token'/);
  });

  it('mounts configs from a ConfigMap, or from a Secret when they look sensitive', () => {
    const project = makeProject(
      [
        makeService('proxy', {
          configs: [
            { source: 'nginx_conf', target: '/etc/nginx/nginx.conf' },
            { source: 'htpasswd', target: '/etc/nginx/.htpasswd' },
          ],
        }),
      ],
      {
        configs: {
          nginx_conf: { name: 'demo_nginx_conf', source: { kind: 'content' }, value: 'events {}\n', labels: {}, extensions: {} },
          htpasswd: {
            name: 'demo_htpasswd',
            source: { kind: 'file', path: '/project/auth/htpasswd' },
            value: 'admin:$apr1$x',
            labels: {},
            extensions: {},
          },
        },
      },
    );
    const result = fileObjectsFor(contextFor(project, 'proxy').context);
    expect(result.volumes).toEqual([
      { name: 'config-nginx-conf', configMap: { name: 'nginx-conf', items: [{ key: 'nginx_conf', path: 'nginx.conf' }] } },
      { name: 'config-htpasswd', secret: { secretName: 'htpasswd', items: [{ key: 'htpasswd', path: '.htpasswd' }] } },
    ]);
    expect(result.secrets.map(payload)).toEqual([{ name: 'htpasswd', stringData: { htpasswd: 'admin:$apr1$x' } }]);
    expect(result.configMaps.map((map) => map.name)).toEqual(['nginx-conf']);
  });
});

describe('compose configs of several services', () => {
  it('gives each service the mounts and ConfigMaps of its own references, with one owner per compose config', () => {
    const config = (value: string) => ({ name: value, source: { kind: 'content' as const }, value, labels: {}, extensions: {} });
    const project = makeProject(
      [
        makeService('proxy', { configs: [{ source: 'nginx_conf', target: '/etc/nginx/nginx.conf' }] }),
        makeService('web', { configs: [{ source: 'web_conf', target: '/etc/web.conf' }] }),
      ],
      { configs: { nginx_conf: config('events {}'), web_conf: config('port 80') } },
    );
    const proxy = fileObjectsFor(contextFor(project, 'proxy').context);
    const web = fileObjectsFor(contextFor(project, 'web').context);
    expect(proxy.configMaps).toEqual([
      { name: 'nginx-conf', data: { nginx_conf: 'events {}' }, binaryData: {}, owner: { id: 'configs:nginx_conf', what: "config 'nginx_conf'", key: 'services.proxy.configs.0' } },
    ]);
    expect(web.configMaps.map((map) => ({ name: map.name, data: map.data }))).toEqual([{ name: 'web-conf', data: { web_conf: 'port 80' } }]);
    expect(web.volumeMounts).toEqual([
      { name: 'config-web-conf', mountPath: '/etc/web.conf', subPath: 'web.conf', readOnly: true },
    ]);
  });
});

describe('healthcheck tests', () => {
  const withTest = (test: string[], interpolated: Record<string, { name: string; value: string }[]>, environment = {}) =>
    makeProject([makeService('db', { healthcheck: { test, disable: false }, interpolated, environment })]);

  it('reference a secret in a CMD-SHELL test through the shell, and provide the variable', () => {
    const project = withTest(['CMD-SHELL', "mysqladmin ping -p'rootpw1' --silent"], {
      'healthcheck.test.1': [{ name: 'MYSQL_ROOT_PASSWORD', value: 'rootpw1' }],
    });
    const { context } = contextFor(project, 'db');
    expect(healthcheckTestFor(context)).toEqual(['CMD-SHELL', `mysqladmin ping -p''"\${MYSQL_ROOT_PASSWORD}"'' --silent`]);
    expect(environmentFor(context).env).toEqual([
      { name: 'MYSQL_ROOT_PASSWORD', valueFrom: secretRef('db-env', 'MYSQL_ROOT_PASSWORD') },
    ]);
  });

  it('keep the items of a CMD-SHELL test apart, as Docker runs only the first: the others are $0, $1, never the secret', () => {
    const project = withTest(['CMD-SHELL', 'redis-cli -a hunter22 ping', '-x', 'hunter22'], {
      'healthcheck.test.1': [{ name: 'REDIS_PASSWORD', value: 'hunter22' }],
      'healthcheck.test.3': [{ name: 'REDIS_PASSWORD', value: 'hunter22' }],
    });
    const test = healthcheckTestFor(contextFor(project, 'db').context);
    expect(test).toEqual(['CMD-SHELL', `redis-cli -a "\${REDIS_PASSWORD}" ping`, '-x', `"\${REDIS_PASSWORD}"`]);
    expect(JSON.stringify(test)).not.toContain('hunter22');
  });

  it('turn an exec-form test with a secret into a quoted shell script', () => {
    const project = withTest(['CMD', 'redis-cli', '-a', 'hunter22', 'ping'], { 'healthcheck.test.3': [{ name: 'REDIS_PASSWORD', value: 'hunter22' }] });
    expect(healthcheckTestFor(contextFor(project, 'db').context)).toEqual([
      'CMD-SHELL',
      `'redis-cli' '-a' "\${REDIS_PASSWORD}" 'ping'`,
    ]);
  });

  it('leave tests without secrets, and NONE, untouched', () => {
    const plain = withTest(['CMD', 'pg_isready', '-U', 'scip_user'], { 'healthcheck.test.3': [{ name: 'DB_USER', value: 'scip_user' }] });
    expect(healthcheckTestFor(contextFor(plain, 'db').context)).toEqual(['CMD', 'pg_isready', '-U', 'scip_user']);
    expect(healthcheckTestFor(contextFor(withTest(['NONE'], {}), 'db').context)).toEqual(['NONE']);
    expect(healthcheckTestFor(contextFor(makeProject([makeService('db')]), 'db').context)).toBeUndefined();
  });

  it('come with the environment, the same as healthcheckTestFor derives on its own', () => {
    // The chart reads the test from environmentFor (issue 7); the secrets in the command and args
    // must not change the names the test refers to.
    const cases: [string[], Record<string, { name: string; value: string }[]>, Record<string, string>][] = [
      [['CMD-SHELL', "mysqladmin ping -p'rootpw1' --silent"], { 'healthcheck.test.1': [{ name: 'MYSQL_ROOT_PASSWORD', value: 'rootpw1' }] }, {}],
      [['CMD', 'redis-cli', '-a', 'hunter22', 'ping'], { 'healthcheck.test.3': [{ name: 'REDIS_PASSWORD', value: 'hunter22' }] }, { REDIS_PASSWORD: 'hunter22' }],
      [['CMD', 'check', 'tok-123'], { 'command.1': [{ name: 'API_TOKEN', value: 'tok-123' }], 'healthcheck.test.2': [{ name: 'API_TOKEN', value: 'tok-123' }] }, { API_TOKEN: 'other-value' }],
      [['CMD', 'pg_isready'], {}, {}],
      [['NONE'], {}, {}],
    ];
    for (const [test, interpolated, environment] of cases) {
      const project = makeProject([
        makeService('db', { healthcheck: { test, disable: false }, interpolated, environment, command: ['serve', 'tok-123'] }),
      ]);
      const { context } = contextFor(project, 'db');
      expect(environmentFor(context).healthcheckTest).toEqual(healthcheckTestFor(context));
    }
    expect(environmentFor(contextFor(makeProject([makeService('db')]), 'db').context)).not.toHaveProperty('healthcheckTest');
  });
});
