import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../../lib/cli/main.ts';
import { repoRoot, validateManifests, type Manifest } from '../support/k8s.ts';

const COMPOSE = `name: shop
services:
  web:
    image: nginx:1.27
    container_name: shop-web
    ports:
      - "8080:80"
    environment:
      FEATURE: "on"
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: \${DB_PASSWORD}
    volumes:
      - data:/var/lib/postgresql/data
  debug:
    image: busybox
    profiles: [debug]
volumes:
  data:
`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'convert-cli-'));
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
  writeFileSync(join(dir, '.env'), 'DB_PASSWORD=hunter2-from-env\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: {} });
  return { code, stdout, stderr };
}

const objects = (yaml: string): Manifest[] => parseAllDocuments(yaml).map((d) => d.toJS() as Manifest);

describe('cdk8s-compose convert', () => {
  test('--stdout prints one valid multi-document stream; warnings go to stderr with file:line:col', async () => {
    const run = await cli('convert', '-f', 'compose.yaml', '--stdout');
    expect(run.code, run.stderr).toBe(0);
    const docs = objects(run.stdout);
    expect(docs[0]?.kind).toBe('Namespace');
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(expect.arrayContaining(['Deployment/web', 'Service/web', 'StatefulSet/db', 'Service/db']));
    expect(docs.some((d) => d.metadata.name === 'debug')).toBe(false);
    expect(await validateManifests(docs)).toEqual([]);
    expect(run.stdout).not.toContain('hunter2-from-env');
    expect(run.stdout).toContain('"on"');
    expect(run.stderr).toContain(`warning: compose.yaml:5:5: container_name 'shop-web' names nothing on Kubernetes`);
  });

  test('SERVICE… converts those services and what they depend on; an unknown one is bad input', async () => {
    writeFileSync(join(dir, 'compose.yaml'), `name: shop
services:
  web: {image: x/web:1, depends_on: [api]}
  api: {image: x/api:1, depends_on: [db]}
  db: {image: postgres:16}
  worker: {image: x/worker:1}
`);
    const run = await cli('convert', 'web');
    expect(run.code, run.stderr).toBe(0);
    expect(objects(run.stdout).filter((d) => d.kind === 'Deployment' || d.kind === 'StatefulSet').map((d) => d.metadata.name).sort()).toEqual(['api', 'db', 'web']);
    const unknown = await cli('convert', 'extra');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: no such service: extra (the project has api, db, web, worker)\n');
  });

  test('-f - reads the compose file from standard input, with the working directory as project directory', () => {
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'app.ini'), 'mode = prod\n');
    const run = spawnSync(process.execPath, [join(repoRoot, 'bin', 'cdk8s-compose'), 'convert', '-f', '-'], {
      cwd: dir,
      encoding: 'utf8',
      input: 'name: piped\nservices:\n  web:\n    image: x/web:1\n    volumes: ["./conf/app.ini:/etc/app.ini:ro"]\n    shm_size: nonsense\n',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: \S*\/-:6:5: /);
    const good = spawnSync(process.execPath, [join(repoRoot, 'bin', 'cdk8s-compose'), 'convert', '-f', '-'], {
      cwd: dir,
      encoding: 'utf8',
      input: 'name: piped\nservices:\n  web:\n    image: x/web:1\n    volumes: ["./conf/app.ini:/etc/app.ini:ro"]\n',
    });
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain('mode = prod');
  });

  test('without -o the manifests go to stdout; -o FILE.yaml writes that file', async () => {
    const run = await cli('convert');
    expect(run.code, run.stderr).toBe(0);
    expect(objects(run.stdout).some((d) => d.kind === 'Deployment' && d.metadata.name === 'web')).toBe(true);
    const written = await cli('convert', '-o', 'out/all.yaml');
    expect(written.code, written.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out', 'all.yaml'), 'utf8')).toBe(run.stdout);
  });

  test('warnings: each once, by file and line, a repeated one on one line; --quiet, --strict, json; acknowledged ones left out', async () => {
    writeFileSync(join(dir, 'compose.yaml'), `name: shop
x-kubernetes: {acknowledge: [container_name]}
services:
  a: {image: x/a:1, restart: unless-stopped, container_name: a1}
  b: {image: x/b:1, restart: unless-stopped, container_name: b1}
  c: {image: x/c:1, restart: unless-stopped, x-kubernetes: {acknowledge: [restart]}}
`);
    const run = await cli('convert', '-o', 'out');
    expect(run.code, run.stderr).toBe(0);
    const restart = run.stderr.split('\n').filter((line) => line.includes('restart: unless-stopped'));
    expect(restart).toEqual([expect.stringMatching(/^warning: compose\.yaml:4:\d+ \(and 1 more: compose\.yaml:5:\d+\): restart: unless-stopped/)]);
    expect(run.stderr).not.toContain('container_name');
    expect(run.stderr).toMatch(/\(\d+ acknowledged warnings not shown\)\n$/);
    expect((await cli('convert', '-o', 'out', '--quiet')).stderr).not.toContain('warning:');
    const strict = await cli('convert', '-o', 'strict', '--strict');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^error: \d+ warnings with --strict; nothing written/m);
    expect(existsSync(join(dir, 'strict'))).toBe(false);
    const json = await cli('convert', '--warnings-format', 'json', '-o', 'out');
    const parsed = JSON.parse(json.stderr.split('\n')[0] ?? '') as { file: string; line: number; message: string }[];
    expect(parsed.filter((warning) => warning.message.startsWith('restart: unless-stopped')).map((warning) => [warning.file, warning.line])).toEqual([['compose.yaml', 4], ['compose.yaml', 5]]);
  });

  test('the objects to create close the run; --report writes wiring, objects to create and warnings as JSON', async () => {
    writeFileSync(join(dir, 'compose.yaml'), `name: shop
services:
  web:
    image: nginx:1.27
    secrets: [api_key]
secrets:
  api_key: {external: true}
`);
    const run = await cli('convert', '--stdout', '--report', 'report.json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.endsWith(`before kubectl apply, create this object (the manifests refer to it):
  Secret api-key: external secret 'api_key'
    kubectl create secret generic api-key -n shop --from-file=api_key=FILE
`)).toBe(true);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.toCreate).toEqual([expect.objectContaining({ kind: 'Secret', name: 'api-key', key: 'services.web.secrets.0' })]);
    expect(Object.keys(report.wiring)).toEqual(['web']);
    expect(report.warnings.length).toBeGreaterThan(0);
  });

  test('--explain prints the wiring: names, ports and why, references and how they resolve', async () => {
    writeFileSync(join(dir, 'compose.yaml'), `name: shop
services:
  web_app:
    image: x/web:1
    healthcheck: {test: [CMD, curl, -f, "http://web_app:8000/health"]}
  proxy:
    image: nginx:1.27
    environment: {UPSTREAM: "http://web_app:8000", DB: "db:5432"}
`);
    const run = await cli('convert', '--stdout', '--explain');
    expect(run.code, run.stderr).toBe(0);
    const report = run.stderr.slice(run.stderr.indexOf("wiring of project 'shop'"));
    expect(report).toBe(`wiring of project 'shop'

proxy
  answers to: proxy (service)
  ports: none known: a headless Service, every port reachable
  refers to:
    web_app:8000 → service web_app as web-app: rewritten (services.proxy.environment.UPSTREAM)

web_app
  answers to: web_app (service) → web-app
  ports: 8000 (healthcheck, used by proxy)
  refers to:
    web_app:8000 → service web_app as localhost: calls the container itself (services.web_app.healthcheck.test.3)
`);
    expect(objects(run.stdout).find((d) => d.kind === 'Deployment' && d.metadata.name === 'proxy')).toMatchObject({
      spec: { template: { spec: { containers: [{ env: expect.arrayContaining([{ name: 'UPSTREAM', value: 'http://web-app:8000' }]) }] } } },
    });
  });

  test('profiles, project name and namespace flags', async () => {
    const run = await cli('convert', '--profile', 'debug', '-p', 'other', '-n', 'team-a', '--stdout');
    expect(run.code, run.stderr).toBe(0);
    const docs = objects(run.stdout);
    expect(docs.find((d) => d.kind === 'Namespace')?.metadata.name).toBe('team-a');
    // busybox with no command runs its shell, which exits at once under `up`: the profile's service is a Job.
    expect(docs.some((d) => d.kind === 'Job' && d.metadata.name.startsWith('debug-'))).toBe(true);
    expect(docs.find((d) => d.kind === 'Deployment')?.metadata['labels']).toMatchObject({ 'app.kubernetes.io/instance': 'other' });
  });

  test('--image-registry prefixes the built images only; a bad registry is bad input', async () => {
    writeFileSync(join(dir, 'compose.yaml'), `${COMPOSE.replace('volumes:\n  data:\n', '')}  api:\n    build: ./api\nvolumes:\n  data:\n`);
    const run = await cli('convert', '--image-registry', 'registry.example.com/shop', '--stdout');
    expect(run.code, run.stderr).toBe(0);
    const images = objects(run.stdout)
      .filter((d) => d.kind === 'Deployment' || d.kind === 'StatefulSet')
      .map((d) => [d.metadata.name, (d['spec'] as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]?.image]);
    expect(Object.fromEntries(images)).toMatchObject({ api: 'registry.example.com/shop/shop-api', web: 'nginx:1.27', db: 'postgres:16' });
    expect((await cli('convert', '--image-registry', 'registry.example.com/', '--stdout')).code).toBe(1);
  });

  test('--env-file replaces the project .env for interpolation', async () => {
    writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('image: nginx:1.27', 'image: nginx:${NGINX_TAG}'));
    writeFileSync(join(dir, 'prod.env'), 'NGINX_TAG=1.27.3\nDB_PASSWORD=x\n');
    const run = await cli('convert', '--env-file', 'prod.env', '--stdout');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('image: nginx:1.27.3');
  });

  test('-o writes <dir>/<project>.k8s.yaml, byte-identical on a second run', async () => {
    const first = await cli('convert', '-o', 'out');
    expect(first.code, first.stderr).toBe(0);
    const file = join(dir, 'out', 'shop.k8s.yaml');
    const content = readFileSync(file, 'utf8');
    expect(objects(content).length).toBeGreaterThan(3);
    expect(readdirSync(join(dir, 'out'))).toEqual(['shop.k8s.yaml']);
    expect((await cli('convert', '-o', 'out')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect((await cli('convert', '--stdout')).stdout).toBe(content);
  });

  test('bad input exits 1 with one located error, leaving previous output intact', async () => {
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'shop.k8s.yaml'), 'previous\n');
    writeFileSync(join(dir, 'compose.yaml'), `${COMPOSE.replace('  web:\n', '  web:\n    x-kubernetes:\n      exposure: Public\n')}`);
    const run = await cli('convert', '-o', 'out');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^error: ${join(dir, 'compose.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5:7: services\\.web\\.x-kubernetes\\.exposure must be one of`));
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
    expect(readFileSync(join(dir, 'out', 'shop.k8s.yaml'), 'utf8')).toBe('previous\n');
  });

  test.each([
    [['convert', '-o', 'out', '--stdout'], /give -o or --stdout, not both; see 'cdk8s-compose convert --help'\n$/],
    [['convert', '--warnings-format', 'xml'], /--warnings-format is text or json/],
    [['convert', '--stdout', '--bogus'], /bogus/],
  ])('bad usage %j exits 2', async (args, message) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  test('--help prints the usage', async () => {
    const run = await cli('convert', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: cdk8s-compose convert');
  });
});
