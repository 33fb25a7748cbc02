/**
 * Issue 17, leaks through fields Kubernetes cannot read from a Secret, and issue 21.3, secrets by
 * provenance — through the CLI, as users run it: a secret substituted into labels, deploy.labels or
 * podAnnotations is left out with a warning; into working_dir, extra_hosts or the project name it is
 * one located error; a literal that equals a secret is never rewritten; a plain variable that copies a
 * strong secret moves into the Secret. No value ever appears in the output, the file name or a message.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failureReportProblems, runCliCaptured } from './helpers/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'leaks-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const TOKEN = 'tK-4f9Qz-7Lw2';
const WEAK = 'hunter22';
const environment = { API_TOKEN: TOKEN, DB_PASSWORD: WEAK, PROJECT_SECRET: 'pr0j-s3cret-Xy7' };

function project(name: string, compose: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'compose.yaml'), compose);
  return dir;
}

async function convert(dir: string): Promise<{ code: number; stdout: string; stderr: string; files: string[] }> {
  const out = join(dir, 'out');
  const run = await runCliCaptured(['convert', '-f', 'compose.yaml', '-o', out], dir, environment);
  const files = (() => {
    try {
      return readdirSync(out);
    } catch {
      return [];
    }
  })();
  return { ...run, files };
}

function expectNoValue(...texts: string[]): void {
  for (const text of texts) for (const value of Object.values(environment)) expect(text).not.toContain(value);
}

describe('a secret in a field that only describes the workload is left out, with a warning', () => {
  it('labels, deploy.labels (mapping and list form) and x-kubernetes.podAnnotations', async () => {
    const dir = project(
      'annotations',
      `services:
  web:
    image: nginx:1.27
    labels:
      note: "uses \${API_TOKEN}"
      weak: "\${DB_PASSWORD}"
      kept: plain
    deploy:
      labels: ["token=\${API_TOKEN}", "tier=front"]
    x-kubernetes:
      podAnnotations: {pa: "\${API_TOKEN}", ok: "yes"}
`,
    );
    const run = await convert(dir);
    expect(run.code, run.stderr).toBe(0);
    const output = (await runCliCaptured(['convert', '-f', 'compose.yaml', '--stdout'], dir, environment)).stdout;
    expectNoValue(output, run.stderr, run.files.join(' '));
    expect(output).toContain('kept: plain');
    expect(output).toContain('tier: front');
    expect(output).toContain('ok: "yes"');
    for (const [line, name, variable] of [[5, 'note', 'API_TOKEN'], [6, 'weak', 'DB_PASSWORD'], [9, 'token', 'API_TOKEN'], [11, 'pa', 'API_TOKEN']] as const) {
      expect(run.stderr).toMatch(new RegExp(`compose\\.yaml:${line}:\\d+: '${name}' carries the secret variable ${variable} and is left out`));
    }
  });
});

describe('a secret in a field the workload needs is one located error', () => {
  it.each([
    ['working_dir', 'working_dir: /srv/${API_TOKEN}', /compose\.yaml:4:5: services\.web\.working_dir: carries the secret variable API_TOKEN/],
    ['extra_hosts', 'extra_hosts: ["${API_TOKEN}:10.0.0.1"]', /compose\.yaml:4:\d+: services\.web\.extra_hosts\.0: carries the secret variable API_TOKEN/],
    ['a weak secret in working_dir', 'working_dir: /srv/${DB_PASSWORD}', /services\.web\.working_dir: carries the secret variable DB_PASSWORD/],
  ])('%s', async (name, line, message) => {
    const dir = project(name.replace(/\W/g, '-'), `services:\n  web:\n    image: nginx:1.27\n    ${line}\n`);
    const run = await convert(dir);
    expect(run.code).toBe(1);
    expect(failureReportProblems(run.stderr)).toEqual([]);
    expect(run.stderr).toMatch(message);
    expect(run.files).toEqual([]);
    expectNoValue(run.stderr);
  });

  it('the project name', async () => {
    const dir = project('name', 'name: ${PROJECT_SECRET}\nservices:\n  web:\n    image: nginx:1.27\n');
    const run = await convert(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*compose\.yaml:1:1: name: the project name comes from the secret variable PROJECT_SECRET/m);
    expect(run.files).toEqual([]);
    expectNoValue(run.stderr);
  });

  it('a strong secret repeated literally anywhere else, located where it is defined', async () => {
    const dir = project(
      'copied',
      `services:\n  db:\n    image: postgres:16\n    environment: {POSTGRES_PASSWORD: "${TOKEN}"}\n    command: ["postgres", "-c", "x.key=${TOKEN}"]\n`,
    );
    const run = await convert(dir);
    expect(run.code).toBe(1);
    expect(failureReportProblems(run.stderr)).toEqual([]);
    expect(run.stderr).toMatch(/compose\.yaml:4:\d+: services\.db\.environment\.POSTGRES_PASSWORD: this secret value would be written in clear into Deployment 'db' \(at spec\.template\.spec\.containers\[0\]\.args\[2\]\)/);
    expectNoValue(run.stderr);
  });
});

describe('secrets by provenance (issue 21)', () => {
  it('keeps literals that equal a weak secret, references substituted ones, and moves strong copies into the Secret', async () => {
    const dir = project(
      'provenance',
      `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: postgres
      POSTGRES_PASSWORD: postgres
      APP_PASSWORD: "\${API_TOKEN}"
      COPY: "${TOKEN}"
      PG_PASS_AGAIN: postgres
    command: ["postgres", "-c", "application_name=postgres", "-c", "token=\${API_TOKEN}"]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres -d postgres"]
`,
    );
    const run = await runCliCaptured(['convert', '-f', 'compose.yaml', '--stdout'], dir, environment);
    expect(run.code, run.stderr).toBe(0);
    expectNoValue(run.stdout, run.stderr);
    expect(run.stdout).toContain('- pg_isready -U postgres -d postgres');
    expect(run.stdout).toContain('- application_name=postgres');
    expect(run.stdout).toContain('- token=$(API_TOKEN)');
    expect(run.stdout).toMatch(/- name: COPY\n\s+valueFrom:\n\s+secretKeyRef:\n\s+key: COPY/);
    expect(run.stderr).toMatch(/compose\.yaml:8:\d+: 'COPY' holds the same value as services\.db\.environment\.APP_PASSWORD, a secret of the project/);
    const secrets = await runCliCaptured(['secrets', '-f', 'compose.yaml'], dir, environment);
    expect(secrets.stdout).toContain(TOKEN);
  });

  it("moves a variable that carries a strong secret among other words into the Secret: drone's DRONE_USER_CREATE", async () => {
    // ruanbekker/drone-gitea-on-docker: DRONE_USER_CREATE=username:…,token:<DRONE_RPC_SECRET>.
    // Until 2026-12-06 the variable stayed plain and the last check refused the whole conversion.
    const dir = project(
      'carried',
      `services:
  drone:
    image: drone/drone:1.10.1
    environment:
      DRONE_RPC_SECRET: "${TOKEN}"
      DRONE_USER_CREATE: "username:example,machine:false,admin:true,token:${TOKEN}"
`,
    );
    const run = await runCliCaptured(['convert', '-f', 'compose.yaml', '--stdout'], dir, environment);
    expect(run.code, run.stderr).toBe(0);
    expectNoValue(run.stdout, run.stderr);
    expect(run.stdout).toMatch(/- name: DRONE_USER_CREATE\n\s+valueFrom:\n\s+secretKeyRef:\n\s+key: DRONE_USER_CREATE/);
    expect(run.stderr).toMatch(/compose\.yaml:6:\d+: 'DRONE_USER_CREATE' carries the value of services\.drone\.environment\.DRONE_RPC_SECRET, a secret of the project/);
    const secrets = await runCliCaptured(['secrets', '-f', 'compose.yaml'], dir, environment);
    expect(secrets.stdout).toContain(`token:${TOKEN}`);
  });
});
