/**
 * TeamDashboardManager where a real API server cannot be made to answer on demand: calls that race
 * with other clients or the garbage collector, log text, error pages of proxies, and bad input that
 * must never reach the server. Everything else — deploy, list, redeploy, cleanup, RBAC and the
 * admission policies — runs against a real API server in test/cluster/team-dashboard.test.ts.
 */
import { KubeConfig, type V1Job } from '@kubernetes/client-node';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TeamDashboardInputError } from '../../lib/team-dashboard/errors.ts';
import { TeamDashboardManager } from '../../lib/team-dashboard/manager.ts';
import { FakeKubeApi, status, type FakeResponse, type RecordedRequest } from '../support/fake-kube-api.ts';
import { findObject } from '../support/k8s.ts';
import { synthTemplate } from './synth.ts';

const NS = 'scip';
const CRONJOB = `/apis/batch/v1/namespaces/${NS}/cronjobs/team-dashboard`;
const JOBS = `/apis/batch/v1/namespaces/${NS}/jobs`;
const SERVICES = `/api/v1/namespaces/${NS}/services`;
const PODS = `/api/v1/namespaces/${NS}/pods`;
const BLUE = { name: 'Team Blue', color: '#0000ff' };
const TEAM_LABELS = { 'scip.type': 'team-dashboard', 'scip.exercise': 'ex1', 'scip.team': 'blue' };

let api: FakeKubeApi | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

/**
 * A manager talking to a fake that answers each `METHOD path` with the next of its scripted
 * responses (the last one repeats).
 */
async function scripted(script: Readonly<Record<string, FakeResponse | readonly FakeResponse[]>>): Promise<TeamDashboardManager> {
  const served = new Map<string, number>();
  api = await new FakeKubeApi((request: RecordedRequest) => {
    const key = `${request.method} ${request.path}`;
    const answers = script[key];
    if (answers === undefined) return undefined;
    const list = Array.isArray(answers) ? answers : [answers as FakeResponse];
    const index = served.get(key) ?? 0;
    served.set(key, index + 1);
    return list[Math.min(index, list.length - 1)];
  }).start();
  return new TeamDashboardManager({ kubeConfig: api.kubeConfig(NS) });
}

const calls = () => api!.requests.map((r) => `${r.method} ${r.path}`);
const ok = (body: unknown, code = 200): FakeResponse => ({ status: code, body });
const template = ok(findObject(synthTemplate(), 'CronJob', 'team-dashboard'));
const exists = (what: string) => status(409, 'AlreadyExists', `${what} "td-ex1-blue" already exists`);
const gone = (what: string) => status(404, 'NotFound', `${what} "td-ex1-blue" not found`);

function job(uid: string, conditions: { type: string; status: string }[] = []): V1Job {
  return { metadata: { name: 'td-ex1-blue', namespace: NS, uid, labels: TEAM_LABELS }, spec: { template: {} }, status: { conditions } };
}
function service(ownerUid?: string, selector: Readonly<Record<string, string>> = TEAM_LABELS): unknown {
  const owner = ownerUid ? [{ apiVersion: 'batch/v1', kind: 'Job', name: 'td-ex1-blue', uid: ownerUid, controller: true }] : undefined;
  return {
    metadata: { name: 'td-ex1-blue', namespace: NS, uid: `svc-${ownerUid}`, labels: TEAM_LABELS, ownerReferences: owner },
    spec: { type: 'ClusterIP', selector },
  };
}
const failed = [{ type: 'Failed', status: 'True' }];

describe('TeamDashboardManager.deploy, racing other clients', () => {
  it('creates the Job again when the one that existed is gone before it could be read (its TTL expired)', async () => {
    const manager = await scripted({
      [`GET ${CRONJOB}`]: template,
      [`POST ${JOBS}`]: [exists('jobs.batch'), ok(job('new'), 201)],
      [`GET ${JOBS}/td-ex1-blue`]: gone('jobs.batch'),
      [`POST ${SERVICES}`]: ok(service('new'), 201),
    });
    expect(await manager.deploy('ex1', 'blue', BLUE)).toMatchObject({ created: true });
    expect(calls()).toEqual([`GET ${CRONJOB}`, `POST ${JOBS}`, `GET ${JOBS}/td-ex1-blue`, `POST ${JOBS}`, `POST ${SERVICES}`]);
  });

  it('deletes a failed Job by its uid only, and keeps the running one another caller created meanwhile', async () => {
    const manager = await scripted({
      [`GET ${CRONJOB}`]: template,
      [`POST ${JOBS}`]: exists('jobs.batch'),
      [`GET ${JOBS}/td-ex1-blue`]: [ok(job('old', failed)), ok(job('theirs'))],
      // The uid precondition failed: the failed Job was replaced already.
      [`DELETE ${JOBS}/td-ex1-blue`]: status(409, 'Conflict', 'Precondition failed: UID in precondition: old, UID in object meta: theirs'),
      [`POST ${SERVICES}`]: exists('services'),
      [`GET ${SERVICES}/td-ex1-blue`]: ok(service('theirs')),
    });
    expect(await manager.deploy('ex1', 'blue', BLUE)).toMatchObject({ created: false });
    const deletion = api!.requests.find((r) => r.method === 'DELETE');
    expect(deletion?.body).toEqual({ propagationPolicy: 'Background', preconditions: { uid: 'old' } });
    expect(calls().filter((c) => c.startsWith('POST'))).toEqual([`POST ${JOBS}`, `POST ${JOBS}`, `POST ${SERVICES}`]);
  });

  it('replaces a Service of an earlier Job that the garbage collector has not removed yet', async () => {
    const manager = await scripted({
      [`GET ${CRONJOB}`]: template,
      [`POST ${JOBS}`]: ok(job('new'), 201),
      [`POST ${SERVICES}`]: [exists('services'), ok(service('new'), 201)],
      [`GET ${SERVICES}/td-ex1-blue`]: ok(service('old')),
      [`DELETE ${SERVICES}/td-ex1-blue`]: ok({ kind: 'Status', status: 'Success' }),
    });
    expect(await manager.deploy('ex1', 'blue', BLUE)).toMatchObject({ created: true });
    expect(api!.requests.find((r) => r.method === 'DELETE')?.body).toEqual({ preconditions: { uid: 'svc-old' } });
    const created = api!.requests.filter((r) => r.method === 'POST' && r.path === SERVICES).at(-1)?.body as { metadata: { ownerReferences: { uid: string }[] } };
    expect(created.metadata.ownerReferences[0]?.uid).toBe('new');
  });

  it('keeps a Service no Job owns, as the CLI’s output creates it', async () => {
    const manager = await scripted({
      [`GET ${CRONJOB}`]: template,
      [`POST ${JOBS}`]: ok(job('new'), 201),
      [`POST ${SERVICES}`]: exists('services'),
      [`GET ${SERVICES}/td-ex1-blue`]: ok(service()),
    });
    expect(await manager.deploy('ex1', 'blue', BLUE)).toMatchObject({ created: true });
    expect(calls()).not.toContain(`DELETE ${SERVICES}/td-ex1-blue`);
  });

  it("replaces a leftover Service of the name that leads to another team's pods, never handing out its URL", async () => {
    const manager = await scripted({
      [`GET ${CRONJOB}`]: template,
      [`POST ${JOBS}`]: ok(job('new'), 201),
      [`POST ${SERVICES}`]: [exists('services'), ok(service('new'), 201)],
      [`GET ${SERVICES}/td-ex1-blue`]: ok(service(undefined, { ...TEAM_LABELS, 'scip.team': 'red' })),
      [`DELETE ${SERVICES}/td-ex1-blue`]: ok({ kind: 'Status', status: 'Success' }),
    });
    expect(await manager.deploy('ex1', 'blue', BLUE)).toMatchObject({ created: true });
    expect(api!.requests.find((r) => r.method === 'DELETE')?.body).toEqual({ preconditions: { uid: 'svc-undefined' } });
    const created = api!.requests.filter((r) => r.method === 'POST' && r.path === SERVICES).at(-1)?.body as { spec: { selector: Record<string, string> } };
    expect(created.spec.selector).toEqual(TEAM_LABELS);
  });

  it('gives up with one line when the Job keeps changing', async () => {
    const manager = await scripted({
      [`GET ${CRONJOB}`]: template,
      [`POST ${JOBS}`]: exists('jobs.batch'),
      [`GET ${JOBS}/td-ex1-blue`]: gone('jobs.batch'),
    });
    await expect(manager.deploy('ex1', 'blue', BLUE)).rejects.toThrow(
      'Kubernetes API: create Job td-ex1-blue failed: the object changed under us 3 times; try again',
    );
  });

  it('rejects bad input before any request', async () => {
    const manager = await scripted({});
    await expect(manager.deploy('ex 1', 'blue', BLUE)).rejects.toThrow(TeamDashboardInputError);
    await expect(manager.deploy('ex1', 'blue', { name: 'Blue', color: 'bleu' })).rejects.toThrow(/color: 'bleu'/);
    await expect(manager.deploy('ex1', 'blue', { ...BLUE, memoryLimit: '256m' })).rejects.toThrow(/write 256Mi/);
    await expect(manager.list('bad id')).rejects.toThrow(TeamDashboardInputError);
    await expect(manager.cleanup('')).rejects.toThrow(TeamDashboardInputError);
    expect(api!.requests).toEqual([]);
  });

  it('reports an error page that is not a Status by its start, in one line', async () => {
    const page = `<html><head><title>502 Bad Gateway</title></head><body>${'x'.repeat(300)}</body></html>`;
    const manager = await scripted({ [`GET ${CRONJOB}`]: { status: 502, body: page, contentType: 'text/html' } });
    await expect(manager.deploy('ex1', 'blue', BLUE)).rejects.toThrow(
      `Kubernetes API: read CronJob team-dashboard failed (HTTP 502): ${page.slice(0, 200)}`,
    );
  });
});

describe('TeamDashboardManager.cleanup, racing the garbage collector', () => {
  it('counts only what it removed when objects vanish between the list and the delete (404)', async () => {
    const item = (name: string) => ({ metadata: { name, namespace: NS, labels: TEAM_LABELS } });
    const manager = await scripted({
      [`GET ${JOBS}`]: ok({ items: [item('td-ex1-blue'), item('td-ex1-red')] }),
      [`DELETE ${JOBS}/td-ex1-blue`]: ok({ kind: 'Status', status: 'Success' }),
      [`DELETE ${JOBS}/td-ex1-red`]: gone('jobs.batch'),
      [`GET ${SERVICES}`]: ok({ items: [item('td-ex1-blue'), item('td-ex1-green')] }),
      [`DELETE ${SERVICES}/td-ex1-blue`]: gone('services'),
      [`DELETE ${SERVICES}/td-ex1-green`]: ok({ kind: 'Status', status: 'Success' }),
    });
    expect(await manager.cleanup('ex1')).toEqual({ jobs: 1, services: 1 });
    expect(api!.requests.find((r) => r.method === 'GET' && r.path === JOBS)?.query).toEqual({
      labelSelector: 'scip.type=team-dashboard,scip.exercise=ex1',
    });
  });
});

describe('TeamDashboardManager.remove: one team, the others untouched', () => {
  it("deletes only that team's Job and Service, selected by exercise and team", async () => {
    const manager = await scripted({
      [`GET ${JOBS}`]: ok({ items: [{ metadata: { name: 'td-ex1-blue', namespace: NS, labels: TEAM_LABELS } }] }),
      [`DELETE ${JOBS}/td-ex1-blue`]: ok({ kind: 'Status', status: 'Success' }),
      [`GET ${SERVICES}`]: ok({ items: [] }),
    });
    expect(await manager.remove('ex1', 'blue')).toEqual({ jobs: 1, services: 0 });
    const selectors = api!.requests.filter((r) => r.method === 'GET').map((r) => r.query['labelSelector']);
    expect(selectors).toEqual(['scip.type=team-dashboard,scip.exercise=ex1,scip.team=blue', 'scip.type=team-dashboard,scip.exercise=ex1,scip.team=blue']);
    expect(calls().filter((call) => call.startsWith('DELETE'))).toEqual([`DELETE ${JOBS}/td-ex1-blue`]);
  });

  it('rejects a bad team id before any request', async () => {
    const manager = await scripted({});
    await expect(manager.remove('ex1', 'Bad Team!')).rejects.toBeInstanceOf(TeamDashboardInputError);
    expect(calls()).toEqual([]);
  });
});

describe('TeamDashboardManager with a route per team', () => {
  const INGRESSES = `/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses`;
  const route = { domain: 'dashboards.example.com', className: 'nginx', tlsSecretName: 'dashboards-tls' };

  async function routed(script: Parameters<typeof scripted>[0]): Promise<TeamDashboardManager> {
    await scripted(script);
    return new TeamDashboardManager({ kubeConfig: api!.kubeConfig(NS), route });
  }

  it("creates the team's Ingress owned by its Job, and returns its https URL", async () => {
    const manager = await routed({
      [`GET ${CRONJOB}`]: template,
      [`POST ${JOBS}`]: ok(job('j1'), 201),
      [`POST ${SERVICES}`]: ok(service('j1'), 201),
      [`POST ${INGRESSES}`]: ok({ metadata: { name: 'td-ex1-blue' } }, 201),
    });
    expect(await manager.deploy('ex1', 'blue', BLUE)).toMatchObject({
      url: 'https://td-ex1-blue.dashboards.example.com',
      dnsName: `td-ex1-blue.${NS}.svc.cluster.local`,
    });
    const ingress = api!.requests.find((r) => r.method === 'POST' && r.path === INGRESSES)?.body;
    expect(ingress).toMatchObject({
      metadata: { name: 'td-ex1-blue', labels: TEAM_LABELS, ownerReferences: [{ kind: 'Job', uid: 'j1', controller: true }] },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['td-ex1-blue.dashboards.example.com'], secretName: 'dashboards-tls' }],
        rules: [{ host: 'td-ex1-blue.dashboards.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'td-ex1-blue', port: { number: 80 } } } }] } }],
      },
    });
  });

  it("replaces the Ingress of the team's earlier Job, and remove deletes the team's Ingress", async () => {
    const stale = { metadata: { name: 'td-ex1-blue', uid: 'ing-old', ownerReferences: [{ kind: 'Job', name: 'td-ex1-blue', uid: 'old', controller: true }] } };
    const manager = await routed({
      [`GET ${CRONJOB}`]: template,
      [`POST ${JOBS}`]: ok(job('j2'), 201),
      [`POST ${SERVICES}`]: ok(service('j2'), 201),
      [`POST ${INGRESSES}`]: [exists('ingresses.networking.k8s.io'), ok({ metadata: { name: 'td-ex1-blue' } }, 201)],
      [`GET ${INGRESSES}/td-ex1-blue`]: ok(stale),
      [`DELETE ${INGRESSES}/td-ex1-blue`]: ok({ kind: 'Status', status: 'Success' }),
      [`GET ${JOBS}`]: ok({ items: [] }),
      [`GET ${SERVICES}`]: ok({ items: [] }),
    });
    await manager.deploy('ex1', 'blue', BLUE);
    expect(api!.requests.find((r) => r.method === 'DELETE')?.body).toMatchObject({ preconditions: { uid: 'ing-old' } });
    await manager.remove('ex1', 'blue');
    expect(calls().filter((call) => call === `DELETE ${INGRESSES}/td-ex1-blue`)).toHaveLength(2);
  });

  it('rejects a route that is not a DNS domain before any request', () => {
    expect(() => new TeamDashboardManager({ kubeConfig: new KubeConfig(), namespace: NS, route: { domain: 'Dash Boards' } })).toThrow(TeamDashboardInputError);
  });
});

describe('TeamDashboardManager request timeouts', () => {
  it('fails a call the API server never answers, in one line, instead of hanging', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromOptions({
        clusters: [{ name: 'silent', server: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, skipTLSVerify: true }],
        users: [{ name: 'tester', token: 'fake-token' }],
        contexts: [{ name: 'silent', cluster: 'silent', user: 'tester', namespace: NS }],
        currentContext: 'silent',
      });
      const manager = new TeamDashboardManager({ kubeConfig, requestTimeoutMs: 200 });
      await expect(manager.list('ex1')).rejects.toThrow(/^Kubernetes API: listNamespacedJob got no answer within 200 ms$/);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('TeamDashboardManager.logs (the cluster suite’s nodes run no containers)', () => {
  const pod = (name: string, creationTimestamp: string, nodeName?: string) => ({
    metadata: { name, namespace: NS, creationTimestamp, labels: TEAM_LABELS },
    spec: { containers: [], ...(nodeName ? { nodeName } : {}) },
  });

  it('reads the dashboard container’s log of the team’s newest pod', async () => {
    const manager = await scripted({
      [`GET ${PODS}`]: ok({
        items: [pod('td-ex1-blue-aaaaa', '2026-01-01T10:00:00Z', 'node-1'), pod('td-ex1-blue-bbbbb', '2026-01-01T10:05:00Z', 'node-2')],
      }),
      [`GET ${PODS}/td-ex1-blue-bbbbb/log`]: { status: 200, body: 'line 2\nline 3\n', contentType: 'text/plain' },
    });
    expect(await manager.logs('ex1', 'blue', { tailLines: 2 })).toEqual({ pod: 'td-ex1-blue-bbbbb', log: 'line 2\nline 3\n' });
    expect(api!.requests.map((r) => r.query)).toEqual([
      { labelSelector: 'scip.type=team-dashboard,scip.exercise=ex1,scip.team=blue' },
      { container: 'team-dashboard', tailLines: '2' },
    ]);
  });

  it('is undefined while the team has no pod', async () => {
    const manager = await scripted({ [`GET ${PODS}`]: ok({ items: [] }) });
    expect(await manager.logs('ex1', 'blue')).toBeUndefined();
  });
});

describe('TeamDashboardManager configuration', () => {
  it('takes the namespace from the kubeconfig context unless given', async () => {
    await scripted({});
    expect(new TeamDashboardManager({ kubeConfig: api!.kubeConfig('exercises') }).namespace).toBe('exercises');
    expect(new TeamDashboardManager({ kubeConfig: api!.kubeConfig('exercises'), namespace: 'other' }).namespace).toBe('other');
  });
});
