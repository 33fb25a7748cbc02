/**
 * `convert --format helm` checked by the real helm v4 (helm.sh/helm/v4, built from the Go module
 * proxy by tools/gitops/build.sh; issue 19, item 3): for every corpus stack and every environment
 * of the five documented systems, `helm lint --strict` passes and `helm template` with the default
 * values renders byte for byte the documents `convert` writes (helm's `# Source:` lines and its
 * document order aside). Values set per environment change exactly the fields they name.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildSystemPlan } from '../../charts/build.ts';
import { systems } from '../../charts/index.ts';
import { runCli } from '../../lib/cli/main.ts';
import { chartPlanOf, helmChartFiles } from '../../lib/k8s/output/helm/chart.ts';
import { writeDirectoryAtomic } from '../../lib/k8s/output/atomic-write.ts';
import { planYaml } from '../../lib/k8s/output/synth.ts';
import { corpusStacks } from '../support/corpus-stacks.ts';
import { repoRoot } from '../support/k8s.ts';
import { writtenDocuments } from './support/manifest-documents.ts';

function skipReason(): string | undefined {
  if (spawnSync('go', ['version'], { encoding: 'utf8' }).status !== 0) return 'go is not installed (helm is built from the Go module proxy)';
  return undefined;
}

const reason = skipReason();
if (reason) console.warn(`notice: skipping the Helm chart checks: ${reason}`);
const stacks = reason ? [] : corpusStacks(['realworld', 'awesome-compose']);
const environments = systems.flatMap((system) => Object.keys(system.environments).map((environment) => [`${system.name}/${environment}`, system, environment] as const));

describe.skipIf(reason !== undefined)('convert --format helm, with the real helm', () => {
  let helm = '';
  let work = '';

  beforeAll(() => {
    const clients = execFileSync('bash', [path.join(repoRoot, 'tools', 'gitops', 'build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000 }).trim();
    helm = path.join(clients, 'bin', 'helm');
    work = mkdtempSync(path.join(tmpdir(), 'helm-chart-'));
  }, 900_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const run = (...args: string[]): string => execFileSync(helm, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  /** Lints the chart (a failure shows helm's findings) and renders it with the default values, or `values`. */
  function lintAndTemplate(chart: string, values?: string): string {
    const lint = spawnSync(helm, ['lint', '--strict', chart], { encoding: 'utf8' });
    expect(lint.status, `${lint.stdout}${lint.stderr}`).toBe(0);
    return run('template', chart, ...(values === undefined ? [] : ['-f', values]));
  }

  it('is helm v4', () => {
    expect(run('version', '--short')).toMatch(/^v4\./);
  });

  it('finds the corpus', () => {
    expect(stacks.length).toBe(51);
  });

  it.each(stacks.map((stack) => [stack.id, stack] as const))('%s: lint passes, and the defaults render exactly what convert writes', async (id, stack) => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text), cwd: stack.dir, env: {} };
    expect(await runCli(['convert', ...stack.args, '-q'], io), stderr).toBe(0);
    const plain = stdout;
    const chart = path.join(work, id.replace('/', '--'));
    expect(await runCli(['convert', ...stack.args, '-q', '--format', 'helm', '-o', chart], io), stderr).toBe(0);
    expect(writtenDocuments(lintAndTemplate(chart))).toEqual(writtenDocuments(plain));
    expect(writtenDocuments(plain).join('---\n')).toBe(plain);
  });

  it('keeps Go template text of the compose file literal', async () => {
    const project = path.join(work, 'braces');
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'compose.yaml'),
      `services:
  web:
    image: nginx:1.27
    command: ["sh", "-c", "echo '{{ .Values.x }}' '{{{{' && docker inspect --format '{{json .State}}' web"]
    environment: {TEMPLATE: "{{- end }}"}
`,
    );
    let stdout = '';
    const io = { stdout: (text: string) => (stdout += text), stderr: () => {}, cwd: project, env: {} };
    expect(await runCli(['convert', '-q'], io)).toBe(0);
    const plain = stdout;
    expect(plain).toContain("{{json .State}}");
    expect(await runCli(['convert', '-q', '--format', 'helm', '-o', path.join(project, 'chart')], io)).toBe(0);
    expect(writtenDocuments(lintAndTemplate(path.join(project, 'chart')))).toEqual(writtenDocuments(plain));
  });

  it("moves a pre_start hook that runs the service's image with the image value, and not one with its own image", async () => {
    const project = path.join(work, 'pre-start');
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'compose.yaml'),
      `services:
  app:
    image: example/app:1.0
    user: "1000"
    pre_start:
      - command: [migrate]
      - image: busybox:1.36
        command: [echo, ready]
`,
    );
    let stdout = '';
    const io = { stdout: (text: string) => (stdout += text), stderr: () => {}, cwd: project, env: {} };
    expect(await runCli(['convert', '-q'], io)).toBe(0);
    expect(await runCli(['convert', '-q', '--format', 'helm', '-o', path.join(project, 'chart')], io)).toBe(0);
    expect(writtenDocuments(lintAndTemplate(path.join(project, 'chart')))).toEqual(writtenDocuments(stdout));
    const values = path.join(project, 'values.yaml');
    writeFileSync(values, 'services:\n  app:\n    image: {tag: "2.0"}\n');
    const deployment = writtenDocuments(lintAndTemplate(path.join(project, 'chart'), values)).map((text) => parse(text)).find((object) => object.kind === 'Deployment');
    const images = (list: { name: string; image: string }[]) => list.map((container) => `${container.name} ${container.image}`);
    expect(images(deployment.spec.template.spec.containers)).toEqual(['app example/app:2.0']);
    expect(images(deployment.spec.template.spec.initContainers)).toEqual(['pre-start-1-app example/app:2.0', 'pre-start-2-app busybox:1.36']);
  });

  // An ofelia job had an image value of its own (services.app-cron.image): bumping the service's
  // image left its cron job on the old one (until 2026-12-07).
  it("runs an ofelia job with its service's image value, so that bumping it bumps both", async () => {
    const project = path.join(work, 'ofelia');
    mkdirSync(project);
    writeFileSync(
      path.join(project, 'compose.yaml'),
      `services:
  app:
    image: nextcloud:29-apache
    labels:
      ofelia.enabled: "true"
      ofelia.job-exec.cron.schedule: "@every 5m"
      ofelia.job-exec.cron.command: php -f /var/www/html/cron.php
  ofelia:
    image: mcuadros/ofelia:0.3.13
    command: daemon --docker
    depends_on: [app]
`,
    );
    let stdout = '';
    const io = { stdout: (text: string) => (stdout += text), stderr: () => {}, cwd: project, env: {} };
    expect(await runCli(['convert', '-q'], io)).toBe(0);
    expect(await runCli(['convert', '-q', '--format', 'helm', '-o', path.join(project, 'chart')], io)).toBe(0);
    expect(writtenDocuments(lintAndTemplate(path.join(project, 'chart')))).toEqual(writtenDocuments(stdout));
    const chartValues = parse(readFileSync(path.join(project, 'chart', 'values.yaml'), 'utf8'));
    expect(chartValues.services['app-cron']?.image).toBeUndefined();
    const values = path.join(project, 'values.yaml');
    writeFileSync(values, 'services:\n  app:\n    image: {tag: 30-apache}\n');
    const objects = writtenDocuments(lintAndTemplate(path.join(project, 'chart'), values)).map((text) => parse(text));
    const deployment = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === 'app');
    const cronJob = objects.find((object) => object.kind === 'CronJob' && object.metadata.name === 'app-cron');
    expect(deployment.spec.template.spec.containers.map((container: { image: string }) => container.image)).toEqual(['nextcloud:30-apache']);
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers.map((container: { image: string }) => container.image)).toEqual(['nextcloud:30-apache']);
  });

  it.each(environments)('%s (charts/): lint passes, and the defaults render exactly dist/', (id, system, environment) => {
    const plan = buildSystemPlan(system, environment);
    const chart = path.join(work, id.replace('/', '--'));
    writeDirectoryAtomic(helmChartFiles(chartPlanOf(plan)), chart);
    expect(writtenDocuments(lintAndTemplate(chart))).toEqual(writtenDocuments(planYaml(plan)));
  });

  it('changes per environment exactly the fields its values name, and nothing else', () => {
    const modax = systems.find((system) => system.name === 'modax')!;
    const plan = buildSystemPlan(modax, 'prod');
    const chart = path.join(work, 'modax-values');
    writeDirectoryAtomic(helmChartFiles(chartPlanOf(plan)), chart);
    const values = path.join(work, 'modax-staging.yaml');
    // A tag YAML 1.1 reads as a boolean, a host, a new TLS secret, an added storage class, a removed
    // resources block and another exposure: each must come out as the string or field it names.
    writeFileSync(
      values,
      `services:
  mosquitto:
    image: {tag: "yes"}
    replicas: 3
    publicService: {type: NodePort}
    persistence:
      mosquitto-data: {size: 5Gi, storageClass: fast-ssd}
  control-layer:
    service: {type: LoadBalancer}
    resources: null
    ingress:
      className: traefik
      hosts: [control.staging.example.org]
      tls: [{hosts: [control.staging.example.org], secretName: staging-tls}]
  ai-layer:
    ingress: {tls: []}
`,
    );
    const defaults = new Map(writtenDocuments(lintAndTemplate(chart)).map((text) => [key(text), text]));
    const changed = new Map(writtenDocuments(lintAndTemplate(chart, values)).map((text) => [key(text), text]));
    expect([...changed.keys()]).toEqual([...defaults.keys()]);
    const differing = [...changed.keys()].filter((name) => changed.get(name) !== defaults.get(name));
    expect(differing.sort()).toEqual(['Ingress/ai-layer', 'Ingress/control-layer', 'Deployment/control-layer', 'Service/control-layer', 'Service/mosquitto-public', 'StatefulSet/mosquitto'].sort());
    const object = (name: string): Record<string, any> => parse(changed.get(name)!);
    const mosquitto = object('StatefulSet/mosquitto');
    expect(mosquitto['spec'].replicas).toBe(3);
    expect(mosquitto['spec'].template.spec.containers[0].image).toBe('registry.example.com/modax/mosquitto:yes');
    expect(mosquitto['spec'].volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'fast-ssd', resources: { requests: { storage: '5Gi' } } });
    expect(mosquitto['spec'].volumeClaimTemplates[1].spec.storageClassName).toBeUndefined();
    expect(object('Service/mosquitto-public')['spec'].type).toBe('NodePort');
    expect(object('Service/control-layer')['spec'].type).toBe('LoadBalancer');
    expect(object('Deployment/control-layer')['spec'].template.spec.containers[0].resources).toBeUndefined();
    expect(object('Ingress/control-layer')['spec']).toMatchObject({
      ingressClassName: 'traefik',
      rules: [{ host: 'control.staging.example.org' }],
      tls: [{ hosts: ['control.staging.example.org'], secretName: 'staging-tls' }],
    });
    expect(object('Ingress/ai-layer')['spec'].tls).toBeUndefined();
  });
});

function key(text: string): string {
  const object = parse(text) as { kind: string; metadata: { name: string } };
  return `${object.kind}/${object.metadata.name}`;
}
