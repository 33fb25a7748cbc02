/**
 * The chart wires the rule modules together: what each rule returns reaches the manifests, and
 * what several rules decide together (Pod Security level, Polaris exemptions) is decided once,
 * from the final pod specs.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { HostPath, ServiceVolume } from '../../../lib/compose/model.ts';
import { synthChartYaml } from '../../../lib/k8s/output/synth.ts';
import {
  findObject,
  findObjects,
  k8sChecksAvailable,
  makeChart,
  makeChartFromFiles,
  noticeSkip,
  runK8sChecks,
  sharedDir,
  synthManifests,
  validateManifests,
  type Manifest,
} from '../../support/k8s.ts';
import { hostFile, makeDeploy, makeProject, makeService } from '../../support/model.ts';

interface PodSpec {
  containers: Record<string, unknown>[];
  initContainers?: Record<string, unknown>[];
  volumes?: { name: string; [source: string]: unknown }[];
  topologySpreadConstraints?: unknown[];
}

const podSpec = (workload: Manifest): PodSpec =>
  (workload['spec'] as { template: { spec: PodSpec } }).template.spec;
const mainContainer = (workload: Manifest) => podSpec(workload).containers[0] as Record<string, unknown>;
const annotationsOf = (workload: Manifest) => (workload.metadata['annotations'] ?? {}) as Record<string, string>;
const namespaceLevel = (docs: readonly Manifest[], name: string) =>
  (findObject(docs, 'Namespace', name).metadata['labels'] as Record<string, string>)['pod-security.kubernetes.io/enforce'];

const bind = (source: string, target: string): ServiceVolume => ({ type: 'bind', source, target, readOnly: true, createHostPath: true });
const file = (content: string): HostPath => hostFile(content);

describe('ComposeChart integrates the rules', () => {
  test('a sensitive bind-mounted file becomes a Secret that `secrets` prints and the manifests only reference', () => {
    const passwd = 'sensor:$7$101$c2VjcmV0LXNhbHQ=';
    const project = makeProject(
      [makeService('mqtt', { image: 'eclipse-mosquitto:2.0.18', volumes: [bind('/project/mqtt/passwd', '/mosquitto/config/passwd')] })],
      { name: 'scip', hostFiles: { '/project/mqtt/passwd': file(passwd) } },
    );
    const chart = makeChart(project);
    const secret = chart.secrets.find((payload) => Object.values(payload.stringData).includes(passwd));
    expect(secret?.name).toMatch(/passwd/);
    const yaml = synthChartYaml(chart);
    expect(yaml).not.toContain(passwd);
    expect(podSpec(findObject(synthManifests(chart), 'Deployment', 'mqtt')).volumes).toContainEqual(
      expect.objectContaining({ secret: expect.objectContaining({ secretName: secret?.name }) }),
    );
  });

  test('a secret interpolated into a healthcheck stays out of the probe, which reads the env var in shell form', () => {
    const password = 'hunter22-redis';
    const project = makeProject([
      makeService('cache', {
        image: 'redis:7.2',
        environment: { REDIS_PASSWORD: password },
        healthcheck: { test: ['CMD', 'redis-cli', '-a', password, 'ping'], disable: false },
        interpolated: { 'healthcheck.test.3': [{ name: 'REDIS_PASSWORD', value: password }] },
      }),
    ]);
    const chart = makeChart(project);
    expect(synthChartYaml(chart)).not.toContain(password);
    const container = mainContainer(findObject(synthManifests(chart), 'Deployment', 'cache'));
    const probe = container['readinessProbe'] as { exec: { command: string[] } };
    expect(probe.exec.command).toEqual(['sh', '-c', `'redis-cli' '-a' "\${REDIS_PASSWORD}" 'ping'`]);
    expect(container['env']).toContainEqual({ name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: 'cache-env', key: 'REDIS_PASSWORD' } } });
  });

  test("the image's environment defaults (PGDATA) are added, but never over a variable compose sets", () => {
    const data: ServiceVolume = { type: 'volume', source: 'data', target: '/var/lib/postgresql/data', readOnly: false, nocopy: false };
    const volumes = { data: { name: 'p_data', external: false, driverOpts: {}, labels: {}, extensions: {} } };
    const env = (environment: Record<string, string>) => {
      const chart = makeChart(makeProject([makeService('db', { image: 'postgres:16', volumes: [data], environment })], { name: 'p', volumes }));
      return mainContainer(findObject(synthManifests(chart), 'StatefulSet', 'db'))['env'] as { name: string; value?: string }[];
    };
    expect(env({ POSTGRES_DB: 'app' })).toEqual([
      { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
      { name: 'POSTGRES_DB', value: 'app' },
    ]);
    expect(env({ PGDATA: '/var/lib/postgresql/data/mine' }).filter((v) => v.name === 'PGDATA')).toEqual([
      { name: 'PGDATA', value: '/var/lib/postgresql/data/mine' },
    ]);
  });

  test('spread placement preferences become the pod topologySpreadConstraints', () => {
    const service = makeService('web', { deploy: makeDeploy({ replicas: 3, placement: { constraints: [], preferences: [{ spread: 'node.labels.zone' }] } }) });
    const spread = podSpec(findObject(synthManifests(makeChart(makeProject([service], { name: 'shop' }))), 'Deployment', 'web')).topologySpreadConstraints;
    expect(spread).toEqual([
      { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/name': 'web' }) } },
    ]);
  });

  test('the Namespace level comes from the final pod specs: restricted for a plain service, privileged for a device opt-in', () => {
    const plain = makeChart(makeProject([makeService('web')], { name: 'plain' }));
    expect(plain.podSecurityLevel).toBe('restricted');
    expect(namespaceLevel(synthManifests(plain), 'plain')).toBe('restricted');
    const serial = makeService('reader', { devices: [{ source: '/dev/ttyUSB0', target: '/dev/ttyUSB0', permissions: 'rwm' }] });
    for (const mode of ['privileged', 'hostPath'] as const) {
      const chart = makeChart(makeProject([makeService('web'), serial], { name: 'lab' }), { options: { services: { reader: { devices: { mode } } } } });
      const docs = synthManifests(chart);
      expect(chart.podSecurityLevel, mode).toBe('privileged');
      expect(namespaceLevel(docs, 'lab'), mode).toBe('privileged');
    }
    const pluginChart = makeChart(makeProject([serial], { name: 'lab' }));
    expect(pluginChart.podSecurityLevel).toBe('restricted');
  });

  test('device extended resources are requested and limited once, next to the cpu and memory requests', () => {
    const service = makeService('reader', { devices: [{ source: '/dev/ttyUSB0', target: '/dev/ttyUSB0', permissions: 'rwm' }] });
    const resources = mainContainer(findObject(synthManifests(makeChart(makeProject([service]))), 'Deployment', 'reader'))['resources'];
    expect(resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi', 'squat.ai/serial': 1 },
      limits: { 'squat.ai/serial': 1 },
    });
  });

  test('a service_completed_successfully dependency runs once as a Job, with its env and volumes, and the dependent waits for it', async () => {
    const migrate = makeService('migrate', {
      image: 'example/api:2.1',
      command: ['npm', 'run', 'migrate'],
      environment: { DATABASE_PASSWORD: 'hunter2-secret' },
      volumes: [bind('/project/migrations.sql', '/app/migrations.sql')],
      dependsOn: { db: { condition: 'service_healthy', required: true, restart: false } },
    });
    const api = makeService('api', {
      image: 'example/api:2.1',
      volumes: [bind('/project/app.conf', '/app/app.conf')],
      dependsOn: { migrate: { condition: 'service_completed_successfully', required: true, restart: false } },
    });
    const db = makeService('db', { image: 'example/db:1.0', expose: [{ port: 5432, protocol: 'tcp' }] });
    const project = makeProject([api, migrate, db], {
      name: 'shop',
      hostFiles: { '/project/migrations.sql': file('CREATE TABLE t (id int);\n'), '/project/app.conf': file('mode = on\n') },
    });
    const chart = makeChart(project);
    const docs = synthManifests(chart);
    const [job, ...otherJobs] = findObjects(docs, 'Job');
    expect(otherJobs).toEqual([]);
    const jobSpec = podSpec(job as Manifest);
    expect(jobSpec.initContainers?.map((c) => c['name'])).toEqual(['wait-for-db']);
    const run = jobSpec.containers[0] as { args: string[]; env: unknown[]; volumeMounts: { name: string; mountPath: string }[] };
    expect(run.args).toEqual(['npm', 'run', 'migrate']);
    expect(run.env).toContainEqual({ name: 'DATABASE_PASSWORD', valueFrom: { secretKeyRef: { name: 'migrate-env', key: 'DATABASE_PASSWORD' } } });
    expect(run.volumeMounts.map((mount) => mount.mountPath)).toContain('/app/migrations.sql');
    const spec = podSpec(findObject(docs, 'Deployment', 'api'));
    expect(spec.initContainers?.map((c) => c['name'])).toEqual(['wait-for-migrate']);
    expect(spec.initContainers?.[0]?.['command']).toContain(`job/${(job as Manifest).metadata.name}`);
    expect(findObjects(docs, 'Deployment').map((d) => d.metadata.name)).toEqual(['api', 'db']);
    expect(chart.warnings.map((w) => w.message).join('\n')).not.toMatch(/not enforced/);
    expect(await validateManifests(docs)).toEqual([]);
  });

  test('safe sysctls and security_opt count as translated: only the security rule speaks about them', () => {
    const service = makeService('web', {
      sysctls: { 'net.ipv4.tcp_syncookies': '1', 'net.core.somaxconn': '1024' },
      securityOpt: ['no-new-privileges:true'],
      raw: { image: 'example/web:1.0', sysctls: {}, security_opt: [] },
    });
    const chart = makeChart(makeProject([service]));
    const about = (prefix: string) => chart.warnings.filter((w) => w.key?.startsWith(prefix)).map((w) => w.message);
    expect(about('services.web.security_opt')).toEqual([]);
    expect(about('services.web.sysctls')).toEqual([expect.stringMatching(/^sysctl net.core.somaxconn is not translated: only the safe sysctls/)]);
  });
});

describe('Polaris danger findings the compose file asks for are explained exemptions', () => {
  const exemption = (workload: Manifest, check: string) => ({
    exempt: annotationsOf(workload)[`polaris.fairwinds.com/${check}-exempt`],
    reason: annotationsOf(workload)[`cdk8s-compose.io/polaris-exemption.${check}`],
  });

  test('an image without a tag, or latest, and a build-only image, keep their warning and get a reason', () => {
    const project = makeProject(
      [
        makeService('web', { image: 'nginx', raw: { image: 'nginx' } }),
        makeService('cache', { image: 'redis:latest', raw: { image: 'redis:latest' } }),
        makeService('app', { image: undefined, raw: { build: '.' } }),
        makeService('pinned', { image: 'redis:7.2' }),
      ],
      { name: 'shop' },
    );
    const chart = makeChart(project);
    const docs = synthManifests(chart);
    expect(exemption(findObject(docs, 'Deployment', 'web'), 'tagNotSpecified')).toEqual({
      exempt: 'true',
      reason: "compose uses image 'nginx' without a version tag; pin one or set x-kubernetes.image",
    });
    expect(exemption(findObject(docs, 'Deployment', 'cache'), 'tagNotSpecified').reason).toMatch(/'redis:latest' without a version tag/);
    expect(exemption(findObject(docs, 'Deployment', 'app'), 'tagNotSpecified').reason).toMatch(/only builds the image, tagged 'shop-app'/);
    expect(annotationsOf(findObject(docs, 'Deployment', 'pinned'))).toEqual({});
    expect(chart.warnings.filter((w) => /no version tag|has only a build/.test(w.message)).map((w) => w.key).sort()).toEqual([
      'services.app.build',
      'services.cache.image',
      'services.web.image',
    ]);
  });

  test('privileged: true and cap_add NET_ADMIN are exempted with their reason and reported', () => {
    const project = makeProject([
      makeService('tool', { privileged: true }),
      makeService('router', { capAdd: ['NET_ADMIN'] }),
    ]);
    const chart = makeChart(project);
    const docs = synthManifests(chart);
    const tool = findObject(docs, 'Deployment', 'tool');
    expect(exemption(tool, 'runAsPrivileged')).toEqual({ exempt: 'true', reason: 'compose sets privileged: true' });
    expect(exemption(tool, 'privilegeEscalationAllowed').exempt).toBe('true');
    expect(exemption(findObject(docs, 'Deployment', 'router'), 'dangerousCapabilities')).toEqual({
      exempt: 'true',
      reason: 'compose cap_add asks for NET_ADMIN',
    });
    expect(annotationsOf(findObject(docs, 'Deployment', 'router'))['polaris.fairwinds.com/runAsPrivileged-exempt']).toBeUndefined();
    const keys = chart.warnings.map((w) => w.key);
    expect(keys).toEqual(expect.arrayContaining(['services.tool.privileged', 'services.router.cap_add']));
  });

  test('exemptions from the options carry their value as the reason; invalid check names are reported, not written', () => {
    const long = 'x'.repeat(60);
    const chart = makeChart(makeProject([makeService('web')]), {
      options: { services: { web: { polarisExemptions: { hostNetworkSet: 'the node exporter needs it', [long]: 'too long' } } } },
    });
    expect(exemption(findObject(synthManifests(chart), 'Deployment', 'web'), 'hostNetworkSet')).toEqual({
      exempt: 'true',
      reason: 'the node exporter needs it',
    });
    expect(Object.keys(annotationsOf(findObject(synthManifests(chart), 'Deployment', 'web')))).toHaveLength(2);
    expect(chart.warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/cannot be written as an annotation key/));
  });

  noticeSkip(k8sChecksAvailable, 'awesome-compose samples through k8s-checks');
  const corpus = join(sharedDir, 'corpus', 'awesome-compose');
  describe.skipIf(!k8sChecksAvailable)('awesome-compose samples', () => {
    test.each([
      ['gitea-postgres', 'gitea', ['runAsRootAllowed', 'tagNotSpecified']],
      ['plex', 'plex', ['runAsRootAllowed', 'tagNotSpecified']],
      ['pihole-cloudflared-DoH', 'pihole', ['dangerousCapabilities', 'runAsRootAllowed', 'tagNotSpecified']],
    ])('%s passes k8s-checks with every danger finding explained', (sample, workload, checks) => {
      const chart = makeChartFromFiles([join(corpus, sample, 'compose.yaml')]);
      const yaml = synthChartYaml(chart);
      const result = runK8sChecks(yaml);
      expect(result.output).toMatch(/polaris: 0 danger/);
      expect(result.ok, result.output).toBe(true);
      const manifest = synthManifests(chart).find((doc) => doc.metadata.name === workload && doc.kind !== 'Service');
      const annotations = annotationsOf(manifest as Manifest);
      for (const check of checks) {
        expect(annotations[`polaris.fairwinds.com/${check}-exempt`], check).toBe('true');
        expect(annotations[`cdk8s-compose.io/polaris-exemption.${check}`], check).toMatch(/\w/);
      }
    });
  });
});
