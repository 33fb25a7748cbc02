/**
 * `convert --kustomize` checked by a real kustomize: the one built into kubectl, which
 * tools/cluster/build.sh builds from the Go module proxy for the cluster suite (issue 19, item 5).
 * For compose files that override one another, `kubectl kustomize overlays/<env>` gives exactly the
 * objects converting all the files gives (compared after writing both in our canonical form:
 * kustomize prints its own YAML), and `kubectl kustomize base` those of the first files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli/main.ts';
import { clusterComponents, missingBuildTools } from '../../tools/cluster/components.ts';
import { corpusRoot } from '../support/corpus-stacks.ts';
import { repoRoot, sharedAvailable } from '../support/k8s.ts';
import { canonicalDocuments } from './support/manifest-documents.ts';

const reason = missingBuildTools() ?? (sharedAvailable ? undefined : 'the corpus (../shared) is absent');
if (reason) console.warn(`notice: skipping the kustomize overlay checks: ${reason}`);

interface OverlayCase {
  readonly id: string;
  /** The folder the compose files are in. */
  readonly dir: string;
  readonly base: readonly string[];
  readonly overlays: Readonly<Record<string, string>>;
  /** Files the test writes into a copy of `dir` first. */
  readonly extra?: Readonly<Record<string, string>>;
}

const charts = path.join(repoRoot, 'charts');
const cases: readonly OverlayCase[] = [
  { id: 'carbon-nexus', dir: path.join(charts, 'carbon-nexus'), base: ['docker-compose.yml'], overlays: { dev: 'docker-compose.dev.yml', prod: 'docker-compose.prod.yml' } },
  { id: 'scip', dir: path.join(charts, 'scip'), base: ['docker-compose.yml'], overlays: { dev: 'docker-compose.dev.yml', prod: 'docker-compose.prod.yml' } },
  { id: 'exoplanet', dir: path.join(charts, 'exoplanet'), base: ['docker-compose.yml'], overlays: { prod: 'docker-compose.prod.yml' } },
  { id: 'modax', dir: path.join(charts, 'modax'), base: ['docker-compose.prod.yml'], overlays: { secrets: 'docker-compose.secrets.yml' } },
  {
    id: 'meshymcmapface',
    dir: path.join(charts, 'meshymcmapface'),
    base: ['docker-compose.yml'],
    overlays: { 'multi-agent': 'docker-compose.multi-agent.yml', devices: 'docker-compose.device-permissions.yml', secrets: 'docker-compose.secrets.yml' },
  },
  // Zulip's own override file is part of its base; the production overlay moves the image, scales
  // the web tier, sets its memory and adds a service.
  {
    id: 'realworld/zulip__docker-zulip',
    dir: path.join(corpusRoot, 'realworld', 'zulip__docker-zulip'),
    base: ['compose.yaml', 'compose.override.yaml'],
    overlays: { prod: 'compose.prod.yaml' },
    extra: {
      'compose.prod.yaml': `services:
  zulip:
    image: ghcr.io/zulip/zulip-server:11.0-1
    deploy: {replicas: 2, resources: {limits: {memory: 4G}}}
  backup:
    image: ghcr.io/example/pg-backup:1.4
    volumes: [postgresql-14:/data:ro]
`,
    },
  },
  // Grafana only in a profile: the environment drops its objects.
  {
    id: 'awesome-compose/prometheus-grafana',
    dir: path.join(corpusRoot, 'awesome-compose', 'prometheus-grafana'),
    base: ['compose.yaml'],
    overlays: { prod: 'compose.prod.yaml' },
    extra: { 'compose.prod.yaml': 'services:\n  grafana:\n    profiles: [dashboards]\n  prometheus:\n    image: prom/prometheus:v2.53.0\n' },
  },
  {
    id: 'awesome-compose/gitea-postgres',
    dir: path.join(corpusRoot, 'awesome-compose', 'gitea-postgres'),
    base: ['compose.yaml'],
    overlays: { prod: 'compose.prod.yaml' },
    extra: { 'compose.prod.yaml': 'services:\n  gitea:\n    image: gitea/gitea:1.22\n    ports: !override ["443:3000"]\n' },
  },
];

describe.skipIf(reason !== undefined)('convert --kustomize --overlay, with the real kustomize (kubectl kustomize)', () => {
  let kubectl = '';
  let work = '';

  beforeAll(() => {
    kubectl = path.join(clusterComponents(), 'bin', 'kubectl');
    work = mkdtempSync(path.join(tmpdir(), 'kustomize-overlays-'));
  }, 900_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function convert(cwd: string, ...args: string[]): Promise<string> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['convert', '-q', ...args], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd, env: {} });
    expect(code, stderr).toBe(0);
    return stdout;
  }

  const files = (names: readonly string[]): string[] => names.flatMap((name) => ['-f', name]);

  it.each(cases.map((each) => [each.id, each] as const))('%s: each overlay builds exactly what converting its files writes', async (id, each) => {
    let dir = each.dir;
    if (each.extra) {
      dir = path.join(work, `${id.replace('/', '--')}-project`);
      cpSync(each.dir, dir, { recursive: true });
      for (const [name, content] of Object.entries(each.extra)) writeFileSync(path.join(dir, name), content);
    }
    const out = path.join(work, id.replace('/', '--'));
    const overlays = Object.entries(each.overlays);
    await convert(dir, ...files(each.base), '--kustomize', ...overlays.flatMap(([name, file]) => ['--overlay', `${name}=${file}`]), '-o', out);
    const build = (target: string): string => {
      const result = spawnSync(kubectl, ['kustomize', path.join(out, target)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect(result.status, result.stderr).toBe(0);
      return result.stdout;
    };
    const base = await convert(dir, ...files(each.base));
    expect(canonicalDocuments(build('base')).join('---\n')).toBe(base);
    for (const [name, file] of overlays) {
      const expected = await convert(dir, ...files([...each.base, file]));
      expect(expected, `${name} differs from the base`).not.toBe(base);
      expect(canonicalDocuments(build(path.join('overlays', name))).join('---\n'), name).toBe(expected);
    }
  });

  it('--kustomize alone: kustomize builds exactly the manifests', async () => {
    const dir = path.join(corpusRoot, 'awesome-compose', 'prometheus-grafana');
    const out = path.join(work, 'plain');
    await convert(dir, '--kustomize', '-o', out);
    const result = spawnSync(kubectl, ['kustomize', out], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(canonicalDocuments(result.stdout).join('---\n')).toBe(await convert(dir));
  });

  it('patches, adds and deletes where the environments differ (the cases above exercise each)', () => {
    const written = execFileSync('find', [work, '-path', '*/overlays/*', '-type', 'f'], { encoding: 'utf8' });
    expect(written).toMatch(/-delete\.yaml$/m);
    expect(written).toMatch(/\/added\.[^/]+\.k8s\.yaml$/m);
    expect(written).toMatch(/\/patches\/[^/]+[^e]\.yaml$/m);
  });
});
