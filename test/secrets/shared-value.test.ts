/**
 * Issue 19.2: one Postgres password given to db, web and worker is one Secret all three reference,
 * printed once by `secrets` (so it is sealed, encrypted or fetched once), with a note naming its readers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { cliIn } from './cli.ts';

const COMPOSE = `name: shop
services:
  db:
    environment: {POSTGRES_PASSWORD: "\${DB_PASSWORD}"}
    image: postgres:15
  web:
    image: nginx:1.27
    environment:
      DB_PASSWORD: \${DB_PASSWORD}
      SESSION_SECRET: \${SESSION_SECRET}
  worker:
    image: busybox:1.36
    command: ["sh", "-c", "sleep 1"]
    environment:
      DB_PASS: \${DB_PASSWORD}
`;
const ENV = { DB_PASSWORD: 'Pg-Sh4red-pw!', SESSION_SECRET: 'web-only-s3cret' };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shared-secret-'));
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => cliIn(dir, ENV, ...args);

test('the three services reference one Secret, which secrets prints once', async () => {
  const converted = await cli('convert');
  expect(converted.code, converted.stderr).toBe(0);
  const refs = [...converted.stdout.matchAll(/secretKeyRef:\n\s+key: (\S+)\n\s+name: (\S+)/g)].map((match) => `${match[2]}/${match[1]}`);
  expect(refs.sort()).toEqual(['db-password-env/DB_PASSWORD', 'db-password-env/DB_PASSWORD', 'db-password-env/DB_PASSWORD', 'web-env/SESSION_SECRET']);

  const printed = await cli('secrets');
  expect(printed.code, printed.stderr).toBe(0);
  const secrets = parseAllDocuments(printed.stdout).map((doc) => doc.toJS() as { metadata: { name: string }; stringData: Record<string, string> });
  expect(secrets.map((secret) => [secret.metadata.name, secret.stringData])).toEqual([
    ['db-password-env', { DB_PASSWORD: ENV.DB_PASSWORD }],
    ['web-env', { SESSION_SECRET: ENV.SESSION_SECRET }],
  ]);
  expect(printed.stdout.split(ENV.DB_PASSWORD)).toHaveLength(2);
  expect(printed.stderr).toBe("note: Secret 'db-password-env' holds DB_PASSWORD once for services db, web, worker\n");
});
