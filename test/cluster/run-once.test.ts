/**
 * Run-once tasks (issue 13 item 1) on a real Kubernetes 1.37 API server, controller manager and
 * scheduler, with kwok nodes: the repro (a migration that web and worker wait for with
 * service_completed_successfully), converted by the CLI and applied to a namespace that enforces
 * the restricted Pod Security level.
 *
 * What this proves, and what it cannot: the real API server admits every object (strict schema,
 * Pod Security admission, RBAC objects); the real Job controller runs the task as exactly one pod
 * and marks the Job Complete once that pod succeeds; the waiting pods are admitted and scheduled;
 * and the waiter's own command — the init container's exact arguments — succeeds with a token of
 * the waiter's ServiceAccount from the TokenRequest API, which may read that Job and nothing else,
 * while the same command keeps waiting (until its timeout) for a Job whose pod cannot run.
 * kwok simulates containers: it ends a Job's pod with success (its pod-complete stage) and marks
 * every init container finished at once, so that a pod really waits in its init container until
 * the Job completes is shown by running that command here, not by a kubelet.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { getItems, type KubeObject } from '../../tools/cluster/kubectl.ts';
import { composeUnit, type Unit } from '../../tools/cluster/units.ts';
import { adminKubectl } from './support.ts';

const kubectl = adminKubectl();
const cluster = inject('cluster');
const NAMESPACE = 'run-once';
/** The same stack with a task that never runs: its pod asks for a node label no node has. */
const PENDING_NAMESPACE = 'run-once-pending';
/** A task that a server depends on with short-form depends_on (spicedb's `migrate`), and its failing twin. */
const STARTED_NAMESPACE = 'run-once-started';
const FAILED_NAMESPACE = 'run-once-started-failed';

const compose = {
  services: {
    db: { image: 'postgres:16', healthcheck: { test: ['CMD', 'pg_isready'] } },
    migrate: { image: 'x/app:1', command: ['python', 'manage.py', 'migrate'], depends_on: { db: { condition: 'service_healthy' } } },
    web: { image: 'x/app:1', command: ['gunicorn', 'app'], ports: ['8000:8000'], depends_on: { migrate: { condition: 'service_completed_successfully' } } },
    worker: { image: 'x/app:1', command: ['celery', 'worker'], depends_on: { migrate: { condition: 'service_completed_successfully' } } },
  },
};

async function run(args: readonly string[], input?: string): Promise<string> {
  const result = await kubectl(args, input);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${result.stderr.trim()}`);
  return result.stdout;
}

/** kubectl as a ServiceAccount: only its token, no kubeconfig. */
function asServiceAccount(token: string, args: readonly string[], namespace = NAMESPACE): Promise<{ code: number; stdout: string; stderr: string }> {
  const connection = [`--server=${cluster.server}`, `--certificate-authority=${cluster.caCert}`, `--token=${token}`, `--namespace=${namespace}`];
  return new Promise((resolve) => {
    execFile(cluster.kubectlBinary, [...connection, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

describe('run-once tasks on a real cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-once-cluster-'));
  let unit: Unit;
  let applyStderr = '';
  let job: string;

  beforeAll(async () => {
    writeFileSync(join(dir, 'compose.yaml'), stringify(compose));
    unit = await composeUnit('run-once', dir, ['-f', 'compose.yaml'], NAMESPACE);
    const applied = await kubectl(['apply', '--server-side', '--field-manager', 'cdk8s-compose', '--validate=strict', '-f', '-'], unit.manifests);
    if (applied.code !== 0) throw new Error(`apply: ${applied.stderr}`);
    applyStderr = applied.stderr;
    if (unit.secrets?.trim()) await run(['apply', '--server-side', '--field-manager', 'cdk8s-compose', '-f', '-'], unit.secrets);
    const jobs = await getItems(kubectl, ['jobs', '-n', NAMESPACE]);
    expect(jobs.map((item) => item.metadata.name)).toEqual([expect.stringMatching(/^migrate-[0-9a-f]{8}$/)]);
    job = jobs[0]?.metadata.name ?? '';
  });

  afterAll(async () => {
    await kubectl(['delete', 'namespace', NAMESPACE, PENDING_NAMESPACE, '--wait=false', '--ignore-not-found']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('admits everything under the restricted Pod Security level, without warnings', async () => {
    const namespace = (await getItems(kubectl, ['namespace', NAMESPACE]))[0] as KubeObject;
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(applyStderr.split('\n').filter((line) => line.startsWith('Warning:'))).toEqual([]);
  });

  it('runs the task as one pod of one Job, which completes; nothing else runs it', async () => {
    await run(['wait', '--for=condition=complete', `job/${job}`, '-n', NAMESPACE, '--timeout=120s']);
    const completed = (await getItems(kubectl, ['job', job, '-n', NAMESPACE]))[0] as KubeObject;
    expect(completed.status.succeeded).toBe(1);
    const pods = await getItems(kubectl, ['pods', '-n', NAMESPACE]);
    const runs = pods.filter((pod) => [...(pod.spec.initContainers ?? []), ...pod.spec.containers]
      .some((container: { args?: string[] }) => (container.args ?? []).includes('manage.py')));
    expect(runs.map((pod) => pod.metadata.labels?.['batch.kubernetes.io/job-name'])).toEqual([job]);
    expect(runs[0]?.status.phase).toBe('Succeeded');
    expect((await getItems(kubectl, ['deployments', '-n', NAMESPACE])).map((d) => d.metadata.name).sort()).toEqual(['db', 'web', 'worker']);
  });

  it('starts the waiting pods, whose wait-for-migrate init container finishes (simulated by kwok)', async () => {
    await run(['wait', '--for=condition=available', 'deployment/web', 'deployment/worker', '-n', NAMESPACE, '--timeout=120s']);
    for (const name of ['web', 'worker']) {
      const [pod] = await getItems(kubectl, ['pods', '-n', NAMESPACE, '-l', `app.kubernetes.io/name=${name}`]);
      expect(pod?.spec.serviceAccountName).toBe(`${name}-job-wait`);
      const wait = (pod?.status.initContainerStatuses ?? []).find((status: { name: string }) => status.name === 'wait-for-migrate');
      expect(wait?.state?.terminated?.reason).toBe('Completed');
    }
  });

  it("the init container's own command succeeds with the waiter's own token, which reads that Job and nothing else", async () => {
    const token = (await run(['create', 'token', 'web-job-wait', '-n', NAMESPACE, '--duration=10m'])).trim();
    const web = (await getItems(kubectl, ['deployment', 'web', '-n', NAMESPACE]))[0] as KubeObject;
    const [wait] = web.spec.template.spec.initContainers as { name: string; command: string[] }[];
    expect(wait?.name).toBe('wait-for-migrate');
    const cache = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
    try {
      // The exact arguments; only the cache folder is one of this machine.
      const args = (wait?.command ?? []).slice(1).map((arg) => (arg.startsWith('--cache-dir=') ? `--cache-dir=${cache}` : arg));
      expect(args).toContain(`job/${job}`);
      const waited = await asServiceAccount(token, args);
      expect(waited.stderr).toBe('');
      expect(waited.code).toBe(0);
      expect(waited.stdout).toContain(`job.batch/${job} condition met`);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
    const canI = async (...what: string[]) => (await asServiceAccount(token, ['auth', 'can-i', ...what])).stdout.trim();
    expect(await canI('get', `jobs/${job}`)).toBe('yes');
    expect(await canI('watch', `jobs/${job}`)).toBe('yes');
    expect(await canI('list', 'jobs')).toBe('no');
    expect(await canI('get', 'jobs/some-other-job')).toBe('no');
    expect(await canI('delete', `jobs/${job}`)).toBe('no');
    expect(await canI('get', 'secrets')).toBe('no');
    expect(await canI('get', 'pods')).toBe('no');
    const listed = await asServiceAccount(token, ['get', 'jobs']);
    expect(listed.code).not.toBe(0);
    expect(listed.stderr).toMatch(/forbidden/);
  });

  it('the same command keeps waiting while the Job has not completed', async () => {
    const pendingDir = join(dir, 'pending');
    mkdirSync(pendingDir);
    const nowhere = structuredClone(compose) as typeof compose & { services: { migrate: Record<string, unknown> } };
    nowhere.services.migrate['x-kubernetes'] = { nodeSelector: { 'example.com/no-such-node': 'true' } };
    writeFileSync(join(pendingDir, 'compose.yaml'), stringify(nowhere));
    const pending = await composeUnit('run-once-pending', pendingDir, ['-f', 'compose.yaml'], PENDING_NAMESPACE);
    await run(['apply', '--server-side', '--field-manager', 'cdk8s-compose', '--validate=strict', '-f', '-'], pending.manifests);
    const [pendingJob] = await getItems(kubectl, ['jobs', '-n', PENDING_NAMESPACE]);
    const token = (await run(['create', 'token', 'web-job-wait', '-n', PENDING_NAMESPACE, '--duration=10m'])).trim();
    const web = (await getItems(kubectl, ['deployment', 'web', '-n', PENDING_NAMESPACE]))[0] as KubeObject;
    const [wait] = web.spec.template.spec.initContainers as { command: string[] }[];
    const cache = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
    try {
      // The exact arguments, with a short timeout instead of 30 minutes.
      const args = (wait?.command ?? []).slice(1).map((arg) =>
        arg.startsWith('--cache-dir=') ? `--cache-dir=${cache}` : arg.startsWith('--timeout=') ? '--timeout=5s' : arg);
      expect(args).toContain(`job/${pendingJob?.metadata.name}`);
      const waited = await asServiceAccount(token, args, PENDING_NAMESPACE);
      expect(waited.code).not.toBe(0);
      expect(waited.stderr).toMatch(/timed out waiting for the condition/);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

/** spicedb's example: `spicedb` depends on `migrate` with short-form depends_on (service_started). */
const shortForm = {
  services: {
    database: { image: 'postgres:16' },
    migrate: { image: 'authzed/spicedb:v1.35.3', command: 'migrate head', restart: 'on-failure', depends_on: ['database'] },
    spicedb: { image: 'authzed/spicedb:v1.35.3', command: 'serve', ports: ['50051:50051'], depends_on: ['migrate'] },
  },
};

/** The waiter's exact arguments with this machine's cache folder and a short timeout. */
function waiterArgs(command: readonly string[], cache: string, timeout: string): string[] {
  return command.slice(1).map((arg) => (arg.startsWith('--cache-dir=') ? `--cache-dir=${cache}` : arg.startsWith('--timeout=') ? `--timeout=${timeout}` : arg));
}

describe('a task that a server depends on with short-form depends_on, on a real cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-once-started-'));
  const cache = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));

  async function applyUnit(name: string, namespace: string, compose: object): Promise<void> {
    const unitDir = join(dir, name);
    mkdirSync(unitDir);
    writeFileSync(join(unitDir, 'compose.yaml'), stringify(compose));
    const unit = await composeUnit(name, unitDir, ['-f', 'compose.yaml'], namespace);
    await run(['apply', '--server-side', '--field-manager', 'cdk8s-compose', '--validate=strict', '-f', '-'], unit.manifests);
    if (unit.secrets?.trim()) await run(['apply', '--server-side', '--field-manager', 'cdk8s-compose', '-f', '-'], unit.secrets);
  }

  /** The spicedb waiter's command, run as its ServiceAccount. */
  async function waitAsSpicedb(namespace: string, timeout: string): Promise<{ job: string; code: number; stdout: string; stderr: string }> {
    const [job] = await getItems(kubectl, ['jobs', '-n', namespace]);
    const token = (await run(['create', 'token', 'spicedb-job-wait', '-n', namespace, '--duration=10m'])).trim();
    const server = (await getItems(kubectl, ['deployment', 'spicedb', '-n', namespace]))[0] as KubeObject;
    const [wait] = server.spec.template.spec.initContainers as { name: string; command: string[] }[];
    expect(wait?.name).toBe('wait-for-migrate');
    const args = waiterArgs(wait?.command ?? [], cache, timeout);
    expect(args).toContain(`job/${job?.metadata.name}`);
    return { job: job?.metadata.name ?? '', ...(await asServiceAccount(token, args, namespace)) };
  }

  afterAll(async () => {
    await kubectl(['delete', 'namespace', STARTED_NAMESPACE, FAILED_NAMESPACE, '--wait=false', '--ignore-not-found']);
    rmSync(dir, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  it('runs the task as a Job that completes, and the server waits for it and then starts', async () => {
    await applyUnit('started', STARTED_NAMESPACE, shortForm);
    expect((await getItems(kubectl, ['deployments', '-n', STARTED_NAMESPACE])).map((d) => d.metadata.name).sort()).toEqual(['database', 'spicedb']);
    const [job] = await getItems(kubectl, ['jobs', '-n', STARTED_NAMESPACE]);
    expect(job?.metadata.name).toMatch(/^migrate-[0-9a-f]{8}$/);
    await run(['wait', '--for=condition=complete', `job/${job?.metadata.name}`, '-n', STARTED_NAMESPACE, '--timeout=120s']);
    await run(['wait', '--for=condition=available', 'deployment/spicedb', '-n', STARTED_NAMESPACE, '--timeout=120s']);
    const waited = await waitAsSpicedb(STARTED_NAMESPACE, '60s');
    expect(waited.stderr).toBe('');
    expect(waited.code).toBe(0);
    expect(waited.stdout).toContain(`job.batch/${waited.job} condition met`);
  });

  it('keeps the server waiting while the task has not finished, and lets it start once the task has failed, as compose would', async () => {
    // The task's pod asks for a node no node is: it never runs. With a deadline, the Job fails.
    const nowhere = structuredClone(shortForm) as typeof shortForm & { services: { migrate: Record<string, unknown> } };
    nowhere.services.migrate['x-kubernetes'] = { nodeSelector: { 'example.com/no-such-node': 'true' } };
    await applyUnit('failed', FAILED_NAMESPACE, nowhere);
    const pending = await waitAsSpicedb(FAILED_NAMESPACE, '3s');
    expect(pending.code).not.toBe(0);
    expect(pending.stderr).toMatch(/timed out waiting for the condition/);
    // The same Job, now with a deadline: a Job's spec is immutable but for a few fields, this one among them.
    await run(['patch', 'job', pending.job, '-n', FAILED_NAMESPACE, '--type=merge', '-p', JSON.stringify({ spec: { activeDeadlineSeconds: 5 } })]);
    await run(['wait', '--for=condition=failed', `job/${pending.job}`, '-n', FAILED_NAMESPACE, '--timeout=120s']);
    const failed = await waitAsSpicedb(FAILED_NAMESPACE, '60s');
    expect(failed.stderr).toBe('');
    expect(failed.code).toBe(0);
    expect(failed.stdout).toContain(`job.batch/${failed.job} condition met`);
  });
});
