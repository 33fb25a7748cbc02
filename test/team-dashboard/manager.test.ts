import { KubeConfig, type V1Job, type V1Service } from '@kubernetes/client-node';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TeamDashboardInputError } from '../../lib/team-dashboard/errors.ts';
import { TeamDashboardManager } from '../../lib/team-dashboard/manager.ts';
import { FakeKubeApi, type FakeKubeApiOptions } from '../support/fake-kube-api.ts';
import { findObject } from '../support/k8s.ts';
import { synthTemplate } from './synth.ts';

const NS = 'scip';
const JOBS = `/apis/batch/v1/namespaces/${NS}/jobs`;
const SERVICES = `/api/v1/namespaces/${NS}/services`;
const BLUE = { name: 'Team Blue', color: '#0000ff' };

let api: FakeKubeApi;

async function startApi(options: FakeKubeApiOptions = {}): Promise<TeamDashboardManager> {
  api = await new FakeKubeApi(options).start();
  api.seed('cronjobs', { ...findObject(synthTemplate(), 'CronJob', 'team-dashboard') });
  return new TeamDashboardManager({ kubeConfig: api.kubeConfig(NS) });
}

const calls = () => api.requests.map((r) => `${r.method} ${r.path}${r.query.labelSelector ? `?labelSelector=${r.query.labelSelector}` : ''}`);

afterEach(async () => api.stop());

describe('TeamDashboardManager.deploy', () => {
  let manager: TeamDashboardManager;
  beforeEach(async () => {
    manager = await startApi();
  });

  it('reads the template, then creates the Job and a Service owned by it', async () => {
    const result = await manager.deploy('ex1', 'blue', BLUE);

    expect(calls()).toEqual([
      `GET /apis/batch/v1/namespaces/${NS}/cronjobs/team-dashboard`,
      `POST ${JOBS}`,
      `POST ${SERVICES}`,
    ]);
    expect(api.requests.every((r) => r.authorization === 'Bearer fake-token')).toBe(true);
    expect(result).toEqual({
      name: 'td-ex1-blue',
      dnsName: `td-ex1-blue.${NS}.svc.cluster.local`,
      url: `http://td-ex1-blue.${NS}.svc.cluster.local`,
      exerciseId: 'ex1',
      teamId: 'blue',
      created: true,
    });

    const sentJob = api.requests[1]?.body as V1Job;
    expect(sentJob.kind).toBe('Job');
    expect(sentJob.metadata).toMatchObject({
      name: 'td-ex1-blue',
      namespace: NS,
      labels: { 'scip.type': 'team-dashboard', 'scip.exercise': 'ex1', 'scip.team': 'blue', 'app.kubernetes.io/part-of': 'scip' },
    });
    const container = sentJob.spec?.template.spec?.containers[0];
    expect(container?.env).toEqual([
      { name: 'TEAM_ID', value: 'blue' },
      { name: 'TEAM_NAME', value: 'Team Blue' },
      { name: 'TEAM_COLOR', value: '#0000ff' },
      { name: 'EXERCISE_ID', value: 'ex1' },
      { name: 'MQTT_WS_URL', value: 'ws://mqtt:9001' },
      { name: 'MQTT_TOPIC', value: '/exercise/ex1/team/blue/feed' },
    ]);
    expect(container?.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '250m', memory: '256Mi' } });
    // The template's Job settings travel with every dashboard.
    expect(sentJob.spec).toMatchObject({ backoffLimit: 3, activeDeadlineSeconds: 28800, ttlSecondsAfterFinished: 3600 });
    expect(sentJob.spec?.template.metadata?.labels).toMatchObject({ 'scip.exercise': 'ex1', 'scip.team': 'blue' });

    const storedJob = api.get('jobs', NS, 'td-ex1-blue');
    const sentService = api.requests[2]?.body as V1Service;
    expect(sentService.metadata?.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'Job', name: 'td-ex1-blue', uid: storedJob?.metadata.uid, controller: true },
    ]);
    expect(sentService.spec).toEqual({
      type: 'ClusterIP',
      selector: { 'scip.type': 'team-dashboard', 'scip.exercise': 'ex1', 'scip.team': 'blue' },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    });
  });

  it('applies a team’s own memory and CPU to requests and limits', async () => {
    await manager.deploy('ex1', 'red', { name: 'Red', color: 'red', memoryLimit: '512Mi', cpu: '500m' });
    const sent = api.requests[1]?.body as V1Job;
    expect(sent.spec?.template.spec?.containers[0]?.resources).toEqual({
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
  });

  it('returns the existing dashboard when deployed again (409 → read)', async () => {
    await manager.deploy('ex1', 'blue', BLUE);
    api.requests.length = 0;

    const again = await manager.deploy('ex1', 'blue', BLUE);

    expect(again).toMatchObject({ name: 'td-ex1-blue', created: false });
    expect(calls()).toEqual([
      `GET /apis/batch/v1/namespaces/${NS}/cronjobs/team-dashboard`,
      `POST ${JOBS}`,
      `GET ${JOBS}/td-ex1-blue`,
      `POST ${SERVICES}`,
      `GET ${SERVICES}/td-ex1-blue`,
    ]);
    expect(api.list('jobs', NS)).toHaveLength(1);
    expect(api.list('services', NS)).toHaveLength(1);
  });

  it('recreates a missing Service for an existing Job, owned by that Job', async () => {
    await manager.deploy('ex1', 'blue', BLUE);
    const uid = api.get('jobs', NS, 'td-ex1-blue')?.metadata.uid;
    api.delete('services', NS, 'td-ex1-blue');

    const again = await manager.deploy('ex1', 'blue', BLUE);

    expect(again.created).toBe(true);
    expect((api.get('services', NS, 'td-ex1-blue')?.metadata.ownerReferences as { uid: string }[])[0]?.uid).toBe(uid);
  });

  it('refuses to hand out another team’s dashboard whose name collides', async () => {
    await manager.deploy('a-b', 'c', BLUE);
    await expect(manager.deploy('a', 'b-c', BLUE)).rejects.toThrow(/already belongs to exercise 'a-b' team 'c'/);
  });

  it('shortens long ids deterministically and the API server accepts the names', async () => {
    const exercise = 'exercise-' + 'x'.repeat(50);
    const first = await manager.deploy(exercise, 'Blue_Team', BLUE);
    expect(first.name.length).toBeLessThanOrEqual(63);
    expect(first.name).toMatch(/^td-exercise-x+-[0-9a-f]{8}$/);
    expect((await manager.deploy(exercise, 'Blue_Team', BLUE)).name).toBe(first.name);
  });

  it('rejects bad input before any request', async () => {
    await expect(manager.deploy('ex 1', 'blue', BLUE)).rejects.toThrow(TeamDashboardInputError);
    await expect(manager.deploy('ex1', 'blue', { name: 'Blue', color: 'bleu' })).rejects.toThrow(/color: 'bleu'/);
    await expect(manager.deploy('ex1', 'blue', { ...BLUE, memoryLimit: '256m' })).rejects.toThrow(/write 256Mi/);
    expect(api.requests).toEqual([]);
  });

  it('explains a missing template', async () => {
    api.delete('cronjobs', NS, 'team-dashboard');
    await expect(manager.deploy('ex1', 'blue', BLUE)).rejects.toThrow(
      'template: CronJob team-dashboard not found in namespace scip; apply the SCIP manifests first',
    );
  });

  it('explains a template without containers', async () => {
    api.delete('cronjobs', NS, 'team-dashboard');
    api.seed('cronjobs', { metadata: { name: 'team-dashboard', namespace: NS }, spec: { jobTemplate: {} } });
    await expect(manager.deploy('ex1', 'blue', BLUE)).rejects.toThrow('template: the Job template has no containers');
  });

  it('reports API failures in one line with the server’s message', async () => {
    api.onRequest = (request) => {
      if (request.method === 'POST') throw new Error('etcdserver: request timed out');
    };
    await expect(manager.deploy('ex1', 'blue', BLUE)).rejects.toThrow(
      'Kubernetes API: create Job td-ex1-blue failed (HTTP 500): etcdserver: request timed out',
    );
  });
});

describe('TeamDashboardManager configuration', () => {
  it('loads $KUBECONFIG by default, with its context’s namespace', async () => {
    api = await new FakeKubeApi().start();
    api.seed('cronjobs', { ...findObject(synthTemplate({ namespace: 'exercises' }), 'CronJob', 'team-dashboard') });
    const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
    const file = join(dir, 'config');
    writeFileSync(file, api.kubeConfig('exercises').exportConfig());
    const previous = process.env.KUBECONFIG;
    process.env.KUBECONFIG = file;
    try {
      const manager = new TeamDashboardManager();
      expect(manager.namespace).toBe('exercises');
      expect((await manager.deploy('ex1', 'blue', BLUE)).dnsName).toBe('td-ex1-blue.exercises.svc.cluster.local');
      expect(api.requests[1]?.path).toBe('/apis/batch/v1/namespaces/exercises/jobs');
    } finally {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs in the pod’s own namespace with the in-cluster service account', async () => {
    api = await new FakeKubeApi().start();
    const root = mkdtempSync(join(tmpdir(), 'in-cluster-'));
    const secrets = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(secrets, { recursive: true });
    writeFileSync(join(secrets, 'namespace'), 'scip');
    writeFileSync(join(secrets, 'token'), 'service-account-token');
    try {
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromCluster(root);
      expect(new TeamDashboardManager({ kubeConfig }).namespace).toBe('scip');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('takes the namespace from the kubeconfig context unless given', async () => {
    api = await new FakeKubeApi().start();
    expect(new TeamDashboardManager({ kubeConfig: api.kubeConfig('exercises') }).namespace).toBe('exercises');
    expect(new TeamDashboardManager({ kubeConfig: api.kubeConfig('exercises'), namespace: 'other' }).namespace).toBe('other');
  });
});

describe('TeamDashboardManager.list', () => {
  it('lists by label selector and derives each dashboard’s state from the Job status', async () => {
    const manager = await startApi();
    await manager.deploy('ex1', 'blue', BLUE);
    await manager.deploy('ex1', 'red', { name: 'Red', color: 'red' });
    await manager.deploy('ex2', 'blue', BLUE);
    api.get('jobs', NS, 'td-ex1-red')!.status = { active: 1, ready: 1 };
    api.get('jobs', NS, 'td-ex2-blue')!.status = { failed: 4, conditions: [{ type: 'Failed', status: 'True' }] };
    api.requests.length = 0;

    const ex1 = await manager.list('ex1');
    expect(calls()).toEqual([`GET ${JOBS}?labelSelector=scip.type=team-dashboard,scip.exercise=ex1`]);
    expect(ex1.map((d) => [d.name, d.teamId, d.state])).toEqual([
      ['td-ex1-blue', 'blue', 'pending'],
      ['td-ex1-red', 'red', 'ready'],
    ]);
    expect(ex1[0]?.url).toBe(`http://td-ex1-blue.${NS}.svc.cluster.local`);

    const all = await manager.list();
    expect(api.requests.at(-1)?.query.labelSelector).toBe('scip.type=team-dashboard');
    expect(all.map((d) => [d.exerciseId, d.state])).toEqual([
      ['ex1', 'pending'],
      ['ex1', 'ready'],
      ['ex2', 'failed'],
    ]);
  });
});

describe('TeamDashboardManager.cleanup', () => {
  async function deployExercise(manager: TeamDashboardManager): Promise<void> {
    await manager.deploy('ex1', 'blue', BLUE);
    await manager.deploy('ex1', 'red', { name: 'Red', color: 'red' });
    await manager.deploy('ex2', 'blue', BLUE);
    // A dashboard's pod, and a Service applied from the CLI's YAML, which no Job owns.
    const job = api.get('jobs', NS, 'td-ex1-blue')!;
    api.seed('pods', {
      metadata: {
        name: 'td-ex1-blue-x7k2p',
        namespace: NS,
        labels: { 'scip.type': 'team-dashboard', 'scip.exercise': 'ex1', 'scip.team': 'blue' },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'td-ex1-blue', uid: job.metadata.uid, controller: true }],
      },
    });
    api.seed('services', {
      metadata: { name: 'td-ex1-green', namespace: NS, labels: { 'scip.type': 'team-dashboard', 'scip.exercise': 'ex1', 'scip.team': 'green' } },
    });
    api.requests.length = 0;
  }

  it('deletes the exercise’s Jobs with background propagation, then its remaining Services', async () => {
    const manager = await startApi();
    await deployExercise(manager);

    const result = await manager.cleanup('ex1');

    expect(calls()).toEqual([
      `GET ${JOBS}?labelSelector=scip.type=team-dashboard,scip.exercise=ex1`,
      `DELETE ${JOBS}/td-ex1-blue`,
      `DELETE ${JOBS}/td-ex1-red`,
      `GET ${SERVICES}?labelSelector=scip.type=team-dashboard,scip.exercise=ex1`,
      `DELETE ${SERVICES}/td-ex1-blue`,
      `DELETE ${SERVICES}/td-ex1-green`,
      `DELETE ${SERVICES}/td-ex1-red`,
    ]);
    for (const request of api.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith(JOBS))) {
      expect(request.body).toMatchObject({ propagationPolicy: 'Background' });
    }
    expect(result).toEqual({ jobs: 2, services: 3 });
    // Background propagation: the garbage collector then removes the dashboard's pod.
    expect(api.collectGarbage()).toBe(1);
    expect(api.list('pods', NS)).toEqual([]);
    expect(api.list('jobs', NS).map((j) => j.metadata.name)).toEqual(['td-ex2-blue']);
    expect(api.list('services', NS).map((s) => s.metadata.name)).toEqual(['td-ex2-blue']);
  });

  it('counts only what it removed when the garbage collector is quicker', async () => {
    const manager = await startApi({ garbageCollection: 'immediate' });
    await deployExercise(manager);

    expect(await manager.cleanup('ex1')).toEqual({ jobs: 2, services: 1 });
    expect(api.list('pods', NS)).toEqual([]);
  });

  it('treats objects that vanish meanwhile (404) as gone', async () => {
    const manager = await startApi();
    await deployExercise(manager);
    api.onRequest = (request) => {
      if (request.method === 'DELETE') api.delete(request.path.includes('/jobs/') ? 'jobs' : 'services', NS, request.path.split('/').at(-1)!);
    };

    expect(await manager.cleanup('ex1')).toEqual({ jobs: 0, services: 0 });
    expect(api.requests.filter((r) => r.method === 'DELETE')).toHaveLength(5);
  });

  it('returns zero counts for an exercise without dashboards', async () => {
    const manager = await startApi();
    expect(await manager.cleanup('nothing-here')).toEqual({ jobs: 0, services: 0 });
  });
});

describe('TeamDashboardManager.logs', () => {
  const podOf = (name: string, team: string, creationTimestamp: string) => ({
    metadata: {
      name,
      namespace: NS,
      creationTimestamp,
      labels: { 'scip.type': 'team-dashboard', 'scip.exercise': 'ex1', 'scip.team': team },
    },
  });

  it('reads the dashboard container’s log of the team’s newest pod', async () => {
    const manager = await startApi();
    api.seed('pods', podOf('td-ex1-blue-aaaaa', 'blue', '2026-01-01T10:00:00Z'));
    api.seed('pods', podOf('td-ex1-blue-bbbbb', 'blue', '2026-01-01T10:05:00Z'));
    api.seed('pods', podOf('td-ex1-red-ccccc', 'red', '2026-01-01T10:09:00Z'));
    api.setLog(NS, 'td-ex1-blue-bbbbb', 'line 1\nline 2\nline 3\n');

    expect(await manager.logs('ex1', 'blue', { tailLines: 2 })).toEqual({ pod: 'td-ex1-blue-bbbbb', log: 'line 2\nline 3\n' });
    expect(calls()).toEqual([
      `GET /api/v1/namespaces/${NS}/pods?labelSelector=scip.type=team-dashboard,scip.exercise=ex1,scip.team=blue`,
      `GET /api/v1/namespaces/${NS}/pods/td-ex1-blue-bbbbb/log`,
    ]);
    expect(api.requests[1]?.query).toEqual({ container: 'team-dashboard', tailLines: '2' });
  });

  it('is undefined while the team has no pod', async () => {
    const manager = await startApi();
    expect(await manager.logs('ex1', 'blue')).toBeUndefined();
  });
});
