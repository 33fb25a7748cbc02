/**
 * The SCIP team dashboard manager against a real Kubernetes 1.37 API server, authenticated as the
 * ServiceAccount the SCIP chart creates, with a token from the TokenRequest API mounted the way the
 * kubelet mounts it into the orchestration pod, and authorized by exactly the chart's Role: it
 * deploys, lists, redeploys after a failure and cleans up; each verb of the Role is needed; and the
 * chart's admission policies refuse every Job and Service that is not a dashboard's.
 *
 * Token instead of impersonation: it goes through the real ServiceAccount authenticator (a bound
 * token the API server checks against the ServiceAccount), so the user name and groups RBAC and the
 * policies see are the ones the orchestration pod gets, and `loadFromCluster` is tested as well.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiException,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  NetworkingV1Api,
  type V1Ingress,
  type V1Job,
  type V1JobTemplateSpec,
  type V1PodSpec,
  type V1Service,
} from '@kubernetes/client-node';
import { App, Chart } from 'cdk8s';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { buildSystemPlan } from '../../charts/build.ts';
import { DASHBOARD_ROUTE, scip, teamDashboardProps } from '../../charts/scip/index.ts';
import { TeamDashboardManager } from '../../lib/team-dashboard/manager.ts';
import { dashboardJob, dashboardService } from '../../lib/team-dashboard/objects.ts';
import { dashboardIngress } from '../../lib/team-dashboard/route.ts';
import { planManifests } from '../../lib/k8s/plan/plan.ts';
import { TeamDashboardTemplate } from '../../lib/team-dashboard/constructs.ts';
import { getItems } from '../../tools/cluster/kubectl.ts';
import { adminKubectl } from './support.ts';

const kubectl = adminKubectl();
const cluster = inject('cluster');
const SERVICE_ACCOUNT = 'orchestration';
const BLUE = { name: 'Team Blue', color: '#1e90ff' };
/** Labels no node has: the operator's way here to keep a dashboard's pods from ever running. */
const NOWHERE = { 'example.com/no-such-node': 'true' };
/** kwok's nodes serve no kubelet API, so the API server answers a log request for a pod on them with 404. */
const NO_KUBELET = /read the log of Pod \S+ failed \(HTTP 404\)/;

type Json = Record<string, any>;

async function run(args: readonly string[], input?: string): Promise<string> {
  const result = await kubectl(args, input);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr.trim()}`);
  return result.stdout;
}

const apply = (objects: readonly unknown[]) =>
  run(['apply', '--server-side', '--force-conflicts', '--field-manager', 'team-dashboard-test', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));

/** The SCIP chart (prod) as synthesized, and the team-dashboard part of it. */
function scipChartObjects(): Json[] {
  return planManifests(buildSystemPlan(scip, 'prod')) as unknown as Json[];
}
const isTeamDashboardObject = (object: Json) => object.metadata?.labels?.['app.kubernetes.io/name'] === 'team-dashboard';

/** The chart's team-dashboard objects, made for another namespace by the chart's own settings. */
function teamDashboardObjects(namespace: string): Json[] {
  const chart = new Chart(new App(), 'scip');
  new TeamDashboardTemplate(chart, 'team-dashboards', teamDashboardProps('prod', namespace));
  return chart.toJson() as Json[];
}

interface Installation {
  readonly namespace: string;
  readonly objects: readonly Json[];
  readonly kubeConfig: KubeConfig;
  readonly manager: TeamDashboardManager;
  readonly batch: BatchV1Api;
  readonly core: CoreV1Api;
  readonly networking: NetworkingV1Api;
  readonly remove: () => Promise<void>;
}

/**
 * The namespace (with the SCIP namespace's Pod Security labels) and the chart's team-dashboard
 * objects in it, and the manager as the orchestration pod would run it.
 */
/** Each team's route, as the orchestration service configures the manager: the template's (prod). */
const ROUTE = DASHBOARD_ROUTE;

async function install(namespace: string): Promise<Installation> {
  const scipNamespace = scipChartObjects().find((object) => object.kind === 'Namespace');
  const objects = teamDashboardObjects(namespace);
  await apply([{ ...scipNamespace, metadata: { ...scipNamespace?.metadata, name: namespace } }, ...objects]);
  await policiesReady(objects);
  const token = (await run(['create', 'token', SERVICE_ACCOUNT, '-n', namespace, '--duration', '2h'])).trim();
  const root = mkdtempSync(join(tmpdir(), 'orchestration-pod-'));
  const kubeConfig = inClusterKubeConfig(root, namespace, token);
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  await admissionReady(namespace, kubeConfig);
  return {
    namespace,
    objects,
    kubeConfig,
    manager: new TeamDashboardManager({ kubeConfig, route: ROUTE }),
    batch,
    core: kubeConfig.makeApiClient(CoreV1Api),
    networking: kubeConfig.makeApiClient(NetworkingV1Api),
    remove: async () => {
      rmSync(root, { recursive: true, force: true });
      await run(['delete', '--ignore-not-found', '--wait=false', '-f', '-'],
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects.filter((object) => !object.metadata.namespace) }));
      await run(['delete', 'namespace', namespace, '--ignore-not-found', '--wait=false']);
    },
  };
}

/** What the kubelet mounts into a pod, and the Service environment it sets: `loadFromCluster` reads both. */
function inClusterKubeConfig(root: string, namespace: string, token: string): KubeConfig {
  const mount = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
  mkdirSync(mount, { recursive: true });
  writeFileSync(join(mount, 'token'), token);
  writeFileSync(join(mount, 'namespace'), namespace);
  writeFileSync(join(mount, 'ca.crt'), readCa());
  const { hostname, port } = new URL(cluster.server);
  const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
  process.env.KUBERNETES_SERVICE_HOST = hostname;
  process.env.KUBERNETES_SERVICE_PORT = port;
  try {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromCluster(root);
    return kubeConfig;
  } finally {
    restoreEnv('KUBERNETES_SERVICE_HOST', saved.host);
    restoreEnv('KUBERNETES_SERVICE_PORT', saved.port);
  }
}

function readCa(): string {
  return readFileSync(cluster.caCert, 'utf8');
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** The API server has compiled the policies without type errors and its admission plugin has them. */
async function policiesReady(objects: readonly Json[]): Promise<void> {
  const names = objects.filter((object) => object.kind === 'ValidatingAdmissionPolicy').map((object) => object.metadata.name as string);
  await vi.waitFor(async () => {
    const policies = await getItems<Json>(kubectl, ['validatingadmissionpolicies', ...names]);
    for (const policy of policies) {
      expect(policy.status?.observedGeneration).toBe(policy.metadata.generation ?? 1);
      expect({ policy: policy.metadata.name, warnings: policy.status?.typeChecking?.expressionWarnings ?? [] }).toEqual({
        policy: policy.metadata.name,
        warnings: [],
      });
    }
  }, { timeout: 30_000, interval: 250 });
}

/**
 * The admission plugin sees new policies, bindings and parameters a moment after the API server
 * stored them, each on its own: wait until each of the three policies (Jobs, Services, Ingresses)
 * refuses one hostile object and admits the template's (dry run).
 */
async function admissionReady(namespace: string, kubeConfig: KubeConfig): Promise<void> {
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const networking = kubeConfig.makeApiClient(NetworkingV1Api);
  const cronJob = await getJson(['cronjob', 'team-dashboard', '-n', namespace]);
  const job = dashboardJob(cronJob.spec.jobTemplate as V1JobTemplateSpec, { exerciseId: 'probe', teamId: 'probe', config: BLUE, namespace });
  const otherImage = structuredClone(job);
  otherImage.spec!.template.spec!.containers[0]!.image = 'example.com/probe:1';
  const service = dashboardService(job);
  const nodePort = structuredClone(service);
  nodePort.spec!.type = 'NodePort';
  const ingress = dashboardIngress(job, ROUTE);
  const otherHost = structuredClone(ingress);
  otherHost.spec!.rules![0]!.host = 'api.scip.example.com';
  const dryRun = 'All';
  await vi.waitFor(async () => {
    expect(await outcome(() => batch.createNamespacedJob({ namespace, body: otherImage, dryRun }))).toMatch(/denied request/);
    expect(await outcome(() => batch.createNamespacedJob({ namespace, body: job, dryRun }))).toBe('admitted');
    expect(await outcome(() => core.createNamespacedService({ namespace, body: nodePort, dryRun }))).toMatch(/denied request/);
    expect(await outcome(() => core.createNamespacedService({ namespace, body: service, dryRun }))).toBe('admitted');
    expect(await outcome(() => networking.createNamespacedIngress({ namespace, body: otherHost, dryRun }))).toMatch(/denied request/);
    expect(await outcome(() => networking.createNamespacedIngress({ namespace, body: ingress, dryRun }))).toBe('admitted');
  }, { timeout: 30_000, interval: 250 });
}

async function getJson(args: readonly string[]): Promise<Json> {
  return JSON.parse(await run(['get', ...args, '-o', 'json'])) as Json;
}

const dashboardsOf = (namespace: string, exercise: string, kinds = 'jobs,services,pods') =>
  getItems(kubectl, [kinds, '-n', namespace, '-l', `scip.type=team-dashboard,scip.exercise=${exercise}`]);

/** Waits for the team's dashboards to reach a state, as the manager lists them. */
async function waitForState(manager: TeamDashboardManager, exercise: string, team: string, state: string): Promise<void> {
  await vi.waitFor(async () => {
    const dashboard = (await manager.list(exercise)).find((d) => d.teamId === team);
    expect(dashboard?.state).toBe(state);
  }, { timeout: 60_000, interval: 250 });
}

async function setTemplateNodeSelector(namespace: string, nodeSelector: Record<string, string> | null): Promise<void> {
  await run(['patch', 'cronjob', 'team-dashboard', '-n', namespace, '--type=merge', '-p',
    JSON.stringify({ spec: { jobTemplate: { spec: { template: { spec: { nodeSelector } } } } } })]);
}

/** The HTTP status and message of an API call's failure, or 'admitted'. */
async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'admitted';
  } catch (error) {
    if (!(error instanceof ApiException)) throw error;
    const body = (typeof error.body === 'string' ? JSON.parse(error.body) : error.body) as { message?: string };
    return `${error.code}: ${body.message ?? ''}`;
  }
}

describe('the SCIP chart’s team-dashboard objects', () => {
  it('are applied here exactly as dist/ has them, but for the test namespace', () => {
    const chart = scipChartObjects().filter(isTeamDashboardObject);
    const ours = teamDashboardObjects('td-chart-check');
    expect(JSON.parse(JSON.stringify(ours).replaceAll('td-chart-check', 'scip'))).toEqual(chart);
    expect(chart.map((object) => object.kind)).toContain('ValidatingAdmissionPolicy');
  });
});

describe('TeamDashboardManager as the orchestration ServiceAccount', () => {
  let td: Installation;
  beforeAll(async () => {
    td = await install('td-lifecycle');
  });
  afterAll(async () => td?.remove());

  it('deploys, lists, redeploys after a failure and cleans up', async () => {
    const { manager, namespace } = td;
    expect(manager.namespace).toBe(namespace);

    const blue = await manager.deploy('ex1', 'blue', BLUE);
    expect(blue).toMatchObject({
      name: 'td-ex1-blue', created: true, dnsName: `td-ex1-blue.${namespace}.svc.cluster.local`, url: 'https://td-ex1-blue.dashboards.scip.example.com',
    });
    await manager.deploy('ex1', 'red', { name: 'Red', color: 'red', memoryLimit: '512Mi', cpu: '500m' });
    await manager.deploy('ex2', 'blue', BLUE);

    const job = await getJson(['job', 'td-ex1-blue', '-n', namespace]);
    const pod = job.spec.template.spec as V1PodSpec;
    expect(job.metadata.labels).toMatchObject({ 'scip.type': 'team-dashboard', 'scip.exercise': 'ex1', 'scip.team': 'blue' });
    expect(pod.containers[0]?.image).toBe('registry.example.com/scip-team-dashboard:1.0.0');
    expect(pod.containers[0]?.env).toContainEqual({ name: 'MQTT_TOPIC', value: '/exercise/ex1/team/blue/feed' });
    expect(pod.automountServiceAccountToken).toBe(false);
    // The team's route: its host, in front of its Service, owned by its Job.
    const ingress = await getJson(['ingress', 'td-ex1-blue', '-n', namespace]);
    expect(ingress.spec).toMatchObject({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['td-ex1-blue.dashboards.scip.example.com'], secretName: 'dashboards-tls' }],
      rules: [{ host: 'td-ex1-blue.dashboards.scip.example.com', http: { paths: [{ path: '/', backend: { service: { name: 'td-ex1-blue', port: { number: 80 } } } }] } }],
    });
    expect(ingress.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'td-ex1-blue', uid: job.metadata.uid, controller: true }]);
    const service = await getJson(['service', 'td-ex1-blue', '-n', namespace]);
    expect(service.metadata.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'Job', name: 'td-ex1-blue', uid: job.metadata.uid, controller: true },
    ]);
    expect(service.spec).toMatchObject({ type: 'ClusterIP', selector: { 'scip.type': 'team-dashboard', 'scip.exercise': 'ex1', 'scip.team': 'blue' } });
    const red = await getJson(['job', 'td-ex1-red', '-n', namespace]);
    expect(red.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });

    // kwok runs no containers: it completes a Job's pods at once, as if the dashboard had exited.
    await waitForState(manager, 'ex1', 'blue', 'completed');
    expect((await manager.list()).map((d) => [d.exerciseId, d.teamId])).toEqual([
      ['ex1', 'blue'],
      ['ex1', 'red'],
      ['ex2', 'blue'],
    ]);

    // A dashboard that cannot run: its pods wait for a node, and deploying again keeps it.
    await setTemplateNodeSelector(namespace, NOWHERE);
    const green = await manager.deploy('ex1', 'green', BLUE);
    expect(green.created).toBe(true);
    const waiting = await getJson(['job', green.name, '-n', namespace]);
    expect(await manager.deploy('ex1', 'green', BLUE)).toMatchObject({ name: green.name, created: false });
    await vi.waitFor(async () => expect(await manager.logs('ex1', 'green')).toMatchObject({ log: '' }), { timeout: 30_000 });
    expect((await getJson(['job', green.name, '-n', namespace])).metadata.uid).toBe(waiting.metadata.uid);
    await waitForState(manager, 'ex1', 'green', 'starting');

    // It runs into its deadline (shortened here from the template's 3 days) and the Job controller fails it.
    await run(['patch', 'job', green.name, '-n', namespace, '--type=merge', '-p', '{"spec":{"activeDeadlineSeconds":1}}']);
    await waitForState(manager, 'ex1', 'green', 'failed');
    const failed = await getJson(['job', green.name, '-n', namespace]);
    expect(failed.status.conditions).toContainEqual(expect.objectContaining({ type: 'Failed', reason: 'DeadlineExceeded' }));

    // Redeploying replaces the failed Job and its Service.
    await setTemplateNodeSelector(namespace, null);
    expect(await manager.deploy('ex1', 'green', BLUE)).toMatchObject({ name: green.name, created: true });
    const replaced = await getJson(['job', green.name, '-n', namespace]);
    expect(replaced.metadata.uid).not.toBe(failed.metadata.uid);
    expect(replaced.spec.template.spec.nodeSelector).toBeUndefined();
    await vi.waitFor(async () => {
      const owner = (await getJson(['service', green.name, '-n', namespace])).metadata.ownerReferences;
      expect(owner).toEqual([expect.objectContaining({ uid: replaced.metadata.uid })]);
      // The garbage collector removes the failed Job's pods.
      const pods = await getItems(kubectl, ['pods', '-n', namespace, '-l', `batch.kubernetes.io/controller-uid=${failed.metadata.uid}`]);
      expect(pods).toEqual([]);
    }, { timeout: 60_000, interval: 500 });
    await waitForState(manager, 'ex1', 'green', 'completed');

    // Redeploying a dashboard whose server exited starts it again too.
    const blueBefore = await getJson(['job', 'td-ex1-blue', '-n', namespace]);
    expect(await manager.deploy('ex1', 'blue', BLUE)).toMatchObject({ created: true });
    expect((await getJson(['job', 'td-ex1-blue', '-n', namespace])).metadata.uid).not.toBe(blueBefore.metadata.uid);

    const cleaned = await manager.cleanup('ex1');
    expect(cleaned.jobs).toBe(3);
    // Services owned by the Jobs may be gone through the garbage collector before cleanup gets to them.
    expect(cleaned.services).toBeLessThanOrEqual(3);
    await vi.waitFor(async () => expect(await dashboardsOf(namespace, 'ex1')).toEqual([]), { timeout: 60_000, interval: 500 });
    expect((await dashboardsOf(namespace, 'ex2', 'jobs,services')).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Job/td-ex2-blue',
      'Service/td-ex2-blue',
    ]);
    expect(await manager.cleanup('ex2')).toMatchObject({ jobs: 1 });
    expect(await manager.list()).toEqual([]);
  });

  it('refuses another team’s dashboard whose name collides, and shortens names the API server accepts', async () => {
    const { manager, namespace } = td;
    await manager.deploy('a-b', 'c', BLUE);
    await expect(manager.deploy('a', 'b-c', BLUE)).rejects.toThrow(/already belongs to exercise 'a-b' team 'c'/);
    const long = await manager.deploy(`exercise-${'x'.repeat(50)}`, 'Blue_Team', BLUE);
    expect(long.name).toMatch(/^td-exercise-x+-[0-9a-f]{8}$/);
    expect(long.name.length).toBeLessThanOrEqual(63);
    expect((await getJson(['service', long.name, '-n', namespace])).metadata.name).toBe(long.name);
    await manager.cleanup('a-b');
    await manager.cleanup(`exercise-${'x'.repeat(50)}`);
  });

  it('reports refusals in one line with the API server’s message', async () => {
    const { manager, kubeConfig, namespace } = td;
    const user = `system:serviceaccount:${namespace}:${SERVICE_ACCOUNT}`;
    await expect(new TeamDashboardManager({ kubeConfig, namespace: 'default' }).deploy('ex1', 'blue', BLUE)).rejects.toThrow(
      `Kubernetes API: read CronJob team-dashboard failed (HTTP 403): cronjobs.batch "team-dashboard" is forbidden: ` +
        `User "${user}" cannot get resource "cronjobs" in API group "batch" in the namespace "default"`,
    );
    await expect(manager.deploy('ex1', 'big', { ...BLUE, memoryLimit: '2Gi' })).rejects.toThrow(
      `Kubernetes API: create Job td-ex1-big failed (HTTP 422): jobs.batch "td-ex1-big" is forbidden: ` +
        `ValidatingAdmissionPolicy 'team-dashboard-jobs.${namespace}' with binding 'team-dashboard-jobs.${namespace}' denied request: ` +
        'Jobs of the team dashboard manager must set CPU and memory limits of at most 1 CPU and 1Gi on every container',
    );
  });

  it('explains a missing template', async () => {
    const { manager, namespace, objects } = td;
    await run(['delete', 'cronjob', 'team-dashboard', '-n', namespace]);
    try {
      await expect(manager.deploy('ex1', 'blue', BLUE)).rejects.toThrow(
        `template: CronJob team-dashboard not found in namespace ${namespace}; apply the SCIP manifests first`,
      );
    } finally {
      await apply(objects.filter((object) => object.kind === 'CronJob'));
    }
  });

  it('loads $KUBECONFIG by default, with its context’s namespace', async () => {
    const { namespace } = td;
    const token = (await run(['create', 'token', SERVICE_ACCOUNT, '-n', namespace])).trim();
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'test', server: cluster.server, caData: Buffer.from(readCa()).toString('base64') }],
      users: [{ name: SERVICE_ACCOUNT, token }],
      contexts: [{ name: 'test', cluster: 'test', user: SERVICE_ACCOUNT, namespace }],
      currentContext: 'test',
    });
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    const file = join(dir, 'config');
    writeFileSync(file, kubeConfig.exportConfig());
    const previous = process.env.KUBECONFIG;
    process.env.KUBECONFIG = file;
    try {
      const manager = new TeamDashboardManager();
      expect(manager.namespace).toBe(namespace);
      expect(await manager.deploy('kubeconfig', 'blue', BLUE)).toMatchObject({ created: true });
      expect(await manager.cleanup('kubeconfig')).toMatchObject({ jobs: 1 });
    } finally {
      restoreEnv('KUBECONFIG', previous);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the admission policies, for what the orchestration ServiceAccount creates', () => {
  let td: Installation;
  let job: V1Job;
  let service: V1Service;
  beforeAll(async () => {
    td = await install('td-admission');
    const cronJob = await getJson(['cronjob', 'team-dashboard', '-n', td.namespace]);
    const template = cronJob.spec.jobTemplate as V1JobTemplateSpec;
    job = dashboardJob(template, { exerciseId: 'hostile', teamId: 'x', config: BLUE, namespace: td.namespace });
    service = dashboardService(job);
  });
  afterAll(async () => td?.remove());

  let count = 0;
  /** A copy of the dashboard's Job or Service under a name of its own, changed. */
  function variant<T extends V1Job | V1Service>(object: T, change: (copy: T) => void): T {
    const copy = structuredClone(object);
    count += 1;
    copy.metadata = { ...copy.metadata, name: `hostile-${count}` };
    change(copy);
    return copy;
  }
  const createJob = (body: V1Job, batch = td.batch) => outcome(() => batch.createNamespacedJob({ namespace: td.namespace, body }));
  const createService = (body: V1Service) => outcome(() => td.core.createNamespacedService({ namespace: td.namespace, body }));
  const pod = (copy: V1Job) => copy.spec!.template.spec!;
  const container = (copy: V1Job) => pod(copy).containers[0]!;
  const refused = (message: string) =>
    expect.stringMatching(new RegExp(`^422: .* is forbidden: ValidatingAdmissionPolicy 'team-dashboard-(jobs|services)\\.td-admission' .*denied request: ${escape(message)}`));

  it('admits the manager’s Jobs and Services', async () => {
    expect(await createJob(variant(job, () => {}))).toBe('admitted');
    expect(await createService(variant(service, () => {}))).toBe('admitted');
  });

  const images = 'Jobs of the team dashboard manager may run only the images of CronJob team-dashboard: registry.example.com/scip-team-dashboard:1.0.0';
  const serviceAccount = 'Jobs of the team dashboard manager must run as the ServiceAccount of CronJob team-dashboard';
  const volumes = 'Jobs of the team dashboard manager may mount only emptyDir, configMap and downwardAPI volumes';
  const secrets = 'Jobs of the team dashboard manager may not read Secrets into the environment';
  const host = "Jobs of the team dashboard manager may not use the host's network, PID or IPC namespace or host ports";
  const privileged = 'Jobs of the team dashboard manager may not run privileged containers or add capabilities';
  const limits = 'Jobs of the team dashboard manager must set CPU and memory limits of at most 1 CPU and 1Gi on every container';
  const labels = 'Jobs of the team dashboard manager must carry the label scip.type=team-dashboard';
  const hostileJobs: [string, (copy: V1Job) => void, string][] = [
    ['another image', (copy) => void (container(copy).image = 'docker.io/library/alpine:3.20'), images],
    ['an init container of another image', (copy) => void (pod(copy).initContainers = [{ ...container(copy), name: 'init', image: 'alpine:3.20', startupProbe: undefined, readinessProbe: undefined }]), images],
    ['the manager’s own ServiceAccount', (copy) => void (pod(copy).serviceAccountName = SERVICE_ACCOUNT), serviceAccount],
    ['a mounted ServiceAccount token', (copy) => void (pod(copy).automountServiceAccountToken = true), serviceAccount],
    ['a hostPath volume', (copy) => {
      pod(copy).volumes!.push({ name: 'host', hostPath: { path: '/' } });
      container(copy).volumeMounts!.push({ name: 'host', mountPath: '/host' });
    }, volumes],
    ['a Secret volume', (copy) => {
      pod(copy).volumes!.push({ name: 'db', secret: { secretName: 'db' } });
      container(copy).volumeMounts!.push({ name: 'db', mountPath: '/db' });
    }, volumes],
    ['a projected ServiceAccount token', (copy) => void pod(copy).volumes!.push({ name: 't', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }), volumes],
    ['a Secret in an environment variable', (copy) => void container(copy).env!.push({ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }), secrets],
    ['a whole Secret as environment', (copy) => void (container(copy).envFrom = [{ secretRef: { name: 'db' } }]), secrets],
    ['the host network', (copy) => void (pod(copy).hostNetwork = true), host],
    ['the host PID namespace', (copy) => void (pod(copy).hostPID = true), host],
    ['the host IPC namespace', (copy) => void (pod(copy).hostIPC = true), host],
    ['a host port', (copy) => void (container(copy).ports![0]!.hostPort = 3000), host],
    ['a privileged container', (copy) => void (container(copy).securityContext = { ...container(copy).securityContext, privileged: true, allowPrivilegeEscalation: true }), privileged],
    ['an added capability', (copy) => void (container(copy).securityContext = { ...container(copy).securityContext, capabilities: { add: ['SYS_ADMIN'] } }), privileged],
    ['no limits', (copy) => void (container(copy).resources = { requests: container(copy).resources?.requests }), limits],
    ['more memory than allowed', (copy) => void (container(copy).resources = { limits: { cpu: '250m', memory: '4Gi' } }), limits],
    ['more CPU than allowed', (copy) => void (container(copy).resources = { limits: { cpu: '2', memory: '256Mi' } }), limits],
    ['the labels of another service’s pods', (copy) => void (copy.spec!.template.metadata!.labels!['app.kubernetes.io/name'] = 'api'), labels],
    ['pods without the dashboard label', (copy) => void delete copy.spec!.template.metadata!.labels!['scip.type'], labels],
    ['no dashboard label on the Job', (copy) => void delete copy.metadata!.labels!['scip.type'], labels],
  ];
  for (const [what, change, message] of hostileJobs) {
    it(`refuses a Job with ${what}`, async () => {
      expect(await createJob(variant(job, change))).toEqual(refused(message));
    });
  }

  const hostileServices: [string, (copy: V1Service) => void, string][] = [
    ['of type NodePort', (copy) => void (copy.spec!.type = 'NodePort'), 'must be of type ClusterIP'],
    ['of type LoadBalancer', (copy) => void (copy.spec!.type = 'LoadBalancer'), 'must be of type ClusterIP'],
    ['with an external IP', (copy) => void (copy.spec!.externalIPs = ['203.0.113.7']), 'must be of type ClusterIP'],
    ['in front of other pods', (copy) => void (copy.spec!.selector = { 'app.kubernetes.io/name': 'postgres' }), 'must select team dashboard pods'],
  ];
  for (const [what, change, message] of hostileServices) {
    it(`refuses a Service ${what}`, async () => {
      expect(await createService(variant(service, change))).toEqual(refused(`Services of the team dashboard manager ${message}`));
    });
  }

  /** The manager's Ingress for the template's route, under a name of its own (host and backend follow the name). */
  function ingressVariant(change: (copy: V1Ingress) => void): V1Ingress {
    count += 1;
    const named = { ...job, metadata: { ...job.metadata, name: `hostile-${count}` } };
    const copy = dashboardIngress(named, ROUTE);
    change(copy);
    return copy;
  }
  const createIngress = (body: V1Ingress) => outcome(() => td.networking.createNamespacedIngress({ namespace: td.namespace, body }));
  const rule = (copy: V1Ingress) => copy.spec!.rules![0]!;
  const routed = 'Ingresses of the team dashboard manager must route the host <name>.dashboards.scip.example.com, path / only';
  const hostileIngresses: [string, (copy: V1Ingress) => void, string][] = [
    ['for another host', (copy) => void (rule(copy).host = 'api.scip.example.com'), routed],
    ['for a host under the route but of another name', (copy) => void (rule(copy).host = 'td-other.dashboards.scip.example.com'), routed],
    ['in front of another Service', (copy) => void (rule(copy).http!.paths[0]!.backend.service!.name = 'api'), routed],
    ['with a second path', (copy) => void rule(copy).http!.paths.push({ path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 8000 } } } }), routed],
    ['with a default backend', (copy) => void (copy.spec!.defaultBackend = { service: { name: 'api', port: { number: 8000 } } }), routed],
    ['of another IngressClass', (copy) => void (copy.spec!.ingressClassName = 'public'), 'Ingresses of the team dashboard manager must use IngressClass nginx'],
    ['with another TLS Secret', (copy) => void (copy.spec!.tls = [{ hosts: [rule(copy).host!], secretName: 'api-tls' }]), 'Ingresses of the team dashboard manager may use only TLS Secret dashboards-tls'],
    ['with a configuration snippet', (copy) => void (copy.metadata!.annotations = { 'nginx.ingress.kubernetes.io/server-snippet': 'location /x { return 200; }' }), 'Ingresses of the team dashboard manager must carry the label scip.type=team-dashboard and no annotations'],
    ['without the dashboard label', (copy) => void delete copy.metadata!.labels!['scip.type'], 'Ingresses of the team dashboard manager must carry the label scip.type=team-dashboard'],
  ];
  it('admits the manager’s Ingress of the template’s route', async () => {
    expect(await createIngress(ingressVariant(() => {}))).toBe('admitted');
  });
  for (const [what, change, message] of hostileIngresses) {
    it(`refuses an Ingress ${what}`, async () => {
      expect(await createIngress(ingressVariant(change))).toEqual(
        expect.stringMatching(new RegExp(`^422: .* is forbidden: ValidatingAdmissionPolicy 'team-dashboard-ingresses\\.td-admission' .*denied request: ${escape(message)}`)),
      );
    });
  }

  it('leaves everyone else alone', async () => {
    const admin = new KubeConfig();
    admin.loadFromFile(cluster.kubeconfig);
    const other = variant(job, (copy) => void (container(copy).image = 'docker.io/library/alpine:3.20'));
    expect(await outcome(() => admin.makeApiClient(BatchV1Api).createNamespacedJob({ namespace: td.namespace, body: other, dryRun: 'All' }))).toBe('admitted');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('the Role', () => {
  const namespace = 'td-minimal-role';
  const role = teamDashboardObjects(namespace).find((object) => object.kind === 'Role') as Json;
  const grants = (role.rules as Json[]).flatMap((rule) =>
    (rule.resources as string[]).flatMap((resource) => (rule.verbs as string[]).map((verb) => ({ resource, verb }))),
  );
  let td: Installation;

  beforeAll(async () => {
    td = await install(namespace);
    // Dashboards stay active, so deploying one again reads its Job and Service instead of replacing them.
    await setTemplateNodeSelector(namespace, NOWHERE);
    const cronJob = await getJson(['cronjob', 'team-dashboard', '-n', namespace]);
    const template = cronJob.spec.jobTemplate as V1JobTemplateSpec;
    // A dashboard pod on a node, whose log the manager asks for.
    const logged = dashboardJob(template, { exerciseId: 'role', teamId: 'logs', config: BLUE, namespace });
    await apply([{
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'td-role-logs', namespace, labels: logged.spec?.template.metadata?.labels },
      spec: { ...logged.spec?.template.spec, nodeSelector: undefined, nodeName: 'worker-1' },
    }]);
  });
  afterAll(async () => td?.remove());

  /** Every call the manager makes, as the orchestration service makes them; the refusals (403) it met. */
  async function forbiddenCalls(): Promise<string[]> {
    const { manager } = td;
    await run(['delete', 'jobs,services', '-n', namespace, '-l', 'scip.exercise=role', '--cascade=background', '--wait']);
    // A dashboard Service applied from the CLI's output, which no Job owns, so cleanup always has one to delete.
    const template = (await getJson(['cronjob', 'team-dashboard', '-n', namespace])).spec.jobTemplate as V1JobTemplateSpec;
    await apply([dashboardService(dashboardJob(template, { exerciseId: 'role', teamId: 'cli', config: BLUE, namespace }))]);
    const forbidden: string[] = [];
    const call = async (operation: () => Promise<unknown>) => {
      try {
        await operation();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (message.includes('(HTTP 403)')) forbidden.push(message);
        else if (!NO_KUBELET.test(message)) throw error;
      }
    };
    await call(() => manager.deploy('role', 'a', BLUE));
    await call(() => manager.deploy('role', 'a', BLUE));
    await call(() => manager.list('role'));
    await call(() => manager.logs('role', 'logs'));
    await call(() => manager.remove('role', 'a'));
    await call(() => manager.cleanup('role'));
    return forbidden;
  }

  async function grantRules(rules: readonly Json[], expected: { resource: string; verb: string; allowed: boolean }): Promise<void> {
    await apply([{ ...role, rules }]);
    const [resource, subresource] = expected.resource.split('/');
    const target = expected.resource === 'cronjobs' ? 'cronjobs.batch/team-dashboard' : `${resource}${resource === 'jobs' ? '.batch' : ''}`;
    const args = ['auth', 'can-i', expected.verb, target, '-n', namespace, `--as=system:serviceaccount:${namespace}:${SERVICE_ACCOUNT}`,
      ...(subresource ? [`--subresource=${subresource}`] : [])];
    // RBAC takes a moment to see a changed Role.
    await vi.waitFor(async () => expect((await kubectl(args)).stdout.trim()).toBe(expected.allowed ? 'yes' : 'no'), { timeout: 30_000, interval: 200 });
  }

  it('lets the manager make every call it makes', async () => {
    expect(await forbiddenCalls()).toEqual([]);
  });

  for (const grant of grants) {
    it(`is needed: ${grant.verb} ${grant.resource}`, async () => {
      const rules = (role.rules as Json[]).flatMap((rule) => {
        if (!rule.resources.includes(grant.resource) || !rule.verbs.includes(grant.verb)) return [rule];
        const others = rule.resources.filter((resource: string) => resource !== grant.resource);
        const verbs = rule.verbs.filter((verb: string) => verb !== grant.verb);
        return [
          ...(others.length > 0 ? [{ ...rule, resources: others }] : []),
          ...(verbs.length > 0 ? [{ ...rule, resources: [grant.resource], verbs }] : []),
        ];
      });
      await grantRules(rules, { ...grant, allowed: false });
      try {
        expect(await forbiddenCalls()).toContainEqual(expect.stringContaining(`cannot ${grant.verb} resource "${grant.resource}"`));
      } finally {
        await grantRules(role.rules as Json[], { ...grant, allowed: true });
      }
    });
  }
});
