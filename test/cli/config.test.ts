import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli/main.ts';
import { writeTree } from '../compose/support/project.ts';
import { repoRoot } from '../compose/support/shared.ts';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function config(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['config', ...args], { cwd, env, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

const PROJECT = {
  'compose.yaml':
    'version: "3"\nservices:\n  web:\n    image: nginx:${TAG:-1.25}\n    ports: ["8080:80"]\n    secrets: [token]\n    depends_on: [db]\n  db:\n    image: postgres\n    healthcheck:\n      test: pg_isready\n      interval: 90s\n  debug:\n    image: busybox\n    profiles: [debug]\nsecrets:\n  token:\n    file: ./token.txt\n  inline:\n    content: INLINE-SECRET-VALUE\nconfigs:\n  site:\n    content: listen 80\n',
  'token.txt': 'TOP-SECRET-VALUE\n',
  'prod.env': 'TAG=2.0\n',
};

describe('cdk8s-compose config', () => {
  it('prints the resolved project as Compose YAML, services sorted, without secret values', async () => {
    const cwd = writeTree(PROJECT);
    const run = await config(['-p', 'shop'], cwd);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('TOP-SECRET-VALUE');
    expect(run.stdout).not.toContain('INLINE-SECRET-VALUE');
    const document = parse(run.stdout) as Record<string, Record<string, Record<string, unknown>>>;
    expect(document['name']).toBe('shop');
    expect(Object.keys(document['services'] ?? {})).toEqual(['db', 'web']);
    expect(document['services']?.['web']).toMatchObject({
      image: 'nginx:1.25',
      ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
      secrets: [{ source: 'token', target: '/run/secrets/token' }],
      depends_on: { db: { condition: 'service_started', required: true, restart: false } },
    });
    expect(document['services']?.['db']?.['healthcheck']).toEqual({ test: ['CMD-SHELL', 'pg_isready'], interval: '1m30s' });
    expect(document['secrets']?.['token']).toEqual({ name: 'shop_token', file: path.join(cwd, 'token.txt') });
    expect(document['secrets']?.['inline']).toEqual({ name: 'shop_inline', content: '<redacted>' });
    expect(document['configs']?.['site']).toEqual({ name: 'shop_site', content: 'listen 80' });
    expect(run.stderr).toMatch(/^warning: .*compose\.yaml:1:1: version: the attribute `version` is obsolete and ignored\n$/);
  });

  it('prints the keys the model does not hold as the files resolve them, hooks split into words as compose-go splits them', async () => {
    const cwd = writeTree({
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    init: true\n    dns: 9.9.9.9\n    cgroup: private\n    annotations: [team=shop]\n    post_start:\n      - command: ./warm-up --cache "/var/cache/app"\n        user: root\n        environment: {API_TOKEN: hook-token-123, MODE: warm}\n    pre_stop:\n      - command: [nginx, -s, quit]\n        environment: [PASSWORD=stop-secret-456, LEVEL=1]\n',
    });
    const run = await config([], cwd);
    expect(run.code).toBe(0);
    expect((parse(run.stdout) as { services: Record<string, unknown> }).services['web']).toMatchObject({
      init: true,
      dns: ['9.9.9.9'],
      cgroup: 'private',
      annotations: { team: 'shop' },
      post_start: [{ command: ['./warm-up', '--cache', '/var/cache/app'], user: 'root', environment: { API_TOKEN: '<redacted>', MODE: 'warm' } }],
      pre_stop: [{ command: ['nginx', '-s', 'quit'], environment: { PASSWORD: '<redacted>', LEVEL: '1' } }],
    });
    expect(run.stdout).not.toContain('hook-token-123');
    expect(run.stdout).not.toContain('stop-secret-456');
  });

  it('honours -f, --env-file, --profile and --project-directory', async () => {
    const cwd = writeTree({ ...PROJECT, 'extra.yaml': 'services:\n  web:\n    environment: {EXTRA: "yes"}\n' });
    const run = await config(['-f', 'compose.yaml', '--file', 'extra.yaml', '--env-file', 'prod.env', '--profile', 'debug', '--project-directory', '.'], cwd);
    expect(run.code).toBe(0);
    const services = (parse(run.stdout) as { services: Record<string, Record<string, unknown>> }).services;
    expect(Object.keys(services)).toEqual(['db', 'debug', 'web']);
    expect(services['web']).toMatchObject({ image: 'nginx:2.0', environment: { EXTRA: 'yes' } });
  });

  it('exits 1 with one located error line on bad input', async () => {
    const cwd = writeTree({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["99999:80"]\n' });
    const run = await config([], cwd);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`error: ${path.join(cwd, 'compose.yaml')}:4:13: services.web.ports.0: invalid port "99999:80": must be 1-65535\n`);
  });

  it('exits 2 on bad usage', async () => {
    const run = await config(['--nope'], writeTree(PROJECT));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--nope'");
    expect(run.stderr).toContain("see 'cdk8s-compose config --help'");
  });

  it('runs as bin/cdk8s-compose with the documented exit codes', () => {
    const cwd = writeTree(PROJECT);
    const bin = path.join(repoRoot, 'bin', 'cdk8s-compose');
    const ok = spawnSync(process.execPath, [bin, 'config'], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('image: nginx:1.25');
    const bad = spawnSync(process.execPath, [bin, 'config', '-f', 'missing.yaml'], { cwd, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^error: compose file .*missing\.yaml not found\n$/);
  });
});
