/**
 * The published package, as a user gets it: `npm pack` (which builds it), then installed from the
 * tarball into fresh cdk8s apps — one in TypeScript compiled with tsc against the oldest cdk8s and
 * constructs the peer ranges allow, one in plain ESM JavaScript with the peers npm picks — and
 * globally for its command line. Each runs under Node 20, 22 and 24 (the `node` packages of the npm
 * registry) and must print byte-identical output. Slow (packing, installing): `npm run test:package`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { repoRoot, type Manifest } from '../support/k8s.ts';
import { NODE_MAJORS, nodeBinary, OLDEST_NODES, versionPattern } from '../support/node-binaries.ts';

/** The floor of the package's peer ranges (package.json peerDependencies), which the TypeScript app uses. */
const OLDEST_PEERS = ['cdk8s@2.70.0', 'constructs@10.0.0'];
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

const scratch = mkdtempSync(join(tmpdir(), 'cdk8s-compose-package-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

function npm(args: readonly string[], cwd: string): string {
  return run('npm', [...args, ...NPM_FLAGS], cwd);
}

/** Every file below `dir` with its content, by relative path. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, tree(dir, path));
    else files[path] = readFileSync(join(dir, path), 'utf8');
  }
  return files;
}

function manifests(yaml: string): Manifest[] {
  return parseAllDocuments(yaml).map((doc) => doc.toJS() as Manifest);
}

const COMPOSE = `name: shop
services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    depends_on: [api]
  api:
    image: example/api:2.1
    expose: ["3000"]
    environment:
      DATABASE_PASSWORD: hunter2-secret
      MODE: production
  db:
    image: postgres:16
    volumes: [db_data:/var/lib/postgresql/data]
volumes:
  db_data:
`;

const TS_APP = `import { App } from 'cdk8s';
import { ComposeChart, type ComposeKubernetesOptions } from 'cdk8s-compose';

const options: ComposeKubernetesOptions = {
  services: { web: { exposure: 'Ingress', ingress: { host: 'shop.example.com' } } },
  volumes: { db_data: { size: '20Gi' } },
};
const app = new App();
const shop = new ComposeChart(app, 'shop', { files: ['compose.yaml'], options });
shop.service('web').workload.metadata.addAnnotation('example.com/owner', 'shop-team');
for (const warning of shop.warnings) console.error(warning.message);
app.synth();
`;

/** The same app must not compile with an option of the wrong type: the declarations are real types. */
const TS_BAD = `import { App } from 'cdk8s';
import { ComposeChart } from 'cdk8s-compose';

new ComposeChart(new App(), 'shop', { options: { networkPolicies: 'yes' } });
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    // Our declarations, and the packages they name, are checked as a consumer's compiler sees them.
    skipLibCheck: false,
    types: ['node'],
    outDir: 'out-js',
  },
  files: ['main.ts'],
};

const JS_APP = `import { App } from 'cdk8s';
import { ComposeChart, writeAppCharts } from 'cdk8s-compose';

const app = new App();
const shop = new ComposeChart(app, 'shop', { files: ['compose.yaml'], namespace: 'shop-prod' });
process.stderr.write(shop.warnings.length + ' warnings\\n');
writeAppCharts(app, process.env.CDK8S_OUTDIR);

// The team dashboards live on their own subpath, the only one that needs @kubernetes/client-node.
try {
  await import('cdk8s-compose/team-dashboard');
  process.stdout.write('team-dashboard: loaded\\n');
} catch (error) {
  process.stdout.write('team-dashboard: ' + error.code + ' ' + error.message.split('\\n')[0] + '\\n');
}
`;

/** The same app as CommonJS (what `cdk8s init typescript-app` compiles to): Node's require() of ES modules. */
const CJS_APP = `const { App } = require('cdk8s');
const { ComposeChart, writeAppCharts } = require('cdk8s-compose');

const app = new App();
new ComposeChart(app, 'shop', { files: ['compose.yaml'], namespace: 'shop-prod' });
writeAppCharts(app, process.env.CDK8S_OUTDIR);
`;

let tarball = '';
let packedFiles: string[] = [];

beforeAll(() => {
  // What `npm publish` would upload: `npm pack` runs prepack (tools/build.mjs) first.
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', scratch, '--loglevel=error'], repoRoot)) as { filename: string; files: { path: string }[] }[];
  tarball = join(scratch, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((file) => file.path);
}, 300_000);

describe('the packed tarball', () => {
  test('holds the compiled JavaScript, its declarations, the bin and the schema, and no sources or tests', () => {
    const files = packedFiles;
    const entries = ['build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/team-dashboard/index.d.ts', 'build/lib/cli/bin.js'];
    expect(files).toEqual(expect.arrayContaining([...entries, 'bin/cdk8s-compose', 'schema/x-kubernetes.schema.json']));
    expect(files.filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => /(^|\/)(test|charts|dist|tools\/)/.test(file))).toEqual([]);
  });
});

/** The newest release of each major, and the oldest releases `engines` admits. */
const NODE_VERSIONS = [...OLDEST_NODES, ...NODE_MAJORS];

describe('installed into a fresh cdk8s app', () => {
  const nodes = Object.fromEntries(NODE_VERSIONS.map((version) => [version, '']));

  beforeAll(() => {
    for (const version of NODE_VERSIONS) nodes[version] = nodeBinary(version);
  }, 600_000);

  test('installs Node 20.19.0 and 22.12.0 (the oldest that engines admits), 20, 22 and 24 from the npm registry', () => {
    for (const version of NODE_VERSIONS) expect(run(nodes[version]!, ['--version'], scratch)).toMatch(versionPattern(version));
    const { engines } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(engines.node).toBe(`^${OLDEST_NODES[0]} || >=${OLDEST_NODES[1]}`);
  });

  test('TypeScript: compiles with tsc against the oldest peers and synthesizes the same manifests on every Node', () => {
    const app = join(scratch, 'ts-app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "private": true, "type": "module" }\n');
    npm(['install', tarball, ...OLDEST_PEERS, '@types/node@20'], app);
    writeFileSync(join(app, 'compose.yaml'), COMPOSE);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    writeFileSync(join(app, 'main.ts'), TS_APP);
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    run(process.execPath, [tsc, '-p', '.'], app);

    writeFileSync(join(app, 'bad.ts'), TS_BAD);
    writeFileSync(join(app, 'tsconfig.bad.json'), JSON.stringify({ ...TSCONFIG, files: ['bad.ts'] }));
    const rejected = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.bad.json'], { cwd: app, encoding: 'utf8' });
    expect(rejected.status).not.toBe(0);
    expect(rejected.stdout).toMatch(/bad\.ts\(4,\d+\): error TS2322: Type 'string' is not assignable to type 'boolean( \| undefined)?'/);

    const outputs = NODE_VERSIONS.map((version) => {
      const outdir = join(app, `out-${version}`);
      run(nodes[version]!, ['out-js/main.js'], app, { ...process.env, CDK8S_OUTDIR: outdir });
      return tree(outdir);
    });
    for (const output of outputs.slice(1)) expect(output).toEqual(outputs[0]);
    expect(Object.keys(outputs[0]!)).toEqual(['shop.k8s.yaml']);

    const objects = manifests(outputs[0]!['shop.k8s.yaml']!);
    const byKind = (kind: string): Manifest[] => objects.filter((object) => object.kind === kind);
    expect(byKind('Deployment').map((d) => d.metadata.name).sort()).toEqual(['api', 'web']);
    expect(byKind('StatefulSet').map((s) => s.metadata.name)).toEqual(['db']);
    expect(byKind('Ingress')[0]?.['spec']).toMatchObject({ rules: [{ host: 'shop.example.com' }] });
    const web = byKind('Deployment').find((d) => d.metadata.name === 'web')!;
    expect(web.metadata['annotations']).toMatchObject({ 'example.com/owner': 'shop-team' });
    const namespace = byKind('Namespace')[0]!;
    expect(namespace.metadata['labels']).toMatchObject({ 'pod-security.kubernetes.io/enforce-version': 'latest' });
    expect(outputs[0]!['shop.k8s.yaml']).not.toContain('hunter2-secret');
  }, 600_000);

  test('plain JavaScript, ESM and CommonJS: the peers npm installs, no @kubernetes/client-node, the same bytes on every Node', () => {
    const app = join(scratch, 'js-app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "private": true, "type": "module" }\n');
    npm(['install', tarball], app);
    expect(existsSync(join(app, 'node_modules', 'cdk8s', 'package.json'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', '@kubernetes', 'client-node'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'esbuild'))).toBe(false);
    writeFileSync(join(app, 'compose.yaml'), COMPOSE);
    writeFileSync(join(app, 'main.mjs'), JS_APP);
    writeFileSync(join(app, 'main.cjs'), CJS_APP);

    const outputs = NODE_VERSIONS.map((version) => {
      const outdir = join(app, `out-${version}`);
      const stdout = run(nodes[version]!, ['main.mjs'], app, { ...process.env, CDK8S_OUTDIR: outdir });
      return { stdout, files: tree(outdir) };
    });
    for (const output of outputs.slice(1)) expect(output).toEqual(outputs[0]);
    for (const version of NODE_VERSIONS) {
      const outdir = join(app, `out-cjs-${version}`);
      run(nodes[version]!, ['main.cjs'], app, { ...process.env, CDK8S_OUTDIR: outdir });
      expect(tree(outdir)).toEqual(outputs[0]!.files);
    }
    expect(outputs[0]!.stdout).toMatch(/^team-dashboard: ERR_MODULE_NOT_FOUND Cannot find package '@kubernetes\/client-node'/);
    const objects = manifests(outputs[0]!.files['shop.k8s.yaml']!);
    expect(objects.every((object) => object.kind === 'Namespace' || object.metadata.namespace === 'shop-prod')).toBe(true);
    expect(objects.map((object) => object.kind)).toEqual(expect.arrayContaining(['Namespace', 'Deployment', 'StatefulSet', 'Service', 'NetworkPolicy']));

    // npx runs the package's own bin from the app's node_modules.
    const npx = run('npx', ['--no-install', 'cdk8s-compose', 'convert', '-f', 'compose.yaml'], app);
    expect(manifests(npx).map((object) => object.kind)).toContain('StatefulSet');
  }, 600_000);

  test('npm install -g: the bin converts on every Node, byte-identical to the repository\'s own CLI', () => {
    const prefix = join(scratch, 'global');
    npm(['install', '--global', '--prefix', prefix, tarball], scratch);
    const project = join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'compose.yaml'), COMPOSE);
    const bin = join(prefix, 'bin', 'cdk8s-compose');
    const outputs = NODE_VERSIONS.map((version) => {
      // The bin's `#!/usr/bin/env node` finds the Node under test first on PATH.
      const env = { ...process.env, PATH: `${dirname(nodes[version]!)}${delimiter}${process.env['PATH'] ?? ''}` };
      expect(run(bin, ['--version'], project, env).trim()).toBe(`cdk8s-compose ${packageVersion()}`);
      return run(bin, ['convert', '-f', 'compose.yaml'], project, env);
    });
    for (const output of outputs.slice(1)) expect(output).toBe(outputs[0]);
    const repository = run(join(repoRoot, 'bin', 'cdk8s-compose'), ['convert', '-f', 'compose.yaml'], project);
    expect(outputs[0]).toBe(repository);
    expect(manifests(outputs[0]!).map((object) => object.kind)).toEqual(expect.arrayContaining(['Namespace', 'Deployment', 'StatefulSet']));
  }, 600_000);
});

describe('installed by another user', () => {
  test('npm install -g that its user cannot write: the compiled Compose schema is kept in the user\'s cache and reused', () => {
    const prefix = join(scratch, 'global-read-only');
    npm(['install', '--global', '--prefix', prefix, tarball], scratch);
    // Where the install keeps its cache (beside its Ajv), a file: no process can write there, root included.
    const ownCache = join(prefix, 'lib', 'node_modules', 'cdk8s-compose', 'node_modules', '.cache');
    rmSync(ownCache, { recursive: true, force: true });
    writeFileSync(ownCache, '');
    const project = join(scratch, 'project-read-only');
    mkdirSync(project);
    writeFileSync(join(project, 'compose.yaml'), COMPOSE);
    const userCache = join(scratch, 'user-cache');
    const env = { ...process.env, XDG_CACHE_HOME: userCache };
    const convert = () => run(join(prefix, 'bin', 'cdk8s-compose'), ['convert', '-f', 'compose.yaml'], project, env);
    const first = convert();
    const kept = join(userCache, 'cdk8s-compose');
    const validators = readdirSync(kept).filter((file) => file.endsWith('.cjs'));
    expect(validators).toHaveLength(1);
    const validator = join(kept, validators[0]!);
    const written = statSync(validator).mtimeMs;
    expect(convert()).toBe(first);
    // Loaded, not compiled and written again; with its V8 code cache beside it.
    expect(statSync(validator).mtimeMs).toBe(written);
    expect(readdirSync(kept)).toContain(`${validators[0]}.v8cache`);
    expect(first).toBe(run(join(repoRoot, 'bin', 'cdk8s-compose'), ['convert', '-f', 'compose.yaml'], project));
  }, 600_000);
});

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
