/** `convert --diagram`: the Mermaid picture of a converted stack (issue 18 item 7). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../../lib/cli/main.ts';
import { loadProject } from '../../lib/compose/load.ts';
import { StackGraphBuilder } from '../../lib/diagram/graph.ts';
import { mermaidDiagram } from '../../lib/diagram/mermaid.ts';
import type { KubernetesManifest } from '../../lib/k8s/plan/plan.ts';
import { planManifests } from '../../lib/k8s/plan/plan.ts';
import { translate } from '../../lib/k8s/translate.ts';
import { noticeSkip, repoRoot, sharedAvailable, sharedDir } from '../support/k8s.ts';

const SHOP = `name: shop
services:
  proxy:
    image: nginx:1.27
    ports: ["80:80"]
    networks: [front, back]
    x-kubernetes:
      exposure: Ingress
      ingress: {host: shop.example.com}
  api:
    image: x/api:1
    expose: ["8000"]
    networks: [back]
    secrets: [api_key]
  db:
    image: postgres:16
    networks: [data]
    volumes: [pgdata:/var/lib/postgresql/data]
  worker:
    image: x/worker:1
    networks: [back, data]
    configs: [settings]
networks:
  front: {}
  back: {internal: true}
  data: {internal: true}
volumes:
  pgdata: {}
secrets:
  api_key: {environment: API_KEY}
configs:
  settings: {content: "mode=prod"}
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'diagram-'));
  writeFileSync(join(dir, 'compose.yaml'), SHOP);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: { API_KEY: 'k-123' } });
  return { code, stdout, stderr };
}

const edges = (diagram: string): string[] => diagram.split('\n').filter((line) => /^ {2}\w+ (-->|-\.->|==>|<==>)/.test(line)).map((line) => line.trim());

function diagramOf(manifests: readonly KubernetesManifest[]): string {
  const builder = new StackGraphBuilder();
  manifests.forEach(builder.add);
  return mermaidDiagram(builder.graph(), 'test');
}

describe('convert --diagram', () => {
  test('a real corpus stack (awesome-compose nginx-golang-mysql): workloads, Services, claims, Secrets, ConfigMaps and the network', async () => {
    noticeSkip(sharedAvailable, 'the corpus stack diagram');
    if (!sharedAvailable) return;
    const run = await cli(join(sharedDir, 'corpus', 'awesome-compose', 'nginx-golang-mysql'), 'convert', '-q', '--diagram', '-');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^flowchart LR\n/);
    expect(run.stdout).not.toContain('apiVersion');
    expect(run.stdout).toContain('svc_db(["Service db<br/>3306→tcp-3306"])');
    expect(edges(run.stdout)).toEqual([
      'deploy_backend -.-> secret_db_password',
      'sts_db -.-> pvct_db_db_data',
      'sts_db -.-> secret_db_env',
      'sts_db -.-> secret_db_password',
      'deploy_proxy -.-> cm_proxy_nginx_conf',
      'svc_backend --> deploy_backend',
      'svc_db --> sts_db',
      'svc_db_headless --> sts_db',
      'svc_proxy --> deploy_proxy',
      // One compose network: every service may connect to every other.
      'deploy_backend <==> net_default',
      'sts_db <==> net_default',
      'deploy_proxy <==> net_default',
    ]);
  });

  test('networks as the policies draw them, the Ingress route, and the published port open to anywhere; no secret value', async () => {
    const run = await cli(dir, 'convert', '-q', '--diagram', '-');
    expect(run.code, run.stderr).toBe(0);
    const drawn = edges(run.stdout);
    expect(drawn).toEqual(expect.arrayContaining([
      'ing_proxy -->|"shop.example.com/"| svc_proxy',
      'svc_proxy --> deploy_proxy',
      'from_anywhere ==>|"80/TCP"| deploy_proxy',
      'deploy_api -.-> secret_api_key',
      'sts_db -.-> pvct_db_pgdata',
      'deploy_worker -.-> cm_settings',
    ]));
    // proxy and api share `back`, db and worker `data`: db is in neither front nor back.
    expect(drawn.filter((edge) => edge.includes('net_'))).toEqual([
      'deploy_api <==> net_back',
      'deploy_proxy <==> net_back',
      'deploy_worker <==> net_back',
      'sts_db <==> net_data',
      'deploy_worker <==> net_data',
      'deploy_proxy <==> net_front',
    ]);
    expect(run.stdout).not.toContain('k-123');
    expect(run.stdout).not.toContain('mode=prod');
  });

  test('deterministic: the order the objects come in does not change the text', () => {
    const manifests = planManifests(translate(loadProject({ cwd: dir, environment: { API_KEY: 'k' } })));
    const reversed = [...manifests].reverse();
    const shuffled = manifests.map((manifest, index) => ({ manifest, key: (index * 7919) % manifests.length })).sort((a, b) => a.key - b.key).map(({ manifest }) => manifest);
    expect(diagramOf(reversed)).toBe(diagramOf(manifests));
    expect(diagramOf(shuffled)).toBe(diagramOf(manifests));
  });

  test('policies read as the API reads them: one selected pod is a direct edge, a group a pod is not part of an arrow into it, no policy means anywhere', () => {
    const pod = (name: string, labels: Record<string, string>): KubernetesManifest =>
      ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { selector: {}, template: { metadata: { labels: { app: name, ...labels } } } } }) as KubernetesManifest;
    const policy = (name: string, spec: unknown): KubernetesManifest => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec } as KubernetesManifest);
    const diagram = diagramOf([
      pod('a', { tier: 'web' }),
      pod('b', { tier: 'web' }),
      pod('c', {}),
      pod('open', {}),
      policy('c-in', {
        podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['c'] }] },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }, { from: [{ podSelector: { matchLabels: { tier: 'web' } } }] }],
      }),
      policy('web-in', { podSelector: { matchLabels: { tier: 'web' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] }),
    ]);
    expect(edges(diagram)).toEqual([
      'from_10_0_0_0_8 ==> deploy_a',
      'from_10_0_0_0_8 ==> deploy_b',
      'deploy_a ==>|"5432/TCP"| deploy_c',
      'net_tier_web ==> deploy_c',
      'from_anywhere ==> deploy_open',
      'deploy_a --> net_tier_web',
      'deploy_b --> net_tier_web',
    ]);
    expect(diagram).toContain('net_tier_web(("pods tier=web"))');
  });

  test('labels cannot break out of their quotes', () => {
    const builder = new StackGraphBuilder();
    builder.add({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/"]<b>', pathType: 'Prefix', backend: { service: { name: 'web' } } }] } }] } } as KubernetesManifest);
    expect(mermaidDiagram(builder.graph(), 'x')).toContain('ing_web -->|"a.example.com/#34;]#60;b#62;"| svc_web');
  });

  test('--diagram FILE.md writes a Markdown mermaid block beside the manifests; --diagram - with -o prints only the diagram', async () => {
    const run = await cli(dir, 'convert', '-q', '--diagram', 'stack.md');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^apiVersion: v1\nkind: Namespace/);
    expect(readFileSync(join(dir, 'stack.md'), 'utf8')).toMatch(/^# shop\n\n```mermaid\nflowchart LR\n[^]*\n```\n$/);
    const both = await cli(dir, 'convert', '-q', '--diagram', '-', '-o', 'out');
    expect(both.stdout).toMatch(/^flowchart LR\n/);
    expect(readFileSync(join(dir, 'out', 'shop.k8s.yaml'), 'utf8')).toBe(run.stdout);
  });

  test('docs/diagram-example.md shows what the tool draws today', async () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'diagram-example.md'), 'utf8');
    const blocks = (language: string): string[] => [...doc.matchAll(new RegExp(`\`\`\`${language}\n([^]*?)\`\`\``, 'g'))].map((match) => match[1]!);
    const [corpusDiagram, shopDiagram] = blocks('mermaid');
    writeFileSync(join(dir, 'compose.yaml'), blocks('yaml')[0]!);
    expect((await cli(dir, 'convert', '-q', '--diagram', '-')).stdout).toBe(shopDiagram);
    if (!sharedAvailable) return;
    expect((await cli(join(sharedDir, 'corpus', 'awesome-compose', 'nginx-golang-mysql'), 'convert', '-q', '--diagram', '-')).stdout).toBe(corpusDiagram);
  });
});
