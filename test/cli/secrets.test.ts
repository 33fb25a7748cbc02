import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../../lib/cli/main.ts';
import { validateManifests, type Manifest } from '../support/k8s.ts';

const COMPOSE = `name: shop
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: \${DB_PASSWORD}
      POSTGRES_DB: shop
    secrets:
      - api_key
secrets:
  api_key:
    file: ./api_key.txt
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secrets-cli-'));
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
  writeFileSync(join(dir, '.env'), 'DB_PASSWORD=hunter2-from-env\n');
  writeFileSync(join(dir, 'api_key.txt'), 'key-from-file');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: {} });
  return { code, stdout, stderr };
}

test('prints the referenced Secrets with their values, to stdout only', async () => {
  const before = readdirSync(dir).sort();
  const run = await cli('secrets', '-f', 'compose.yaml', '-n', 'prod');
  expect(run.code, run.stderr).toBe(0);
  const docs = parseAllDocuments(run.stdout).map((d) => d.toJS() as Manifest);
  expect(docs.length).toBeGreaterThan(0);
  for (const doc of docs) {
    expect(doc.kind).toBe('Secret');
    expect(doc.metadata.namespace).toBe('prod');
    expect(doc['type']).toBe('Opaque');
  }
  const values = docs.flatMap((d) => Object.values(d['stringData'] as Record<string, string>));
  expect(values).toEqual(expect.arrayContaining(['hunter2-from-env', 'key-from-file']));
  expect(values).not.toContain('shop');
  expect(await validateManifests(docs)).toEqual([]);
  expect(readdirSync(dir).sort()).toEqual(before);
});

test('every Secret the manifests reference is printed', async () => {
  const converted = await cli('convert', '--stdout');
  const printed = await cli('secrets');
  const referenced = new Set([...converted.stdout.matchAll(/secretName: (\S+)|secretKeyRef:\n\s+key: \S+\n\s+name: (\S+)/g)].map((m) => m[1] ?? m[2]));
  const names = new Set(parseAllDocuments(printed.stdout).map((d) => (d.toJS() as Manifest).metadata.name));
  expect(referenced.size).toBeGreaterThan(0);
  for (const name of referenced) expect(names.has(name as string), name).toBe(true);
});

test('bad usage exits 2', async () => {
  expect((await cli('secrets', '--stdout')).code).toBe(2);
});

test('refuses to print an empty value: one line naming the unset variable, nothing on stdout', async () => {
  writeFileSync(join(dir, '.env'), '');
  const run = await cli('secrets');
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: Secret '\S+' key 'POSTGRES_PASSWORD' would be empty: set DB_PASSWORD$/)]);
});

test('refuses to print an empty secret file, naming the file', async () => {
  writeFileSync(join(dir, 'api_key.txt'), '');
  const run = await cli('secrets');
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^error: Secret '\S+' key '\S+' would be empty: file \S*api_key\.txt is empty\n$/);
});

test("warns when a value is the compose file's own default, without printing it", async () => {
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('${DB_PASSWORD}', '${DB_PASSWORD:-scip_password}'));
  writeFileSync(join(dir, '.env'), '');
  const run = await cli('secrets');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('scip_password');
  expect(run.stderr).toMatch(/^warning: Secret '\S+' key 'POSTGRES_PASSWORD' takes the compose file's default for DB_PASSWORD \(unset\): set it for a real value\n$/);
  expect(run.stderr).not.toContain('scip_password');

  writeFileSync(join(dir, '.env'), 'DB_PASSWORD=real\n');
  const set = await cli('secrets');
  expect(set.code).toBe(0);
  expect(set.stderr).toBe('');
});

test("prints a value that is the compose file's empty default, with a warning (the author chose it, as `${KEY-}` says)", async () => {
  for (const [written, variable] of [['${OPENAI_API_KEY-}', 'OPENAI_API_KEY'], ['${OPENAI_API_KEY:-}', 'OPENAI_API_KEY']] as const) {
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('POSTGRES_DB: shop', `POSTGRES_DB: shop\n      OPENAI_API_KEY: ${written}`));
    const run = await cli('secrets');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe(`warning: Secret 'db-env' key 'OPENAI_API_KEY' is empty, the compose file's default for ${variable} (unset): set it for a value\n`);
  }
  // Without a default, the unset variable is a mistake to fix.
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('POSTGRES_DB: shop', 'POSTGRES_DB: shop\n      OPENAI_API_KEY: ${OPENAI_API_KEY}'));
  const refused = await cli('secrets');
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("error: Secret 'db-env' key 'OPENAI_API_KEY' would be empty: set OPENAI_API_KEY\n");
});

test('prints a value the compose file writes empty itself, with a warning (the author chose it)', async () => {
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('POSTGRES_DB: shop', "POSTGRES_DB: shop\n      SMTP_PASSWORD: ''"));
  const run = await cli('secrets');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toMatch(/^warning: Secret '\S+' key 'SMTP_PASSWORD' is empty, as the compose file or its env_file writes it\n$/);
});

test('prints a value .env sets empty, with a warning: unlike an unset variable, the user chose it', async () => {
  // novu's docker/community/.env: REDIS_PASSWORD= (its redis has no password). `secrets` refused
  // with "would be empty: set REDIS_PASSWORD", though it was set, and the stack could not be applied.
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('POSTGRES_DB: shop', 'POSTGRES_DB: shop\n      REDIS_PASSWORD: ${REDIS_PASSWORD}'));
  writeFileSync(join(dir, '.env'), 'DB_PASSWORD=hunter2-from-env\nREDIS_PASSWORD=\n');
  const run = await cli('secrets');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe("warning: Secret 'db-env' key 'REDIS_PASSWORD' is empty, as REDIS_PASSWORD is set empty (in .env or the environment): set it for a value\n");
});

test("does not call a default that is another variable's value the compose file's default", async () => {
  // trigger.dev: MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD:-${OBJECT_STORE_SECRET_ACCESS_KEY:?…}} with the
  // latter set in .env was "the compose file's default for MINIO_ROOT_PASSWORD: set it for a real value".
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('POSTGRES_DB: shop', 'POSTGRES_DB: shop\n      MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD:-${DB_PASSWORD:?set it}}\n      MINIO_KEY: ${MINIO_KEY:-pre-${DB_PASSWORD}}'));
  const run = await cli('secrets');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe("warning: Secret 'db-env' key 'MINIO_KEY' takes the compose file's default for MINIO_KEY (unset): set it for a real value\n");
});

test('warns, without the value, when a Secret is too large for client-side kubectl apply', async () => {
  const large = 'k'.repeat(300_000);
  writeFileSync(join(dir, 'api_key.txt'), large);
  const run = await cli('secrets', '-f', 'compose.yaml', '-n', 'prod');
  expect(run.code).toBe(0);
  expect(run.stderr).toMatch(/^warning: Secret 'api-key' is too large for client-side kubectl apply \(its last-applied copy makes 29\d KiB of annotations; the API server allows 256 KiB\) and would be refused: apply with 'kubectl apply --server-side'/m);
  expect(run.stderr).not.toContain('kkkk');
  writeFileSync(join(dir, 'api_key.txt'), 'k'.repeat(200_000));
  expect((await cli('secrets', '-f', 'compose.yaml', '-n', 'prod')).stderr).not.toContain('client-side kubectl apply');
});

test('puts a value with DEL or C1 controls, which a server-side apply cannot carry as text, base64-encoded in data', async () => {
  writeFileSync(join(dir, 'api_key.txt'), 'key\x7f\x81');
  const run = await cli('secrets', '-f', 'compose.yaml', '-n', 'prod');
  const secret = parseAllDocuments(run.stdout).map((d) => d.toJS() as Manifest).find((doc) => doc.metadata.name === 'api-key');
  expect(secret?.['data']).toEqual({ api_key: Buffer.from('key\x7f\x81').toString('base64') });
  expect(secret?.['stringData']).toEqual({});
});

test('a setting about a secret (an expiry, a switch) prints unset or at its default, without a word; a password beside it is still refused', async () => {
  writeFileSync(
    join(dir, 'compose.yaml'),
    COMPOSE.replace('POSTGRES_DB: shop', 'POSTGRES_DB: shop\n      JWT_TOKEN_EXPIRY_IN_MINUTES: ${JWT_TOKEN_EXPIRY_IN_MINUTES}\n      ALLOW_EMPTY_PASSWORD: ${ALLOW_EMPTY:-no}\n      TOKEN_URL: ${TOKEN_URL:-https://sso.example.com/token}'),
  );
  const run = await cli('secrets');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  const values = parseAllDocuments(run.stdout).map((d) => (d.toJS() as Manifest)['stringData'] as Record<string, string>);
  expect(values).toContainEqual(expect.objectContaining({ JWT_TOKEN_EXPIRY_IN_MINUTES: '', ALLOW_EMPTY_PASSWORD: 'no' }));

  writeFileSync(join(dir, '.env'), '');
  const refused = await cli('secrets');
  expect(refused.code).toBe(1);
  expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: Secret '\S+' key 'POSTGRES_PASSWORD' would be empty: set DB_PASSWORD$/)]);
});

test("prints a blank password the service's own switch allows, with a warning (MYSQL_ALLOW_EMPTY_PASSWORD, bitnami's ALLOW_EMPTY_PASSWORD)", async () => {
  // sock-shop's catalogue-db: MYSQL_ROOT_PASSWORD unset beside MYSQL_ALLOW_EMPTY_PASSWORD=true, which
  // compose runs; `secrets` refused to print the Secret, and the stack could not be applied.
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('POSTGRES_DB: shop', 'POSTGRES_DB: shop\n      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD}\n      MYSQL_ALLOW_EMPTY_PASSWORD: "true"'));
  const run = await cli('secrets');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe("warning: Secret 'db-env' key 'MYSQL_ROOT_PASSWORD' is empty, as MYSQL_ALLOW_EMPTY_PASSWORD=true allows (set MYSQL_ROOT_PASSWORD for a password)\n");
  // Switched off, or beside a key that is no password, the unset variable is still a mistake.
  for (const [key, allow] of [['MYSQL_ROOT_PASSWORD', 'no'], ['OPENAI_API_KEY', 'yes']] as const) {
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('POSTGRES_DB: shop', `POSTGRES_DB: shop\n      ${key}: \${${key}}\n      ALLOW_EMPTY_PASSWORD: "${allow}"`));
    const refused = await cli('secrets');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: Secret 'db-env' key '${key}' would be empty: set ${key}\n`);
  }
});

test('prints a blank credential of a feature its own settings leave off, with a warning (MISP: OIDC_ENABLE, SUPERVISOR_HOST, S3_BUCKET)', async () => {
  // misp-docker passes every optional integration through ${VAR}, and its template.env leaves them
  // unset: compose runs MISP with them off, but `secrets` refused their blank credentials.
  const off = [
    'OIDC_ENABLE: ${OIDC_ENABLE}',
    'OIDC_CLIENT_SECRET: ${OIDC_CLIENT_SECRET}',
    'SUPERVISOR_HOST: ${SUPERVISOR_HOST}',
    'SUPERVISOR_PASSWORD: ${SUPERVISOR_PASSWORD}',
    'APACHESECUREAUTH_LDAP_ENABLE: "false"',
    'APACHESECUREAUTH_LDAP_READER_PASSWORD: ${LDAP_READER_PASSWORD}',
    'S3_BUCKET: ${S3_BUCKET}',
    'S3_SECRET_KEY: ${S3_SECRET_KEY}',
  ];
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('POSTGRES_DB: shop', `POSTGRES_DB: shop\n      ${off.join('\n      ')}`));
  const run = await cli('secrets');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr.trim().split('\n')).toEqual([
    "warning: Secret 'db-env' key 'APACHESECUREAUTH_LDAP_READER_PASSWORD' is empty, as the feature it logs in to is off: APACHESECUREAUTH_LDAP_ENABLE=false (set LDAP_READER_PASSWORD when you turn it on)",
    "warning: Secret 'db-env' key 'OIDC_CLIENT_SECRET' is empty, as the feature it logs in to is off: OIDC_ENABLE is empty (set OIDC_CLIENT_SECRET when you turn it on)",
    "warning: Secret 'db-env' key 'S3_SECRET_KEY' is empty, as the feature it logs in to is off: S3_BUCKET is empty (set S3_SECRET_KEY when you turn it on)",
    "warning: Secret 'db-env' key 'SUPERVISOR_PASSWORD' is empty, as the feature it logs in to is off: SUPERVISOR_HOST is empty (set SUPERVISOR_PASSWORD when you turn it on)",
  ]);
  // Turned on, given a host, or with no setting of its own group, an unset credential is still a mistake.
  for (const [settings, key] of [
    [['OIDC_ENABLE: "true"', 'OIDC_CLIENT_SECRET: ${OIDC_CLIENT_SECRET}'], 'OIDC_CLIENT_SECRET'],
    [['SUPERVISOR_HOST: supervisor', 'SUPERVISOR_PASSWORD: ${SUPERVISOR_PASSWORD}'], 'SUPERVISOR_PASSWORD'],
    [['SMTP_ENABLE: ${SMTP_ENABLE}', 'S3_ENDPOINT: ${S3_ENDPOINT}', 'S3_SECRET_KEY: ${S3_SECRET_KEY}'], 'S3_SECRET_KEY'],
  ] as const) {
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('POSTGRES_DB: shop', `POSTGRES_DB: shop\n      ${settings.join('\n      ')}`));
    const refused = await cli('secrets');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: Secret 'db-env' key '${key}' would be empty: set ${key}\n`);
  }
});
