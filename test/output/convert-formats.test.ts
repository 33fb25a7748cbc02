import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../lib/cli/main.ts';

const COMPOSE = `name: shop
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: \${DB_PASSWORD}
`;
const PROD = `services:
  web:
    image: nginx:1.28
    deploy: {replicas: 3}
  cache:
    image: redis:7
  db:
    profiles: [local]
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'convert-formats-'));
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
  writeFileSync(join(dir, 'compose.prod.yaml'), PROD);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: { DB_PASSWORD: 'pw-Zr7-not-in-any-file' } });
  return { code, stdout, stderr };
}

function tree(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? tree(root, path) : [path];
  }).sort();
}

describe('convert --format and --kustomize: the flags', () => {
  test.each([
    [['--format', 'json', '-o', 'out'], /--format is yaml or helm/],
    [['--format', 'helm'], /--format helm writes a directory: give -o DIR/],
    [['--format', 'helm', '-o', 'chart.yaml'], /-o names a directory/],
    [['--kustomize', '--stdout'], /--kustomize writes a directory/],
    [['--format', 'helm', '--kustomize', '-o', 'out'], /not both/],
    [['--overlay', 'prod=compose.prod.yaml', '-o', 'out'], /--overlay needs --kustomize/],
    [['--kustomize', '--overlay', 'Prod=compose.prod.yaml', '-o', 'out'], /ENV=FILE/],
    [['--kustomize', '--overlay', 'prod', '-o', 'out'], /ENV=FILE/],
    [['--kustomize', '--overlay', 'prod=a.yaml', '--overlay', 'prod=b.yaml', '-o', 'out'], /its own ENV/],
    [['-f', '-', '--kustomize', '--overlay', 'prod=a.yaml', '-o', 'out'], /not '-f -'/],
  ])('%j is a usage error', async (args, message) => {
    const run = await cli('convert', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('convert --format helm', () => {
  test('writes the chart into -o DIR, with no secret value', async () => {
    const run = await cli('convert', '--format', 'helm', '-o', 'chart', '-q');
    expect(run.code, run.stderr).toBe(0);
    const files = tree(join(dir, 'chart'));
    expect(files).toEqual(expect.arrayContaining(['.helmignore', 'Chart.yaml', 'README.md', 'templates/NOTES.txt', 'templates/_helpers.tpl', 'templates/deployment-web.yaml', 'values.yaml']));
    for (const file of files) expect(readFileSync(join(dir, 'chart', file), 'utf8')).not.toContain('pw-Zr7-not-in-any-file');
    expect(readFileSync(join(dir, 'chart', 'templates', 'NOTES.txt'), 'utf8')).toContain('Secret db-env (keys: POSTGRES_PASSWORD)');
    expect(parse(readFileSync(join(dir, 'chart', 'values.yaml'), 'utf8')).services.web.image).toEqual({ repository: 'nginx', tag: '1.27' });
  });

  test('replaces a chart it wrote, and refuses a directory holding something else', async () => {
    expect((await cli('convert', '--format', 'helm', '-o', 'chart', '-q')).code).toBe(0);
    writeFileSync(join(dir, 'chart', 'templates', 'stale.yaml'), 'kind: ConfigMap\n');
    expect((await cli('convert', '--format', 'helm', '-o', 'chart', '-q')).code).toBe(0);
    expect(existsSync(join(dir, 'chart', 'templates', 'stale.yaml'))).toBe(false);
    const run = await cli('convert', '--format', 'helm', '-o', '.', '-q');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is not empty and holds no Chart\.yaml/);
    expect(readFileSync(join(dir, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
  });
});

describe('convert --kustomize', () => {
  test('writes the manifests and a kustomization listing them', async () => {
    const plain = await cli('convert', '-q');
    const run = await cli('convert', '--kustomize', '-o', 'k8s', '-q');
    expect(run.code, run.stderr).toBe(0);
    expect(tree(join(dir, 'k8s'))).toEqual(['kustomization.yaml', 'shop.k8s.yaml']);
    expect(readFileSync(join(dir, 'k8s', 'shop.k8s.yaml'), 'utf8')).toBe(plain.stdout);
    expect(parse(readFileSync(join(dir, 'k8s', 'kustomization.yaml'), 'utf8'))).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['shop.k8s.yaml'] });
  });

  test('--overlay writes a base from the -f files and an overlay per environment', async () => {
    const run = await cli('convert', '-f', 'compose.yaml', '--kustomize', '--overlay', 'prod=compose.prod.yaml', '-o', 'deploy', '-q');
    expect(run.code, run.stderr).toBe(0);
    const base = await cli('convert', '-f', 'compose.yaml', '-q');
    expect(readFileSync(join(dir, 'deploy', 'base', 'shop.k8s.yaml'), 'utf8')).toBe(base.stdout);
    const files = tree(join(dir, 'deploy'));
    expect(files).toContain('overlays/prod/kustomization.yaml');
    expect(files).toContain('overlays/prod/added.shop.k8s.yaml');
    expect(files).toContain('overlays/prod/patches/deployment-web.yaml');
    expect(files).toContain('overlays/prod/patches/deployment-db-delete.yaml');
    const patch = parse(readFileSync(join(dir, 'deploy', 'overlays', 'prod', 'patches', 'deployment-web.yaml'), 'utf8')) as { path: string; value: unknown }[];
    expect(patch).toContainEqual({ op: 'replace', path: '/spec/replicas', value: 3 });
    expect(patch).toContainEqual({ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:1.28' });
  });

  test('--overlay without -f starts from the default files', async () => {
    mkdirSync(join(dir, 'out'));
    const run = await cli('convert', '--kustomize', '--overlay', 'prod=compose.prod.yaml', '-o', 'out', '-q');
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out', 'base', 'shop.k8s.yaml'), 'utf8')).toBe((await cli('convert', '-q')).stdout);
  });
});
