/**
 * Issue 19.1: a GitOps pipeline converts a checkout without the secret material (gitignored files,
 * unset variables). The manifests must be the same bytes as where the material is present, each
 * absent secret said once (an error under --strict), and `secrets` must refuse rather than skip.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cliIn } from './cli.ts';

const COMPOSE = `name: shop
services:
  db:
    image: postgres:16.4
    secrets: [db_password]
    environment: {POSTGRES_PASSWORD: "\${DB_PASSWORD}"}
    healthcheck:
      test: ["CMD", "pg_isready", "-U", "app", "--password", "\${DB_PASSWORD}"]
  web:
    image: nginx:1.27
    command: ["nginx", "-g", "\${API_TOKEN}"]
    environment:
      DB_PASSWORD: \${DB_PASSWORD}
      DATABASE_URL: postgres://app:\${DB_PASSWORD}@db:5432/shop
    secrets: [db_password, vault_token, shared_key]
secrets:
  db_password:
    file: ./secrets/db_password.txt
  vault_token:
    environment: VAULT_TOKEN
  shared_key:
    file: ../shared/key.txt
`;

const MATERIAL = { DB_PASSWORD: 'Xy9!kLmN0pq-db', API_TOKEN: 'tok-8f3a9c2e71d4', VAULT_TOKEN: 'hvs.Q2x9vT7mKp3' };

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'no-material-'));
  dir = join(root, 'project');
  mkdirSync(dir);
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const cli = (env: Record<string, string>, ...args: string[]) => cliIn(dir, env, ...args);

function giveMaterial(): void {
  mkdirSync(join(dir, 'secrets'));
  writeFileSync(join(dir, 'secrets', 'db_password.txt'), 'file-Secr3t-value');
  mkdirSync(join(root, 'shared'));
  writeFileSync(join(root, 'shared', 'key.txt'), 'shared-K3y-value');
}

test('the manifests are byte-identical with and without the secret files and variables', async () => {
  const without = await cli({}, 'convert');
  expect(without.code, without.stderr).toBe(0);
  giveMaterial();
  const withMaterial = await cli(MATERIAL, 'convert');
  expect(withMaterial.code, withMaterial.stderr).toBe(0);
  expect(withMaterial.stdout).toBe(without.stdout);
  for (const value of [...Object.values(MATERIAL), 'file-Secr3t-value', 'shared-K3y-value']) expect(withMaterial.stdout).not.toContain(value);
  // Each secret is a reference either way: the URL, the healthcheck word and the command word too.
  expect(without.stdout).toContain('- $(API_TOKEN)');
  expect(without.stdout).toContain("'--password' \\\"${DB_PASSWORD}\\\"");
  expect(without.stdout).not.toContain('postgres://app:@db');
});

test('each absent secret is one warning, and the objects to create say how', async () => {
  const run = await cli({}, 'convert');
  const warnings = run.stderr.split('\n').filter((line) => line.startsWith('warning:'));
  const about = (what: string) => warnings.filter((line) => line.includes(what));
  expect(about("secrets 'db_password'")).toEqual([expect.stringContaining('./secrets/db_password.txt is absent')]);
  expect(about("secrets 'vault_token'")).toEqual([expect.stringContaining('variable VAULT_TOKEN is unset')]);
  expect(about("secrets 'shared_key'")).toEqual([expect.stringContaining('../shared/key.txt is absent')]);
  expect(run.stderr).toContain('kubectl create secret generic vault-token -n shop --from-literal=vault_token="$VAULT_TOKEN"');
  expect(run.stderr).toContain('kubectl create secret generic shared-key -n shop --from-file=shared_key=../shared/key.txt');
});

test('a secret file outside the project is referenced, never read', async () => {
  giveMaterial();
  const run = await cli(MATERIAL, 'convert');
  expect(run.stderr).toMatch(/secrets 'shared_key': \.\.\/shared\/key\.txt is outside the project, not read/);
  const printed = await cli(MATERIAL, 'secrets');
  expect(printed.code, printed.stderr).toBe(0);
  expect(`${printed.stdout}${printed.stderr}`).not.toContain('shared-K3y-value');
  expect(printed.stdout).not.toContain('name: shared-key');
  expect(printed.stderr).toMatch(/warning: Secret 'shared-key' \(secret 'shared_key'\) is not printed: file \S+key\.txt is outside the project/);
});

test('a secret file that is a symlink to /etc/shadow is referenced, and secrets never opens it', async () => {
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    secrets: [pw]\nsecrets:\n  pw:\n    file: ./pw.txt\n');
  symlinkSync('/etc/shadow', join(dir, 'pw.txt'));
  const converted = await cli({}, 'convert');
  expect(converted.code, converted.stderr).toBe(0);
  expect(converted.stderr).toMatch(/secrets 'pw': \.\/pw\.txt is outside the project, not read/);
  const printed = await cli({}, 'secrets');
  expect(printed.code, printed.stderr).toBe(0);
  expect(printed.stdout).toBe('');
  expect(printed.stderr).toContain("warning: Secret 'pw' (secret 'pw') is not printed");
  expect(`${converted.stdout}${converted.stderr}${printed.stderr}`).not.toContain('root:');
});

test('ExternalSecrets need no material: one for every Secret the manifests reference, with the keys the pods read', async () => {
  const converted = await cli({}, 'convert');
  const read = new Set<string>();
  for (const match of converted.stdout.matchAll(/secretKeyRef:\n\s+key: (\S+)\n\s+name: (\S+)/g)) read.add(`${match[2]}/${match[1]}`);
  for (const match of converted.stdout.matchAll(/secret:\n\s+items:\n\s+- key: (\S+)\n(?:\s+\S+: \S+\n)*?\s+secretName: (\S+)/g)) read.add(`${match[2]}/${match[1]}`);
  const run = await cli({}, 'secrets', '--format', 'external-secrets', '--secret-store', 'vault');
  expect(run.code, run.stderr).toBe(0);
  const described = new Set<string>();
  for (const doc of parseAllDocuments(run.stdout).map((d) => d.toJS() as { spec: { target: { name: string }; data: { secretKey: string }[] } })) {
    for (const entry of doc.spec.data) described.add(`${doc.spec.target.name}/${entry.secretKey}`);
  }
  expect([...described].sort()).toEqual([...read].sort());
  expect(read.size).toBe(6);
  expect(described).toContain('vault-token/vault_token');
  expect(described).toContain('db-password-env/DB_PASSWORD');
});

test('--strict fails on absent secret material, and writes nothing', async () => {
  const run = await cli({}, 'convert', '--strict');
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/warnings? with --strict/);
});

test('secrets prints what it has and names each Secret whose material is absent', async () => {
  const run = await cli({ DB_PASSWORD: 'x', API_TOKEN: 'y' }, 'secrets');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('name: db-password-env');
  expect(run.stdout).not.toContain('name: vault-token');
  expect(run.stderr).toContain("warning: Secret 'vault-token' (secret 'vault_token') is not printed: set VAULT_TOKEN (create it as convert lists)");
  expect(run.stderr).toMatch(/warning: Secret 'db-password' \(secret 'db_password'\) is not printed: file \S+db_password\.txt is absent/);
});

test('an unset variable that a printed Secret needs is still refused', async () => {
  const run = await cli({ API_TOKEN: 'y' }, 'secrets');
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain("error: Secret 'db-password-env' key 'DB_PASSWORD' would be empty: set DB_PASSWORD");
});
