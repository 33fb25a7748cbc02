/**
 * Issue 19.2: `secrets --format external-secrets|sealed|sops`. The encrypted forms are proven with
 * the real clients: sops decrypts what we encrypted for an age identity made by age-keygen, and
 * kubeseal's recovery mode (the controller's own unsealing code) opens what we sealed for a
 * certificate made by openssl, giving back the plain Secrets with the same values.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { parseRecipient } from '../../lib/k8s/output/secret-formats/index.ts';
import { cliIn } from './cli.ts';
import { GITOPS_BUILD_TIMEOUT, gitopsBin, gitopsSkipReason } from './gitops-tools.ts';

const COMPOSE = `name: shop
services:
  web:
    image: nginx:1.27
    secrets: [api_key, tls_key]
    environment:
      SESSION_SECRET: \${SESSION_SECRET}
  db:
    image: postgres:16-alpine
    secrets: [api_key]
    environment: {POSTGRES_PASSWORD: "\${DB_PASSWORD}", POSTGRES_DB: shop}
secrets:
  api_key:
    file: ./api_key.txt
  tls_key:
    environment: TLS_KEY
`;

const ENV = {
  DB_PASSWORD: 'hunter2-from-env: "quoted" & #hash',
  SESSION_SECRET: 'ŝéçrèt-ünïcode-✓',
  TLS_KEY: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n',
};
const FILE_VALUE = 'key-from-file\nsecond line';
const VALUES = [...Object.values(ENV), FILE_VALUE];

interface SecretDoc {
  kind: string;
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  type?: string;
  stringData?: Record<string, string>;
  data?: Record<string, string>;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secret-formats-'));
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
  writeFileSync(join(dir, 'api_key.txt'), FILE_VALUE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => cliIn(dir, ENV, ...args);

/** The plain Secrets: what every other form must give back. */
async function plainSecrets(): Promise<Map<string, Record<string, string>>> {
  const run = await cli('secrets');
  expect(run.code, run.stderr).toBe(0);
  const docs = parseAllDocuments(run.stdout).map((doc) => doc.toJS() as SecretDoc);
  return new Map(docs.map((doc) => [doc.metadata.name, doc.stringData ?? {}]));
}

function docsOf(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text).map((doc) => doc.toJS() as Record<string, unknown>);
}

describe('external-secrets', () => {
  test('one ExternalSecret per Secret, creating the Secret the workloads reference, a remote key per Secret and a property per key', async () => {
    const plain = await plainSecrets();
    const run = await cli('secrets', '--format', 'external-secrets', '--secret-store', 'vault', '--secret-store-kind', 'ClusterSecretStore');
    expect(run.code, run.stderr).toBe(0);
    const docs = docsOf(run.stdout) as unknown as {
      apiVersion: string;
      kind: string;
      metadata: { name: string; namespace: string };
      spec: { secretStoreRef: unknown; target: { name: string }; data: { secretKey: string; remoteRef: { key: string; property: string } }[] };
    }[];
    expect(docs.map((doc) => doc.spec.target.name).sort()).toEqual([...plain.keys()].sort());
    for (const doc of docs) {
      expect(doc).toMatchObject({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { namespace: 'shop' } });
      expect(doc.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
      const keys = Object.keys(plain.get(doc.spec.target.name) ?? {}).sort();
      expect(doc.spec.data).toEqual(keys.map((key) => ({ secretKey: key, remoteRef: { key: `shop/${doc.spec.target.name}`, property: key } })));
    }
    for (const value of VALUES) expect(run.stdout).not.toContain(value.split('\n')[0]);
  });

  test('the store is required, its kind is one of two', async () => {
    expect((await cli('secrets', '--format', 'external-secrets')).code).toBe(2);
    expect((await cli('secrets', '--format', 'external-secrets', '--secret-store', 'v', '--secret-store-kind', 'Vault')).code).toBe(2);
  });
});

test('flags of another format, an unknown format and -o with plain are usage errors', async () => {
  expect((await cli('secrets', '--format', 'vault')).code).toBe(2);
  expect((await cli('secrets', '--cert', 'x.pem')).code).toBe(2);
  expect((await cli('secrets', '--format', 'sops', '--secret-store', 'v', '--age', 'age1x')).code).toBe(2);
  const plain = await cli('secrets', '-o', 'out');
  expect(plain.code).toBe(2);
  expect(readdirSync(dir)).not.toContain('out');
});

test('a malformed age recipient or certificate is one error line, before anything is printed', async () => {
  const age = await cli('secrets', '--format', 'sops', '--age', 'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq');
  expect(age.code).toBe(1);
  expect(age.stdout).toBe('');
  expect(age.stderr).toMatch(/^error: --age: .* is not an age X25519 recipient/);
  writeFileSync(join(dir, 'not-a-cert.pem'), 'hello');
  const cert = await cli('secrets', '--format', 'sealed', '--cert', 'not-a-cert.pem');
  expect(cert.code).toBe(1);
  expect(cert.stderr).toMatch(/^error: --cert: .*not-a-cert\.pem: not a PEM certificate or public key/);
});

test('age recipients are Bech32-checked', () => {
  const valid = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
  expect(parseRecipient(valid)).toHaveLength(32);
  expect(() => parseRecipient(`${valid.slice(0, -1)}q`)).toThrow(/bad checksum/);
  expect(() => parseRecipient(valid.replace('age1', 'agx1'))).toThrow(/age1/);
});

const skip = gitopsSkipReason();

describe.skipIf(skip !== undefined)('with the real clients', () => {
  let bin = '';
  beforeAll(() => {
    bin = gitopsBin();
  }, GITOPS_BUILD_TIMEOUT);

  function ageIdentity(name: string): { file: string; recipient: string } {
    const file = join(dir, `${name}.txt`);
    execFileSync(join(bin, 'age-keygen'), ['-o', file], { stdio: 'pipe' });
    const recipient = /public key: (age1\S+)/.exec(readFileSync(file, 'utf8'))?.[1];
    if (!recipient) throw new Error('age-keygen wrote no public key');
    return { file, recipient };
  }

  function sopsDecrypt(file: string, identity: string): SecretDoc {
    const run = spawnSync(join(bin, 'sops'), ['-d', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', SOPS_AGE_KEY_FILE: identity } });
    expect(run.status, run.stderr).toBe(0);
    return parse(run.stdout) as SecretDoc;
  }

  test('sops -d gives back every Secret, for each of two age recipients', async () => {
    const plain = await plainSecrets();
    const [alice, bob] = [ageIdentity('alice'), ageIdentity('bob')];
    const out = join(dir, 'sops');
    const run = await cli('secrets', '--format', 'sops', '--age', `${alice.recipient},${bob.recipient}`, '-o', out);
    expect(run.code, run.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual([...plain.keys()].map((name) => `${name}.sops.yaml`).sort());
    for (const file of files) {
      const text = readFileSync(join(out, file), 'utf8');
      for (const value of VALUES) expect(text).not.toContain(value.split('\n')[0]);
      // Readable as what it is (Flux and KSOPS find it by kind), values encrypted.
      const stored = parse(text) as SecretDoc & { sops: { encrypted_regex: string; age: unknown[] } };
      expect(stored.kind).toBe('Secret');
      expect(stored.sops.encrypted_regex).toBe('^(data|stringData)$');
      expect(stored.sops.age).toHaveLength(2);
      for (const value of Object.values(stored.stringData ?? {})) expect(value).toMatch(/^ENC\[AES256_GCM,data:/);
      for (const identity of [alice, bob]) {
        const decrypted = sopsDecrypt(join(out, file), identity.file);
        expect(decrypted.kind).toBe('Secret');
        expect(decrypted.stringData).toEqual(plain.get(decrypted.metadata.name));
      }
    }
    const values = [...plain.values()].flatMap((data) => Object.values(data));
    expect(values).toEqual(expect.arrayContaining(VALUES));
  });

  test('sops refuses a file whose value was changed (the MAC covers every value)', async () => {
    const identity = ageIdentity('carol');
    const out = join(dir, 'sops-tampered');
    expect((await cli('secrets', '--format', 'sops', '--age', identity.recipient, '-o', out)).code).toBe(0);
    const file = join(out, 'db-env.sops.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('namespace: shop', 'namespace: other'));
    const run = spawnSync(join(bin, 'sops'), ['-d', file], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', SOPS_AGE_KEY_FILE: identity.file } });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/MAC mismatch/);
  });

  describe('sealed', () => {
    let key = '';
    let cert = '';
    beforeAll(() => {
      const keys = join(dir, 'sealing');
      mkdirSync(keys);
      key = join(keys, 'key.pem');
      cert = join(keys, 'cert.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=sealed-secret/O=sealed-secret'], { stdio: 'pipe' });
    });

    function unseal(sealed: string): { status: number | null; secret?: SecretDoc; stderr: string } {
      const run = spawnSync(join(bin, 'kubeseal'), ['--recovery-unseal', '--recovery-private-key', key], { input: sealed, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', HOME: dir } });
      return { status: run.status, stderr: run.stderr, ...(run.status === 0 ? { secret: JSON.parse(run.stdout) as SecretDoc } : {}) };
    }

    test('kubeseal --recovery-unseal gives back every Secret with its values, name, namespace and labels', async () => {
      const plain = await plainSecrets();
      const run = await cli('secrets', '--format', 'sealed', '--cert', cert);
      expect(run.code, run.stderr).toBe(0);
      for (const value of VALUES) expect(run.stdout).not.toContain(value.split('\n')[0]);
      const sealed = run.stdout.split(/^---\n/m);
      expect(sealed).toHaveLength(plain.size);
      for (const document of sealed) {
        const object = parse(document) as { kind: string; metadata: { name: string; namespace: string }; spec: { encryptedData: Record<string, string> } };
        expect(object).toMatchObject({ kind: 'SealedSecret', metadata: { namespace: 'shop' } });
        const { status, secret, stderr } = unseal(document);
        expect(status, stderr).toBe(0);
        expect(secret?.metadata).toMatchObject({ name: object.metadata.name, namespace: 'shop', labels: { 'app.kubernetes.io/part-of': 'shop' } });
        const values = Object.fromEntries(Object.entries(secret?.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
        expect(values).toEqual(plain.get(object.metadata.name));
      }
    });

    test('strict scope: a value sealed for one Secret does not unseal under another name or namespace', async () => {
      const run = await cli('secrets', '--format', 'sealed', '--cert', cert);
      const first = run.stdout.split(/^---\n/m)[0] ?? '';
      const name = (parse(first) as { metadata: { name: string } }).metadata.name;
      expect(unseal(first.replace(/namespace: shop/g, 'namespace: other')).status).not.toBe(0);
      expect(unseal(first.replace(new RegExp(`name: ${name}$`, 'gm'), 'name: renamed')).status).not.toBe(0);
    });
  });
});
