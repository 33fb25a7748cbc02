/** `convert --each`: many projects in one process, each kept apart (issue 18 item 5). */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../../lib/cli/main.ts';

let dir: string;

function stack(path: string, compose: string, file = 'compose.yaml'): void {
  mkdirSync(join(dir, path), { recursive: true });
  writeFileSync(join(dir, path, file), compose);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'convert-each-'));
  stack('stacks/shop', 'services:\n  web: {image: "nginx:1.27", ports: ["8080:80"], container_name: shop-web}\n');
  stack('stacks/blog', 'name: journal\nservices:\n  app: {image: "ghost:5"}\n  db: {image: "mysql:8", volumes: [data:/var/lib/mysql]}\nvolumes: {data: {}}\n', 'docker-compose.yml');
  writeFileSync(join(dir, 'stacks/blog/docker-compose.override.yml'), 'services:\n  app: {environment: {url: "http://localhost"}}\n');
  stack('stacks/broken', 'services:\n  web:\n    image: x/web:1\n    shm_size: nonsense\n');
  mkdirSync(join(dir, 'stacks/empty'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: {} });
  return { code, stdout, stderr };
}

/** What a one-project `convert` run in that directory writes. */
async function alone(path: string): Promise<string> {
  let stdout = '';
  const code = await runCli(['convert'], { stdout: (t) => (stdout += t), stderr: () => {}, cwd: join(dir, path), env: {} });
  expect(code).toBe(0);
  return stdout;
}

describe('cdk8s-compose convert --each', () => {
  test('one folder per project, as a one-project convert writes it; a failing project is one error line, the others are written; exit 1', async () => {
    const run = await cli('convert', '--each', '-o', 'out', 'stacks/shop', 'stacks/broken', 'stacks/blog', 'stacks/empty', 'stacks/missing');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['journal', 'shop']);
    expect(readFileSync(join(dir, 'out/shop/shop.k8s.yaml'), 'utf8')).toBe(await alone('stacks/shop'));
    // The override file is merged as docker compose merges it, and the project keeps its own name.
    const blog = readFileSync(join(dir, 'out/journal/journal.k8s.yaml'), 'utf8');
    expect(blog).toBe(await alone('stacks/blog'));
    expect(blog).toContain('value: http://localhost');
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('error: '));
    expect(errors).toEqual([
      expect.stringMatching(/^error: stacks\/broken\/compose\.yaml:4:5: services\.web\.shm_size: invalid size "nonsense"/),
      'error: stacks/empty: has no compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml',
      'error: stacks/missing: cannot be read (ENOENT)',
    ]);
    expect(run.stderr).toMatch(/^stacks\/shop: warning: compose\.yaml:2:\d+: container_name 'shop-web' names nothing on Kubernetes/m);
    expect(run.stderr).toContain(`stacks/shop: wrote ${join(dir, 'out/shop/shop.k8s.yaml')}\n`);
    // Every line names its project.
    expect(run.stderr.split('\n').filter((line) => line !== '' && !/^(error: )?stacks\/|^converted /.test(line))).toEqual([]);
    expect(run.stderr.endsWith('converted 2 of 5 projects into out (3 failed)\n')).toBe(true);
  });

  test('@LIST names the directories one a line; all good is exit 0, and a failing project keeps its previous output', async () => {
    writeFileSync(join(dir, 'list.txt'), '# the stacks\nstacks/shop\n\n  stacks/blog  \n');
    const run = await cli('convert', '--each', '-o', 'out', '@list.txt', '-q');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('warning');
    expect(run.stderr.endsWith('converted 2 of 2 projects into out\n')).toBe(true);
    writeFileSync(join(dir, 'stacks/shop/compose.yaml'), 'services:\n  web: {image: "nginx:1.27", shm_size: nonsense}\n');
    const before = readFileSync(join(dir, 'out/shop/shop.k8s.yaml'), 'utf8');
    const again = await cli('convert', '--each', '-o', 'out', '@list.txt', '-q');
    expect(again.code).toBe(1);
    expect(readFileSync(join(dir, 'out/shop/shop.k8s.yaml'), 'utf8')).toBe(before);
    expect((await cli('convert', '--each', '-o', 'out', '@nope.txt')).stderr).toBe('error: @nope.txt: cannot be read (ENOENT)\n');
  });

  test('two directories that give one project name: the second fails instead of overwriting the first', async () => {
    stack('other/shop', 'services:\n  api: {image: "x/api:1"}\n');
    const run = await cli('convert', '--each', '-o', 'out', 'stacks/shop', 'other/shop', '-q');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: other/shop: project 'shop' is converted from stacks/shop already; rename one directory or give it a name: in its compose file\n");
    expect(readFileSync(join(dir, 'out/shop/shop.k8s.yaml'), 'utf8')).toContain('name: web');
  });

  test('--strict fails the projects with warnings only; json warnings name their directory', async () => {
    stack('stacks/clean', 'services:\n  web: {image: "nginx:1.27"}\n');
    const strict = await cli('convert', '--each', '-o', 'out', 'stacks/shop', 'stacks/clean', '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^error: stacks\/shop: \d+ warnings? with --strict; nothing written/m);
    expect(readdirSync(join(dir, 'out'))).toEqual(['clean']);
    const json = await cli('convert', '--each', '-o', 'out', 'stacks/shop', '--warnings-format', 'json');
    const warnings = JSON.parse(json.stderr.split('\n')[0]!.replace(/^stacks\/shop: /, '')) as { directory: string; file: string }[];
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((warning) => warning.directory === 'stacks/shop' && warning.file === 'compose.yaml')).toBe(true);
  });

  test.each([
    [['--each', 'stacks/shop'], '--each writes one folder per project: give -o DIR'],
    [['--each', '-o', 'all.yaml', 'stacks/shop'], '--each writes one folder per project: give -o DIR'],
    [['--each', '-o', 'out'], '--each needs at least one DIR or @LIST'],
    [['--each', '-o', 'out', '-f', 'x.yaml', '-n', 'ns', 'stacks/shop'], '--each converts each directory as it is: -f, -n cannot be used with it'],
  ])('bad usage %j exits 2 with one line', async (args, message) => {
    const run = await cli('convert', ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`cdk8s-compose convert: ${message}; see 'cdk8s-compose convert --help'\n`);
  });
});
