/**
 * Issue 13 item 1 (run-once tasks) and issue 21 item 4 (implicit dependencies), from compose files
 * as users write them: a task others wait for with service_completed_successfully runs once, as a
 * Job, and its dependents wait for that Job through the API with nothing more than reading it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { loadProject } from '../../../lib/compose/load.ts';
import type { Diagnostic } from '../../../lib/compose/model.ts';
import type { KubernetesManifest } from '../../../lib/k8s/plan/plan.ts';
import { planManifests } from '../../../lib/k8s/plan/plan.ts';
import { manifestsToYaml } from '../../../lib/k8s/output/synth.ts';
import { translate, type TranslateOptions } from '../../../lib/k8s/translate.ts';
import { KUBECTL_IMAGE } from '../../../lib/k8s/workload/run-once/job-wait.ts';
import { k8sChecksAvailable, runK8sChecks, validateManifests, type Manifest } from '../../support/k8s.ts';

// Manifests are plain JSON here; tests walk them freely.
type Json = any;

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Converts a compose document (and project files) as the CLI would. */
function convert(compose: Json, settings: TranslateOptions & { files?: Record<string, string> } = {}): { docs: Json[]; warnings: readonly Diagnostic[] } {
  const root = mkdtempSync(join(tmpdir(), 'run-once-'));
  roots.push(root);
  const dir = join(root, 'shop');
  mkdirSync(dir);
  writeFileSync(join(dir, 'compose.yaml'), stringify(compose));
  for (const [name, content] of Object.entries(settings.files ?? {})) writeFileSync(join(dir, name), content);
  const plan = translate(loadProject({ files: [join(dir, 'compose.yaml')], environment: {}, cwd: dir }), settings);
  return { docs: planManifests(plan) as Json[], warnings: plan.warnings };
}

const objects = (docs: Json[], kind: string): Json[] => docs.filter((doc) => doc.kind === kind);
const named = (docs: Json[], kind: string, name: string): Json => {
  const found = docs.find((doc) => doc.kind === kind && doc.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} among ${docs.map((doc) => `${doc.kind}/${doc.metadata.name}`).join(', ')}`);
  return found;
};
const podSpecs = (docs: Json[]): Json[] =>
  docs.flatMap((doc) => (doc.kind === 'CronJob' ? [doc.spec.jobTemplate.spec.template.spec] : doc.spec?.template?.spec ? [doc.spec.template.spec] : []));
const initNames = (workload: Json): string[] => (workload.spec.template.spec.initContainers ?? []).map((c: Json) => c.name);
const messages = (warnings: readonly Diagnostic[], key: string): string[] => warnings.filter((w) => w.key === key).map((w) => w.message);

/** The issue's repro: a migration that web and worker wait for. */
const repro = (migrate: Json = {}): Json => ({
  services: {
    db: { image: 'postgres:16', healthcheck: { test: ['CMD', 'pg_isready'] } },
    migrate: { image: 'x/app:1', command: ['python', 'manage.py', 'migrate'], depends_on: { db: { condition: 'service_healthy' } }, ...migrate },
    web: { image: 'x/app:1', command: ['gunicorn', 'app'], ports: ['8000:8000'], depends_on: { migrate: { condition: 'service_completed_successfully' } } },
    worker: { image: 'x/app:1', command: ['celery', 'worker'], depends_on: { migrate: { condition: 'service_completed_successfully' } } },
  },
});

describe('a service others wait for with service_completed_successfully', () => {
  const { docs, warnings } = convert(repro());
  const [job, ...moreJobs] = objects(docs, 'Job');

  test('runs once, as one Job named after its spec, never as a Deployment or in another pod', () => {
    expect(moreJobs).toEqual([]);
    expect(job.metadata.name).toMatch(/^migrate-[0-9a-f]{8}$/);
    expect(objects(docs, 'Deployment').map((d: Json) => d.metadata.name).sort()).toEqual(['db', 'web', 'worker']);
    // No N-fold execution: the task's command is in exactly one container of all pods.
    const runs = podSpecs(docs).flatMap((spec) => [...(spec.initContainers ?? []), ...spec.containers])
      .filter((container: Json) => (container.args ?? []).includes('manage.py'));
    expect(runs).toHaveLength(1);
    expect(job.spec.template.spec.containers[0].args).toEqual(['python', 'manage.py', 'migrate']);
    // No restart loop: compose's default `restart: no` runs it once and fails for good.
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.backoffLimit).toBe(0);
    // Its own dependency is waited for in its own pod.
    expect(initNames(job)).toEqual(['wait-for-db']);
  });

  test('is kept after it finishes (no TTL) and carries the GitOps annotations', () => {
    expect(job.spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(job.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-options': 'PruneLast=true',
      'kustomize.toolkit.fluxcd.io/force': 'enabled',
    });
  });

  test('its dependents wait for that Job with kubectl wait, and only their wait gets an API token', () => {
    for (const name of ['web', 'worker']) {
      const spec = named(docs, 'Deployment', name).spec.template.spec;
      expect(spec.initContainers.map((c: Json) => c.name)).toEqual(['wait-for-migrate']);
      const [wait] = spec.initContainers;
      expect(wait.image).toBe(KUBECTL_IMAGE);
      expect(wait.command).toEqual(['kubectl', 'wait', '--for=condition=complete', '--timeout=30m', '--cache-dir=/var/cache/kubectl', `job/${job.metadata.name}`]);
      expect(spec.serviceAccountName).toBe(`${name}-job-wait`);
      expect(spec.automountServiceAccountToken).toBe(false);
      const token = spec.volumes.find((v: Json) => v.projected)?.name;
      expect(wait.volumeMounts).toContainEqual({ name: token, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });
      expect(spec.containers[0].volumeMounts ?? []).not.toContainEqual(expect.objectContaining({ name: token }));
    }
  });

  test('each dependent has a ServiceAccount without automount, a Role that reads only that Job, and a RoleBinding', () => {
    for (const name of ['web', 'worker']) {
      const access = `${name}-job-wait`;
      expect(named(docs, 'ServiceAccount', access).automountServiceAccountToken).toBe(false);
      expect(named(docs, 'Role', access).rules).toEqual([
        { apiGroups: ['batch'], resources: ['jobs'], resourceNames: [job.metadata.name], verbs: ['get', 'list', 'watch'] },
      ]);
      const binding = named(docs, 'RoleBinding', access);
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: access });
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: access, namespace: 'shop' }]);
      expect(named(docs, 'NetworkPolicy', `${name}-api-egress`).spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }]);
    }
    expect(objects(docs, 'ServiceAccount')).toHaveLength(2);
  });

  test('says nothing about it not being enforced, and the manifests are valid', async () => {
    expect(warnings.map((w) => w.message).join('\n')).not.toMatch(/not enforced|not waited/);
    expect(await validateManifests(docs as Manifest[])).toEqual([]);
  });

  test.skipIf(!k8sChecksAvailable)('passes k8s-checks: restricted Pod Security, no Polaris danger', () => {
    const result = runK8sChecks(manifestsToYaml(docs as KubernetesManifest[]));
    expect(result.output).toMatch(/Job\/shop\/migrate-[0-9a-f]{8}: restricted/);
    expect(result.output).toMatch(/Deployment\/shop\/web: restricted/);
    expect(result.output).toMatch(/ 0 danger/);
    expect(result.ok, result.output).toBe(true);
  });
});

describe('the Job name', () => {
  const jobName = (docs: Json[]): string => objects(docs, 'Job')[0].metadata.name;

  test('is the same for the same spec, and changes with it — and so do the dependents that wait for it', () => {
    const first = convert(repro()).docs;
    expect(jobName(convert(repro()).docs)).toBe(jobName(first));
    const changed = convert(repro({ command: ['python', 'manage.py', 'migrate', '--noinput'] })).docs;
    expect(jobName(changed)).not.toBe(jobName(first));
    expect(named(changed, 'Deployment', 'web').spec.template.spec.initContainers[0].command).toContain(`job/${jobName(changed)}`);
    expect(named(changed, 'Role', 'web-job-wait').rules[0].resourceNames).toEqual([jobName(changed)]);
  });

  test('stays a DNS label of at most 63 characters, a valid label value for its pods', () => {
    const long = 'a'.repeat(60);
    const { docs } = convert({ services: { [long]: { image: 'x/app:1' }, web: { image: 'x/app:1', depends_on: { [long]: { condition: 'service_completed_successfully' } } } } });
    expect(jobName(docs)).toMatch(/^a{54}-[0-9a-f]{8}$/);
  });

  test('goes through the name registry: another object of that kind and name is an error', () => {
    const clash = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'web-job-wait', namespace: 'shop' } };
    expect(() => convert(repro(), { extraObjects: [clash] })).toThrow(/Role 'web-job-wait' would be created twice/);
  });
});

describe('restart and the workload', () => {
  test('restart: on-failure:N keeps N as the backoffLimit', () => {
    const { docs } = convert(repro({ restart: 'on-failure:5' }));
    const [job] = objects(docs, 'Job');
    expect(job.spec.backoffLimit).toBe(5);
    expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(objects(convert(repro({ restart: 'on-failure' })).docs, 'Job')[0].spec.backoffLimit).toBe(6);
    // On a long-running workload the count means nothing to Kubernetes: reported, as on-failure is.
    const { warnings } = convert({ services: { web: { image: 'x/app:1', restart: 'on-failure:5' } } });
    expect(messages(warnings, 'services.web.restart')).toEqual([expect.stringMatching(/^restart: on-failure — /)]);
  });

  // ory/kratos' quickstart: kratos-migrate (`migrate sql -e --yes`, `restart: on-failure`) runs as a Job whose
  // pods restart on failure, yet the warning said it asked for no restart (until 2026-12-07).
  test('a task that asks to be restarted on failure is said to, as its Job does', () => {
    const { docs, warnings } = convert({ services: { 'kratos-migrate': { image: 'oryd/kratos:v1.1.0', command: 'migrate sql -e --yes', restart: 'on-failure' } } });
    expect(objects(docs, 'Job')[0].spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(messages(warnings, 'services.kratos-migrate')).toContainEqual(expect.stringContaining('has no healthcheck and asks to be restarted only when it fails, as the Job does'));
    expect(messages(convert({ services: { 'kratos-migrate': { image: 'oryd/kratos:v1.1.0', command: 'migrate sql -e --yes' } } }).warnings, 'services.kratos-migrate')).toContainEqual(
      expect.stringContaining('asks for no restart after it exits'),
    );
  });

  // wazuh/wazuh-docker's generate-indexer-certs.yml: `generator` (wazuh/wazuh-certs-generator), run by hand,
  // no restart, nobody waiting: a Deployment run again after every exit until 2026-12-07.
  test('an image named for generating certificates or keys runs once as a Job, unless compose gives it a command', () => {
    const generator = (more: Record<string, unknown> = {}) => ({ services: { generator: { image: 'wazuh/wazuh-certs-generator:0.0.2', volumes: ['./certs:/certificates/'], ...more } } });
    const { docs, warnings } = convert(generator());
    expect(objects(docs, 'Job').map((job: { metadata: { name: string } }) => job.metadata.name)).toEqual([expect.stringMatching(/^generator-[0-9a-f]{8}$/)]);
    expect(messages(warnings, 'services.generator')).toContainEqual(expect.stringContaining('its image wazuh-certs-generator generates certificates or keys'));
    expect(objects(convert(generator({ command: ['serve'] })).docs, 'Job')).toEqual([]);
    expect(objects(convert({ services: { manager: { image: 'cert-manager/controller:1.14' } } }).docs, 'Job')).toEqual([]);
  });

  test('an explicit workload option wins; a target that never completes is reported, not waited for', () => {
    const { docs, warnings } = convert(repro({ 'x-kubernetes': { workload: 'Deployment' } }));
    expect(objects(docs, 'Job')).toEqual([]);
    expect(initNames(named(docs, 'Deployment', 'web'))).toEqual([]);
    expect(messages(warnings, 'services.web.depends_on.migrate')).toEqual([expect.stringMatching(/not enforced: 'migrate' does not run as a Job/)]);
    expect(objects(docs, 'Role')).toEqual([]);
  });

  test('a dependent running as its own ServiceAccount gets the Role bound to it, and no ServiceAccount is made', () => {
    const compose = repro();
    compose.services.web['x-kubernetes'] = { serviceAccountName: 'shop-web' };
    const { docs } = convert(compose);
    expect(named(docs, 'Deployment', 'web').spec.template.spec.serviceAccountName).toBe('shop-web');
    expect(named(docs, 'RoleBinding', 'web-job-wait').subjects).toEqual([{ kind: 'ServiceAccount', name: 'shop-web', namespace: 'shop' }]);
    expect(objects(docs, 'ServiceAccount').map((sa: Json) => sa.metadata.name)).toEqual(['worker-job-wait']);
  });

  test('without NetworkPolicies there is no API egress policy', () => {
    const compose = repro();
    compose['x-kubernetes'] = { networkPolicies: false };
    expect(objects(convert(compose).docs, 'NetworkPolicy')).toEqual([]);
  });
});

describe('implicit dependencies (issue 21 item 4)', () => {
  const base = { image: 'x/app:1' };

  test('ipc: service:X waits for X like depends_on; network_mode: service:X runs in X\'s pod, which waits for nothing', () => {
    const { docs } = convert({
      services: {
        app: { ...base, expose: [8080] },
        sidecar: { ...base, network_mode: 'service:app' },
        shm: { ...base, ipc: 'service:app' },
      },
    });
    expect(docs.filter((doc) => doc.kind === 'Deployment').map((doc) => doc.metadata.name).sort()).toEqual(['app', 'shm']);
    expect(named(docs, 'Deployment', 'app').spec.template.spec.containers.map((container: Json) => container.name)).toEqual(['app', 'sidecar']);
    expect(initNames(named(docs, 'Deployment', 'app'))).toEqual([]);
    expect(initNames(named(docs, 'Deployment', 'shm'))).toEqual(['wait-for-app']);
  });

  test('volumes_from waits for the source and mounts the same volumes, read-only with :ro', () => {
    const { docs, warnings } = convert({
      services: {
        app: { ...base, expose: [8080], volumes: ['media:/srv/media', './app.conf:/etc/app.conf:ro', '/scratch'] },
        backup: { ...base, volumes_from: ['app:ro'] },
        nginx: { ...base, volumes_from: ['app'], volumes: ['./other.conf:/etc/app.conf:ro'] },
      },
      volumes: { media: {} },
    }, { files: { 'app.conf': 'mode = on\n', 'other.conf': 'mode = off\n' } });
    const mountsOf = (name: string): Json[] => named(docs, 'Deployment', name).spec.template.spec.containers[0].volumeMounts;
    const volumesOf = (name: string): Json[] => named(docs, 'Deployment', name).spec.template.spec.volumes;
    const source = (name: string, path: string): Json => {
      const mount = mountsOf(name).find((m) => m.mountPath === path);
      const volume = volumesOf(name).find((v) => v.name === mount.name);
      return { readOnly: mount.readOnly ?? false, claim: volume.persistentVolumeClaim?.claimName, configMap: volume.configMap?.name };
    };
    expect(initNames(named(docs, 'Deployment', 'backup'))).toEqual(['wait-for-app']);
    expect(source('backup', '/srv/media')).toEqual({ ...source('app', '/srv/media'), readOnly: true });
    expect(source('backup', '/srv/media').claim).toBeDefined();
    // A project file is the same file: a ConfigMap of the same content (ConfigMaps of files are per service).
    const fileOf = (name: string): string[] => Object.values(named(docs, 'ConfigMap', source(name, '/etc/app.conf').configMap).data);
    expect(fileOf('backup')).toEqual(['mode = on\n']);
    expect(fileOf('app')).toEqual(['mode = on\n']);
    expect(source('nginx', '/srv/media')).toEqual(source('app', '/srv/media'));
    // The service's own mount of a path wins over the one volumes_from brings.
    expect(fileOf('nginx')).toEqual(['mode = off\n']);
    expect(messages(warnings, 'services.backup.volumes_from.0')).toEqual([expect.stringMatching(/volumes_from 'app': \/scratch is not shared/)]);
    // A claim the pods now share is the storage rules' to report (ReadWriteOnce across nodes).
    expect(warnings.some((w) => w.message.includes("volume 'media'") && w.message.includes('shared'))).toBe(true);
  });

  test('volumes_from: container:X is reported', () => {
    const { warnings } = convert({ services: { app: { ...base, volumes_from: ['container:legacy-data:ro'] } } });
    expect(messages(warnings, 'services.app.volumes_from.0')).toEqual([expect.stringMatching(/'container:legacy-data' is not translated/)]);
  });
});

describe('a task by its shape (superset-init): nobody waits for it, but it is no server', () => {
  test('a task-named service without restart, ports or healthcheck runs as a Job, said once; a server keeps its Deployment', () => {
    const { docs, warnings } = convert({
      services: {
        db: { image: 'postgres:16' },
        'superset-init': { image: 'apache/superset:4.0', command: ['/app/docker/docker-init.sh'], depends_on: ['db'], healthcheck: { disable: true } },
        'setup-ui': { image: 'x/setup-ui:1', ports: ['8080:8080'] },
        'db-migrate': { image: 'x/app:1', restart: 'always' },
        'seed': { image: 'x/app:1' },
        web: { image: 'x/web:1', volumes_from: ['seed'] },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^superset-init-[0-9a-f]{8}$/)]);
    // A dependency compose implies (volumes_from, links, a shared namespace) needs the service as it is.
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['db', 'db-migrate', 'seed', 'setup-ui', 'web']);
    expect(messages(warnings, 'services.superset-init')).toEqual([expect.stringMatching(/^runs as a Job, once per change of its spec: its name says it is a task/)]);
  });
});

// elestio-examples/glitchtip runs `./manage.py migrate` as service `migrate` with restart: always:
// it stays a Deployment, as compose restarts it too, but until 2026-12-06 nothing said that its pod
// would show CrashLoopBackOff once the migration was done, nor how to run it once.
describe('a task by its name and shape that asks to be restarted after every exit', () => {
  test('stays a Deployment, said once at its restart policy with how to make it a Job; a server is not told', () => {
    const { docs, warnings } = convert({
      services: {
        postgres: { image: 'postgres:16' },
        migrate: { image: 'glitchtip/glitchtip:v4.1', restart: 'always', command: './manage.py migrate', depends_on: ['postgres'] },
        'db-init': { image: 'x/app:1', deploy: { restart_policy: { condition: 'any' } } },
        'setup-ui': { image: 'x/setup-ui:1', restart: 'always', ports: ['8080:8080'] },
        web: { image: 'x/web:1', restart: 'always' },
      },
    });
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['db-init', 'migrate', 'postgres', 'setup-ui', 'web']);
    const said = warnings.filter((warning) => warning.message.includes('CrashLoopBackOff')).map((warning) => warning.key);
    expect(said.sort()).toEqual(['services.db-init.deploy.restart_policy.condition', 'services.migrate.restart']);
    expect(warnings.find((warning) => warning.key === 'services.migrate.restart')?.message).toBe(
      "stays a Deployment, restarted after every exit as compose's restart policy asks, though its name says it is a task and it serves no port: once its work is done Kubernetes shows the pod in CrashLoopBackOff and runs it again and again (set x-kubernetes.workload: Job if it runs once)",
    );
  });
});

/** spicedb's own example: the server starts after the migration with short-form depends_on. */
const spicedb = (migrate: Json = {}): Json => ({
  services: {
    database: { image: 'postgres:16' },
    migrate: { image: 'authzed/spicedb:v1.35.3', command: 'migrate head', restart: 'on-failure', depends_on: ['database'], ...migrate },
    spicedb: { image: 'authzed/spicedb:v1.35.3', command: 'serve', ports: ['50051:50051'], depends_on: ['migrate'] },
  },
});

describe('a task by its shape that another service depends on with short-form depends_on (service_started)', () => {
  const { docs, warnings } = convert(spicedb());

  test('runs once as a Job, not as a Deployment restarted forever, said once at the task', () => {
    expect(objects(docs, 'Job').map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^migrate-[0-9a-f]{8}$/)]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['database', 'spicedb']);
    expect(messages(warnings, 'services.migrate')).toEqual([expect.stringMatching(/^runs as a Job, once per change of its spec: its name says it is a task/)]);
    expect(named(docs, 'Job', objects(docs, 'Job')[0].metadata.name).spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  test('its dependent waits for the Job to finish, succeeded or failed, and says once that this is more than compose waits for', () => {
    const [job] = objects(docs, 'Job');
    const server = named(docs, 'Deployment', 'spicedb');
    expect(initNames(server)).toEqual(['wait-for-migrate']);
    expect(server.spec.template.spec.initContainers[0].image).toBe(KUBECTL_IMAGE);
    // The last condition of a finished Job: Complete or Failed (after SuccessCriteriaMet or FailureTarget), always True.
    expect(server.spec.template.spec.initContainers[0].command).toEqual([
      'kubectl', 'wait', '--for=jsonpath={.status.conditions[-1].status}=True', '--timeout=30m', '--cache-dir=/var/cache/kubectl', `job/${job.metadata.name}`,
    ]);
    expect(messages(warnings, 'services.spicedb.depends_on.migrate')).toEqual([
      expect.stringMatching(/^depends_on 'migrate' waits until its Job has finished \(succeeded or failed\), where compose only waits for it to start/),
    ]);
    expect(warnings.map((warning) => warning.message).filter((message) => /not waited for|restarts the containers/.test(message))).toEqual([]);
  });

  test('an optional short-form dependency on a Job is not waited for, as before', () => {
    const { docs: optionalDocs, warnings: optionalWarnings } = convert({
      services: { ...spicedb().services, spicedb: { ...spicedb().services.spicedb, depends_on: { migrate: { condition: 'service_started', required: false } } } },
    });
    expect(initNames(named(optionalDocs, 'Deployment', 'spicedb'))).toEqual([]);
    expect(messages(optionalWarnings, 'services.spicedb.depends_on.migrate')).toEqual([expect.stringMatching(/^optional depends_on 'migrate' \(service_started\) is not waited for: its Job runs at the same time/)]);
  });

  test('a dependent that waits for it to be healthy keeps it a server', () => {
    const { docs: healthyDocs } = convert({
      services: { ...spicedb().services, spicedb: { ...spicedb().services.spicedb, depends_on: { migrate: { condition: 'service_healthy' } } } },
    });
    expect(objects(healthyDocs, 'Job')).toEqual([]);
  });
});

describe('tasks the real stacks name otherwise', () => {
  test("seeder and migrator are task names (openproject's seeder, signoz's telemetrystore-migrator)", () => {
    const { docs } = convert({
      services: {
        seeder: { image: 'openproject/openproject:15', command: './docker/prod/seeder', restart: 'on-failure' },
        web: { image: 'openproject/openproject:15', ports: ['8080:8080'], depends_on: ['seeder'] },
        'signoz-telemetrystore-migrator': { image: 'signoz/signoz-otel-collector:v0.144.2', restart: 'on-failure' },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([
      expect.stringMatching(/^seeder-[0-9a-f]{8}$/), expect.stringMatching(/^signoz-telemetrystore-migrator-[0-9a-f]{8}$/),
    ]);
  });

  // orthanc-setup-samples' access-control: the populator uploads test studies once Orthanc answers and
  // exits; ckan-docker's populate_db loads a vocabulary with psql. Nobody waits for them: as
  // Deployments they ran again after every exit.
  test('populate and populator are task names (orthanc-populator, populate_db, dbPopulate); population, populated are not', () => {
    const { docs } = convert({
      services: {
        'orthanc-for-admin': { image: 'orthancteam/orthanc:24.10.3' },
        'orthanc-populator': { image: 'python:3.12', command: ['python', '/populate.py'], depends_on: ['orthanc-for-admin'] },
        populate_db: { image: 'rtdl/psql-client:latest', command: ['/bin/sh', '/prepopulate_db/upload_vocabulary.sh'] },
        dbPopulate: { image: 'python:3.12', command: ['python', '/populate.py'] },
        population: { image: 'x/app:1' },
        populated: { image: 'x/app:1' },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([
      expect.stringMatching(/^dbpopulate-[0-9a-f]{8}$/), expect.stringMatching(/^orthanc-populator-[0-9a-f]{8}$/), expect.stringMatching(/^populate-db-[0-9a-f]{8}$/),
    ]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['orthanc-for-admin', 'populated', 'population']);
  });

  // instana/robot-shop: loader pipes its SQL files into mysql and exits (no restart); nobody waits for it.
  test('loader is a task name (loader, mysql-loader, dataLoader); load-generator, loaders and a loader that serves are not', () => {
    const { docs } = convert({
      services: {
        mysql: { image: 'mysql:5.7', environment: { MYSQL_ROOT_PASSWORD: 'superdba' } },
        loader: { image: 'robotshop/rs-loader:1', depends_on: ['mysql'] },
        'mysql-loader': { image: 'x/loader:1' },
        dataLoader: { image: 'x/loader:1' },
        'load-generator': { image: 'x/locust:1' },
        loaders: { image: 'x/app:1' },
        'config-loader': { image: 'x/app:1', ports: ['8080:8080'] },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([
      expect.stringMatching(/^dataloader-[0-9a-f]{8}$/), expect.stringMatching(/^loader-[0-9a-f]{8}$/), expect.stringMatching(/^mysql-loader-[0-9a-f]{8}$/),
    ]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['config-loader', 'load-generator', 'loaders', 'mysql']);
  });

  // buildbarn/bb-deployments: runner-installer copies bb_runner into a volume and exits (no restart);
  // the runners depend on it and loop until /bb/installed exists.
  test('install and installer are task names (runner-installer, pluginInstall); installed, installers and an installer that serves are not', () => {
    const { docs, warnings } = convert({
      services: {
        'runner-installer': { image: 'ghcr.io/buildbarn/bb-runner-installer:20240126T140954Z-fe4cf5d', volumes: ['bb:/bb'] },
        runner: {
          image: 'ghcr.io/catthehacker/ubuntu:act-22.04',
          command: ['sh', '-c', 'while ! test -f /bb/installed; do sleep 1; done; exec /bb/tini -- /bb/bb_runner /config/runner.jsonnet'],
          volumes: ['bb:/bb'],
          depends_on: ['runner-installer'],
        },
        pluginInstall: { image: 'x/tool:1' },
        installed: { image: 'x/app:1' },
        installers: { image: 'x/app:1' },
        'web-installer': { image: 'x/app:1', ports: ['8080:8080'] },
      },
      volumes: { bb: {} },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([
      expect.stringMatching(/^plugininstall-[0-9a-f]{8}$/), expect.stringMatching(/^runner-installer-[0-9a-f]{8}$/),
    ]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['installed', 'installers', 'runner', 'web-installer']);
    expect(initNames(named(docs, 'Deployment', 'runner'))).toEqual(['wait-for-runner-installer']);
    expect(messages(warnings, 'services.runner.depends_on.runner-installer')).toEqual([expect.stringMatching(/waits until its Job has finished/)]);
  });

  // A GitLab runner set-up: register runs `gitlab-runner register --non-interactive` once into the
  // config volume the runner reads; restarted, it registered one more runner with GitLab each time.
  test('register and registration are task names (register, runner-register, runnerRegistration); registry, registered and a register that serves are not', () => {
    const { docs, warnings } = convert({
      services: {
        register: {
          image: 'gitlab/gitlab-runner:alpine',
          command: ['register', '--non-interactive', '--url', 'http://gitlab.example.com/', '--executor', 'docker', '--docker-image', 'alpine:3.20'],
          volumes: ['runner-config:/etc/gitlab-runner'],
        },
        'gitlab-runner': { image: 'gitlab/gitlab-runner:alpine', restart: 'always', depends_on: ['register'], volumes: ['runner-config:/etc/gitlab-runner'] },
        'runner-register': { image: 'x/tool:1' },
        runnerRegistration: { image: 'x/tool:1' },
        registry: { image: 'x/app:1' },
        registered: { image: 'x/app:1' },
        'user-register': { image: 'x/app:1', ports: ['8080:8080'] },
        // A loop that sleeps between runs never finishes, whatever the service's name.
        'register-loop': { image: 'curlimages/curl:8.11.0', command: ['sh', '-c', 'while true; do curl -X PUT http://user-register:8080/hooks; sleep 60; done'] },
      },
      volumes: { 'runner-config': {} },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([
      expect.stringMatching(/^register-[0-9a-f]{8}$/), expect.stringMatching(/^runner-register-[0-9a-f]{8}$/), expect.stringMatching(/^runnerregistration-[0-9a-f]{8}$/),
    ]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['gitlab-runner', 'register-loop', 'registered', 'registry', 'user-register']);
    // The image's /etc/gitlab-runner fills the new volume first, as Docker fills it; then the wait.
    expect(initNames(named(docs, 'Deployment', 'gitlab-runner'))).toEqual(['image-files-runner-config', 'wait-for-register']);
    expect(messages(warnings, 'services.gitlab-runner.depends_on.register')).toEqual([expect.stringMatching(/waits until its Job has finished/)]);
  });

  // A task's name on a service the others dial by name: a sign-up API (`register`) its web front calls.
  test('a task-named service another dials by URL or names as its host serves: it stays a Deployment', () => {
    const { docs } = convert({
      services: {
        web: { image: 'x/web:1', ports: ['80:80'], environment: { REGISTER_URL: 'http://register:3000/api', SETUP_HOST: 'setup' } },
        register: { image: 'x/register-api:1' },
        setup: { image: 'x/setup-wizard:1' },
        'db-init': { image: 'x/tool:1', environment: { TARGET: 'http://db-initial:80' } },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^db-init-[0-9a-f]{8}$/)]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['register', 'setup', 'web']);
  });

  // A loop that retries until its work succeeds ends then: only a loop whose condition never fails
  // (while true, while :, while sleep N, until false) keeps the container running.
  test('a task ending in a retry loop (until …; do sleep; done) runs once; one ending in an endless loop stays up', () => {
    const { docs } = convert({
      services: {
        minio: { image: 'minio/minio:RELEASE.2025-04-22T22-12-26Z', command: ['server', '/data'], ports: ['9000:9000'] },
        createbuckets: { image: 'minio/mc:RELEASE.2025-04-16T18-13-26Z', entrypoint: ['/bin/sh', '-c', 'mc alias set local http://minio:9000 admin secretpw; until mc mb --ignore-existing local/media; do echo retrying; sleep 2; done'] },
        'db-init': { image: 'alpine:3.21', command: ['sh', '-c', 'while ! nc -z minio 9000; do sleep 1; done'] },
        'runner-register': { image: 'code.forgejo.org/forgejo/runner:9.1.1', command: ['sh', '-c', 'while :; do forgejo-runner register --no-interactive && break; sleep 1; done'] },
        'hook-setup': { image: 'curlimages/curl:8.11.0', command: ['sh', '-c', 'while :; do curl -X PUT http://minio:9000/hooks; sleep 60; done'] },
        'ping-init': { image: 'curlimages/curl:8.11.0', command: ['sh', '-c', 'while sleep 30; do curl http://minio:9000/ping; done'] },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([
      expect.stringMatching(/^createbuckets-[0-9a-f]{8}$/), expect.stringMatching(/^db-init-[0-9a-f]{8}$/), expect.stringMatching(/^runner-register-[0-9a-f]{8}$/),
    ]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['hook-setup', 'minio', 'ping-init']);
  });

  // IQSS/dataverse's docker-compose-dev.yml: dev_dv_initializer fixes the data folder's ownership,
  // dev_solr_initializer copies Solr's configuration, and dev_dataverse depends on the first.
  test('initializer and initialiser are task names (dev_dv_initializer, dbInitializer); initialized is not', () => {
    const { docs, warnings } = convert({
      services: {
        dev_dataverse: { image: 'gdcc/dataverse:6.5', ports: ['8080:8080'], depends_on: ['dev_dv_initializer'] },
        dev_dv_initializer: { image: 'gdcc/configbaker:6.5', restart: 'no', command: ['sh', '-c', 'fix-fs-perms.sh dv'] },
        'schema-initialiser': { image: 'x/tool:1', command: ['load-schema'] },
        dbInitializer: { image: 'x/tool:1', command: ['load-schema'] },
        initialized: { image: 'x/app:1' },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([
      expect.stringMatching(/^dbinitializer-[0-9a-f]{8}$/), expect.stringMatching(/^dev-dv-initializer-[0-9a-f]{8}$/), expect.stringMatching(/^schema-initialiser-[0-9a-f]{8}$/),
    ]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['dev-dataverse', 'initialized']);
    expect(initNames(named(docs, 'Deployment', 'dev-dataverse'))).toEqual(['wait-for-dev-dv-initializer']);
    expect(messages(warnings, 'services.dev_dataverse.depends_on.dev_dv_initializer')).toEqual([expect.stringMatching(/waits until its Job has finished/)]);
  });

  // edgexfoundry/edgex-compose: core-common-config-bootstrapper (no restart, no port) pushes the
  // common configuration into core-keeper and exits; the services depend on it. security-bootstrapper
  // asks compose to restart it, so it stays a Deployment.
  test('bootstrapper is a task name (core-common-config-bootstrapper, configBootstrapper); bootstrapped is not', () => {
    const { docs, warnings } = convert({
      services: {
        'core-common-config-bootstrapper': {
          image: 'nexus3.edgexfoundry.org:10004/core-common-config-bootstrapper:4.0.0',
          command: ['/entrypoint.sh', '/core-common-config-bootstrapper', '--registry'],
        },
        configBootstrapper: { image: 'x/tool:1', command: ['push-config'] },
        'security-bootstrapper': { image: 'nexus3.edgexfoundry.org:10004/security-bootstrapper:4.0.0', restart: 'always' },
        bootstrapped: { image: 'x/app:1' },
        'core-data': { image: 'nexus3.edgexfoundry.org:10004/core-data:4.0.0', ports: ['59880:59880'], depends_on: { 'core-common-config-bootstrapper': { condition: 'service_started' } } },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([
      expect.stringMatching(/^configbootstrapper-[0-9a-f]{8}$/), expect.stringMatching(/^core-common-config-bootstrapper-[0-9a-f]{8}$/),
    ]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['bootstrapped', 'core-data', 'security-bootstrapper']);
    expect(messages(warnings, 'services.core-data.depends_on.core-common-config-bootstrapper')).toEqual([expect.stringMatching(/waits until its Job has finished/)]);
  });

  // pli01/teleport-deploy's docker-compose-multi.yml (and Teleport's own quickstart `configure`): a
  // container that writes teleport.yaml from a template and exits was a Deployment, in CrashLoopBackOff.
  test('configure is a task name (configure-proxy, configure, teleportConfigure); configured, reconfigurer are not', () => {
    const writeConfig = "if [ ! -f /etc/teleport/teleport-proxy.yaml ]; then /teleport/bin/configure.sh; fi";
    const { docs } = convert({
      services: {
        'configure-proxy': { image: 'nginx:1.27-alpine', entrypoint: '/bin/sh', command: ['-x', '-c', writeConfig] },
        configure: { image: 'public.ecr.aws/gravitational/teleport:13.0.2', entrypoint: '/bin/sh', command: ['-c', 'teleport configure > /etc/teleport/teleport.yaml'] },
        teleportConfigure: { image: 'public.ecr.aws/gravitational/teleport:13.0.2', command: ['teleport', 'configure'] },
        'teleport-proxy': { image: 'public.ecr.aws/gravitational/teleport:13.0.2', depends_on: ['configure-proxy'] },
        configured: { image: 'x/app:1' },
        reconfigurer: { image: 'x/app:1' },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([
      expect.stringMatching(/^configure-[0-9a-f]{8}$/), expect.stringMatching(/^configure-proxy-[0-9a-f]{8}$/), expect.stringMatching(/^teleportconfigure-[0-9a-f]{8}$/),
    ]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['configured', 'reconfigurer', 'teleport-proxy']);
  });

  // zitadel's loadbalancing example: use-new-login PUTs settings with curl once zitadel is healthy.
  test('a script whose last statement is an HTTP request (curl, wget) is a task; one that loops, serves or pipes the reply on is not', () => {
    const script = [
      `curl --fail-with-body -X PUT -H "Authorization: Bearer $(cat ./.env-file/pat)" http://zitadel:8080/v2/features/instance -d '{"loginV2": {"required": true}}' &&`,
      `LOGIN_USER=$(curl -H "Authorization: Bearer $(cat ./.env-file/pat)" http://zitadel:8080/auth/v1/users/me | jq -r '.user.id') &&`,
      `curl --fail-with-body -X PUT http://zitadel:8080/admin/v1/members/$\${LOGIN_USER} -d '{"roles": ["IAM_OWNER"]}'`,
    ].join('\n');
    const { docs, warnings } = convert({
      services: {
        zitadel: { image: 'ghcr.io/zitadel/zitadel:v2.71.0', healthcheck: { test: ['CMD', '/app/zitadel', 'ready'] } },
        'use-new-login': { image: 'badouralix/curl-jq:alpine', restart: 'on-failure', entrypoint: '/bin/sh -c', command: [script], depends_on: { zitadel: { condition: 'service_healthy' } } },
        'create-index': { image: 'curlimages/curl:8.11.0', command: ['curl', '-X', 'PUT', 'http://zitadel:8080/index'] },
        'fetch-rules': { image: 'alpine:3.21', entrypoint: ['sh', '-xc'], command: ['apk add wget; exec /usr/bin/wget -O /rules/a.yml http://zitadel:8080/rules'] },
        poller: { image: 'alpine:3.21', command: ['sh', '-c', 'while true; do curl http://zitadel:8080/ping; sleep 10; done'] },
        // Not named `installer`, a task's name since runner-installer: the pipe is what this case is about.
        piped: { image: 'alpine:3.21', command: ['sh', '-c', 'curl -fsSL http://zitadel:8080/install.sh | sh'] },
        quoted: { image: 'alpine:3.21', command: ['sh', '-c', `curl http://zitadel:8080/a -d 'x; server --serve' ; server --serve`] },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([
      expect.stringMatching(/^create-index-[0-9a-f]{8}$/), expect.stringMatching(/^fetch-rules-[0-9a-f]{8}$/), expect.stringMatching(/^use-new-login-[0-9a-f]{8}$/),
    ]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['piped', 'poller', 'quoted', 'zitadel']);
    expect(messages(warnings, 'services.use-new-login')).toContainEqual(expect.stringMatching(/^runs as a Job, once per change of its spec: its command ends with an HTTP request \(curl\)/));
    // restart: on-failure: the Job retries the pod until it succeeds, as compose restarts the container.
    expect(objects(docs, 'Job').find((job) => job.metadata.name.startsWith('use-new-login')).spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  // apache/flink-playgrounds' operations-playground (rw18va): `client` submits the job and exits.
  test('a client that submits a job in detached mode (flink run -d, spark-submit in cluster mode) is a task, whatever its name', () => {
    const { docs, warnings } = convert({
      services: {
        jobmanager: { image: 'apache/flink:1.12.1-scala_2.11-java8', command: 'jobmanager.sh start-foreground', ports: ['8081:8081'] },
        client: { image: 'apache/flink-ops-playground:1-FLINK-1.12-scala_2.11', command: 'flink run -d /opt/ClickCountJob.jar --bootstrap.servers kafka:9092', depends_on: ['jobmanager'] },
        submit: { image: 'apache/spark:3.5.1', command: ['sh', '-c', 'sleep 5; exec /opt/spark/bin/spark-submit --master spark://master:7077 --deploy-mode=cluster /jobs/etl.py'] },
        // Without -d the client waits for the job, which a streaming job never ends; client mode runs the driver.
        attached: { image: 'apache/flink:1.12.1-scala_2.11-java8', command: 'flink run /opt/ClickCountJob.jar' },
        driver: { image: 'apache/spark:3.5.1', command: 'spark-submit --master spark://master:7077 --deploy-mode client /jobs/stream.py' },
        listed: { image: 'apache/flink:1.12.1-scala_2.11-java8', command: 'flink list -d' },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([expect.stringMatching(/^client-[0-9a-f]{8}$/), expect.stringMatching(/^submit-[0-9a-f]{8}$/)]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['attached', 'driver', 'jobmanager', 'listed']);
    expect(messages(warnings, 'services.client')).toContainEqual(expect.stringMatching(/^runs as a Job, once per change of its spec: its command submits a job to a cluster \(flink run -d\), which returns once it is submitted/));
    expect(messages(warnings, 'services.submit')).toContainEqual(expect.stringMatching(/\(spark-submit --deploy-mode cluster\)/));
  });

  // dani-garcia/vaultwarden's docker/keycloak: the setup script runs in Keycloak's own image.
  test('a camelCase task name (keycloakSetup) is one; a word that only contains one (keycloakSetupper, sunset) is not', () => {
    const { docs } = convert({
      services: {
        keycloak: { image: 'quay.io/keycloak/keycloak:26.0', command: ['start-dev'] },
        keycloakSetup: { image: 'quay.io/keycloak/keycloak:26.0', restart: 'no', depends_on: ['keycloak'], entrypoint: ['bash', '-c', '/opt/script/keycloak_setup.sh'] },
        keycloakSetupper: { image: 'x/app:1' },
        sunset: { image: 'x/app:1' },
      },
    });
    const [job] = objects(docs, 'Job');
    expect(objects(docs, 'Job').map((each) => each.metadata.name)).toEqual([expect.stringMatching(/^keycloaksetup-[0-9a-f]{8}$/)]);
    // A task in a server's image serves nothing: no usual port, no readiness probe on it.
    expect(job.spec.template.spec.containers[0].ports).toBeUndefined();
    expect(job.spec.template.spec.containers[0].readinessProbe).toBeUndefined();
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['keycloak', 'keycloaksetupper', 'sunset']);
  });

  test("deploy.restart_policy.condition: none without a port or healthcheck is a task whatever its name (frappe's configurator); a server with it is not", () => {
    const { docs, warnings } = convert({
      services: {
        configurator: { image: 'frappe/erpnext:v15', entrypoint: ['bash', '-c'], command: ['bench set-config -g db_host db'], deploy: { restart_policy: { condition: 'none' } } },
        frontend: { image: 'frappe/erpnext:v15', ports: ['8080:8080'], deploy: { restart_policy: { condition: 'none' } } },
        'db-init': { image: 'x/app:1', deploy: { restart_policy: { condition: 'any' } } },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^configurator-[0-9a-f]{8}$/)]);
    expect(objects(docs, 'Job')[0].spec.template.spec.restartPolicy).toBe('Never');
    expect(messages(warnings, 'services.configurator')).toEqual([expect.stringMatching(/^runs as a Job, once per change of its spec: deploy.restart_policy.condition: none says it runs once/)]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['db-init', 'frontend']);
  });

  // pelias/docker's fuzzy-tester (`restart: "no"`, `command: "--help"`, a tool for docker compose run)
  // and IQSS/dataverse's register-previewers (`restart: "no"`, `command: deploy`) were Deployments
  // restarted after every exit, in CrashLoopBackOff, until 2026-12-07. Here it is called
  // deploy-previewers: `register` has been a task's name since the GitLab runner's register, and
  // this case is about what restart: "no" says.
  test('restart: "no" written on a service nobody depends on, without a port or healthcheck, is a task whatever its name; unsaid, or with a dependent, it is not', () => {
    const { docs, warnings } = convert({
      services: {
        'fuzzy-tester': { image: 'pelias/fuzzy-tester:master', restart: 'no', command: '--help' },
        'deploy-previewers': { image: 'trivadis/dataverse-deploy-previewers:latest', restart: 'no', command: ['deploy'] },
        api: { image: 'pelias/api:master', restart: 'no', ports: ['4000:4000'] },
        whosonfirst: { image: 'pelias/whosonfirst:master' },
        worker: { image: 'x/app:1', restart: 'no', command: ['celery', 'worker'] },
        beat: { image: 'x/app:1', command: ['celery', 'beat'], depends_on: ['worker'] },
        // A server image its clients call by name, with no depends_on.
        db: { image: 'postgres:16', restart: 'no' },
        // A shell kept open for docker compose exec.
        shell: { image: 'ubuntu:24.04', restart: 'no', stdin_open: true, tty: true },
      },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([expect.stringMatching(/^deploy-previewers-[0-9a-f]{8}$/), expect.stringMatching(/^fuzzy-tester-[0-9a-f]{8}$/)]);
    for (const job of objects(docs, 'Job')) {
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
      expect(job.spec.backoffLimit).toBe(0);
    }
    expect(messages(warnings, 'services.fuzzy-tester')).toEqual([
      expect.stringMatching(/^runs as a Job, once per change of its spec: restart: "no" says it runs once \(its command '--help' only prints the tool's help: a tool for docker compose run; to run it, create a Job of this one's template with its arguments in args\)/),
    ]);
    expect(messages(warnings, 'services.deploy-previewers')).toEqual([expect.stringMatching(/^runs as a Job, once per change of its spec: restart: "no" says it runs once, it serves no port/)]);
    // Said once: no "Kubernetes restarts a Deployment's containers always" on top.
    expect(messages(warnings, 'services.fuzzy-tester.restart')).toEqual([]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['api', 'beat', 'db', 'shell', 'whosonfirst', 'worker']);
  });

  // n8n-io/self-hosted-ai-starter-kit: ollama-pull-llama-cpu pulls models into ollama's volume and
  // exits (no restart); as a Deployment it pulled them again after every exit.
  test('pull and puller are task names (ollama-pull-llama-cpu, pull-model, modelPuller); pulled, a pull loop and a puller that serves are not', () => {
    const { docs } = convert({
      services: {
        ollama: { image: 'ollama/ollama:0.5.7', restart: 'unless-stopped', ports: ['11434:11434'], volumes: ['models:/root/.ollama'] },
        'ollama-pull-llama-cpu': {
          image: 'ollama/ollama:0.5.7',
          volumes: ['models:/root/.ollama'],
          entrypoint: '/bin/sh',
          command: ['-c', 'sleep 3; OLLAMA_HOST=ollama:11434 ollama pull llama3.2; OLLAMA_HOST=ollama:11434 ollama pull nomic-embed-text'],
          depends_on: ['ollama'],
        },
        'pull-model': { image: 'x/pull-model:1', environment: { OLLAMA_BASE_URL: 'http://ollama:11434' } },
        modelPuller: { image: 'x/tool:1' },
        pulled: { image: 'x/app:1' },
        'git-pull': { image: 'alpine/git:2.47.1', command: ['sh', '-c', 'while true; do git -C /repo pull; sleep 300; done'] },
        'pull-api': { image: 'x/api:1', ports: ['8080:8080'] },
      },
      volumes: { models: {} },
    });
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([
      expect.stringMatching(/^modelpuller-[0-9a-f]{8}$/), expect.stringMatching(/^ollama-pull-llama-cpu-[0-9a-f]{8}$/), expect.stringMatching(/^pull-model-[0-9a-f]{8}$/),
    ]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['git-pull', 'ollama', 'pull-api', 'pulled']);
  });
});

/** tabular-io/docker-spark-iceberg: `mc` creates the warehouse bucket (after emptying it) and ends with `exit 0`. */
describe('a service whose script ends with exit (spark-iceberg mc)', () => {
  const stack = (script: string): Json => ({
    services: {
      minio: { image: 'minio/minio:RELEASE.2024-01-01T00-00-00Z', ports: ['9000:9000'], command: ['server', '/data'] },
      mc: { image: 'minio/mc:RELEASE.2024-01-01T00-00-00Z', depends_on: ['minio'], entrypoint: `/bin/sh -c "${script}"` },
    },
  });

  test('runs once as a Job, not as a Deployment restarted after every exit', () => {
    const { docs, warnings } = convert(stack('until (mc config host add minio http://minio:9000 admin x) do sleep 1; done; mc rm -r --force minio/warehouse; mc mb minio/warehouse; exit 0;'));
    expect(objects(docs, 'Job').map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^mc-[0-9a-f]{8}$/)]);
    expect(objects(docs, 'Job')[0].spec.template.spec.restartPolicy).toBe('Never');
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name)).toEqual(['minio']);
    expect(messages(warnings, 'services.mc')).toContainEqual(expect.stringMatching(/^runs as a Job, once per change of its spec: its command ends with exit/));
  });

  test.each([
    ['exits only when its server fails', 'mc admin trace minio || exit 1'],
    ['exits after a server that runs in the foreground', 'mc admin trace minio && exit 0'],
    ['has no exit at its end', 'exit 0; mc admin trace minio'],
  ])('a script that %s stays a Deployment', (_what, script) => {
    const { docs } = convert(stack(script));
    expect(objects(docs, 'Job')).toEqual([]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['mc', 'minio']);
  });
});

/**
 * OpenReplay's docker-compose: `fs-permission` (`restart: on-failure`) chowns the volumes of minio
 * and postgres in a `|` block and exits; `minio-migration` depends on it (short form), as does `console` here.
 */
describe('a script written as a YAML block, and a volume permission fixer (OpenReplay fs-permission)', () => {
  const stack = (fixer: Json, hook: string): Json => ({
    services: {
      minio: { image: 'bitnami/minio:2023.2.10', volumes: ['miniodata:/bitnami/minio/data'], ports: ['9001:9001'] },
      'fs-permission': { image: 'debian:stable-slim', restart: 'on-failure', volumes: ['miniodata:/mnt/minio'], ...fixer },
      console: { image: 'x/console:1', ports: ['9090:9090'], depends_on: ['minio', 'fs-permission'] },
      // Not register-hook: `register` is a task's name, and the curl rule is what this case tests.
      hook: { image: 'curlimages/curl:8.11.0', restart: 'on-failure', depends_on: ['minio'], entrypoint: ['/bin/sh', '-c', hook] },
    },
    volumes: { miniodata: {} },
  });

  test('a chown script ending with a new line, and a curl one, run once as Jobs; the dependent waits for the fixer to finish', () => {
    const { docs, warnings } = convert(stack({ entrypoint: ['/bin/bash', '-c', 'chown -R 1001:1001 /mnt/{efs,minio,postgres}\n'] }, "curl -fsS -X PUT http://minio:9000/hooks -d '{}'\n"));
    expect(objects(docs, 'Job').map((job) => job.metadata.name).sort()).toEqual([
      expect.stringMatching(/^fs-permission-[0-9a-f]{8}$/), expect.stringMatching(/^hook-[0-9a-f]{8}$/),
    ]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['console', 'minio']);
    expect(messages(warnings, 'services.fs-permission')).toContainEqual(expect.stringMatching(/^runs as a Job, once per change of its spec: its command ends by preparing files \(chown\)/));
    expect(messages(warnings, 'services.hook')).toContainEqual(expect.stringMatching(/^runs as a Job, once per change of its spec: its command ends with an HTTP request \(curl\)/));
    // restart: on-failure: the Job retries until it succeeds, and the console waits for it, where it waited for nothing.
    expect(objects(docs, 'Job').find((job) => job.metadata.name.startsWith('fs-permission')).spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(initNames(named(docs, 'Deployment', 'console'))).toContainEqual(expect.stringMatching(/fs-permission/));
    expect(warnings.map((warning) => warning.message).filter((message) => /not waited for/.test(message))).toEqual([]);
  });

  test.each([
    ['prepares files and then serves', 'chown -R 1001:1001 /mnt/minio && exec nginx -g "daemon off;"\n'],
    ['prepares files, then keeps running', 'mkdir -p /mnt/minio/a; cp /x /mnt/minio/a\ntail -f /dev/null\n'],
    ['ends with a server after a blank line', 'chmod 700 /mnt/minio\n\nexec minio server /mnt/minio\n'],
  ])('a script that %s stays a Deployment', (_what, script) => {
    const { docs } = convert(stack({ entrypoint: ['/bin/sh', '-c', script] }, 'while true; do curl http://minio:9000/ping; sleep 10; done\n'));
    expect(objects(docs, 'Job')).toEqual([]);
  });
});

/** taiga-docker's taiga-manage: `entrypoint: python manage.py`, no command, made for `docker compose run`. */
describe('a management tool without a subcommand (taiga-manage)', () => {
  const stack = (manage: Json): Json => ({
    services: {
      'taiga-back': { image: 'taigaio/taiga-back:latest', expose: ['8000'] },
      'taiga-manage': { image: 'taigaio/taiga-back:latest', depends_on: ['taiga-back'], ...manage },
    },
  });

  test.each([
    ['python manage.py', { entrypoint: 'python manage.py' }],
    ['php artisan', { command: ['php', 'artisan'] }],
    ['./manage.py', { entrypoint: ['./manage.py'] }],
    ['bundle exec bin/rails', { command: 'bundle exec bin/rails' }],
    ['bundle exec rails', { command: 'bundle exec rails' }],
    ['php bin/console', { entrypoint: 'php', command: 'bin/console' }],
  ])('%s runs once as a Job: it prints its help and exits', (tool, manage) => {
    const { docs, warnings } = convert(stack(manage));
    expect(objects(docs, 'Job').map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^taiga-manage-[0-9a-f]{8}$/)]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name)).toEqual(['taiga-back']);
    expect(messages(warnings, 'services.taiga-manage')).toContainEqual(
      `runs as a Job, once per change of its spec: its command runs the management tool '${tool}' without a subcommand, which prints its help and exits (a service for docker compose run: to run one of its commands, create a Job of this one's template with the subcommand added to its args), it serves no port, has no healthcheck and asks for no restart after it exits (set x-kubernetes.workload: Deployment if it is a server)`,
    );
  });

  test.each([
    ['a subcommand that serves', { command: 'python manage.py runserver 0.0.0.0:8001' }],
    ['a Rails subcommand that serves', { command: 'bundle exec rails server -b 0.0.0.0' }],
    ['the image\'s own command', {}],
    ['a restart policy', { entrypoint: 'python manage.py', restart: 'always' }],
  ])('with %s it stays a Deployment', (_what, manage) => {
    const { docs } = convert(stack(manage));
    expect(objects(docs, 'Job')).toEqual([]);
  });
});

/** huginn's docker/multi-process: `mysqldata` (mysql:5.7, `command: /bin/true`) holds the volumes `mysql` takes with volumes_from. */
describe('a data-only container (huginn mysqldata)', () => {
  const stack = (data: Json): Json => ({
    services: {
      mysqldata: { image: 'mysql:5.7', volumes: ['db:/var/lib/mysql'], ...data },
      mysql: { image: 'mysql:5.7', volumes_from: ['mysqldata'], environment: { MYSQL_ROOT_PASSWORD: 'x' } },
      huginn: { image: 'ghcr.io/huginn/huginn:latest', links: ['mysql'], environment: { MYSQL_PORT_3306_TCP_ADDR: 'mysql' } },
    },
    volumes: { db: {} },
  });

  test.each([['/bin/true'], ['true'], ['echo data-only container for mysql']])("'%s' runs once as a Job; mysql mounts its claim and starts without waiting for it", (command) => {
    const { docs, warnings } = convert(stack({ command }));
    expect(objects(docs, 'Job').map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^mysqldata-[0-9a-f]{8}$/)]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['huginn', 'mysql']);
    const mysql = named(docs, 'Deployment', 'mysql');
    expect(initNames(mysql)).toEqual([]);
    expect(mysql.spec.template.spec.volumes.map((volume: Json) => volume.persistentVolumeClaim?.claimName)).toContain('db');
    expect(messages(warnings, 'services.mysqldata')).toContainEqual(expect.stringMatching(/^runs as a Job, once per change of its spec: its command '.+' does nothing and exits \(a data-only container/));
    expect(messages(warnings, 'services.mysql.volumes_from')).toEqual([
      "the start after 'mysqldata' that volumes_from implies is not waited for: 'mysqldata' runs as a Job, whose pod serves nothing to wait for, and the volumes it holds are claims this pod mounts itself",
    ]);
  });

  test("without a volume of its own, says that its image's VOLUMEs are not shared", () => {
    // As huginn writes it: MySQL's data is in the image's VOLUME /var/lib/mysql, which Docker shares.
    const { warnings } = convert({ services: { ...stack({ command: '/bin/true' }).services, mysqldata: { image: 'mysql:5.7', command: '/bin/true' } } });
    expect(messages(warnings, 'services.mysql.volumes_from')).toEqual([
      "the start after 'mysqldata' that volumes_from implies is not waited for: 'mysqldata' runs as a Job, whose pod serves nothing to wait for, and it declares no volume to share: what its image keeps in its own VOLUMEs (a database's data directory) is this pod's container file system, lost at each restart (mount a named volume there in both services)",
    ]);
  });

  test.each([
    ['a server', { command: 'mysqld' }],
    ['an entrypoint of its own', { entrypoint: '/bin/true', command: 'x' }],
    ['a restart policy', { command: '/bin/true', restart: 'always' }],
  ])('with %s it stays a Deployment', (_what, data) => {
    const { docs } = convert(stack(data));
    expect(objects(docs, 'Job')).toEqual([]);
  });
});

/** rocketchat-compose's compose.traefik.yml: the init writes Traefik's files, then keeps its container up. */
describe('a task-named service whose command keeps its container running (rocketchat-compose traefik-init)', () => {
  const traefikInit = (script: string): Json => ({
    services: {
      'traefik-init': { image: 'alpine:3.20', entrypoint: 'sh', command: ['-c', script], volumes: ['traefik_config:/traefik_config'], restart: 'no' },
      traefik: { image: 'traefik:v3.4', ports: ['80:80'], depends_on: ['traefik-init'], volumes: ['traefik_config:/traefik_config'] },
    },
    volumes: { traefik_config: {} },
  });

  test.each([
    ['tail -f /dev/null', 'set -e\nmkdir -p /traefik_config/http\necho "files generated, keeping container alive"\ntail -f /dev/null'],
    ['exec sleep infinity', 'cp /src/* /traefik_config/ && exec sleep infinity'],
  ])('ending in %s, it stays a Deployment and its dependent does not wait for a Job that never finishes', (_idiom, script) => {
    const { docs, warnings } = convert(traefikInit(script));
    expect(objects(docs, 'Job')).toEqual([]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['traefik', 'traefik-init']);
    // It waits for traefik-init's pod to be ready (its headless Service's name, no port being known), not for a Job.
    const waits = (named(docs, 'Deployment', 'traefik').spec.template.spec.initContainers ?? []).filter((c: Json) => c.name === 'wait-for-traefik-init');
    expect(waits.map((c: Json) => c.command.join(' '))).toEqual([expect.stringContaining('while nc -z -w 2 traefik-init 1 2>&1 | grep -q "bad address"')]);
    expect(messages(warnings, 'services.traefik-init').filter((message) => /runs as a Job/.test(message))).toEqual([]);
  });

  test('a script that only waits with sleep, or tails a log, is still a task', () => {
    const { docs } = convert(traefikInit('sleep 5 && tail -n 20 /var/log/setup.log && echo done'));
    expect(objects(docs, 'Job').map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^traefik-init-[0-9a-f]{8}$/)]);
  });
});

/** bram2w/baserow's `media-volume-fixer`: `chown 9999:9999 -R /baserow/media` (no restart), which backend starts after. */
describe('a service whose command ends with a file tool (baserow media-volume-fixer)', () => {
  const stack = (fixer: Json): Json => ({
    services: {
      backend: { image: 'baserow/backend:1.0', ports: ['8000:8000'], depends_on: ['media-volume-fixer'], volumes: ['media:/baserow/media'] },
      'media-volume-fixer': { image: 'bash:4.4', volumes: ['media:/baserow/media'], ...fixer },
    },
    volumes: { media: {} },
  });

  test.each([
    ['chown', { command: 'chown 9999:9999 -R /baserow/media' }],
    ['chmod', { command: ['sh', '-c', 'mkdir -p /baserow/media/thumbnails && /bin/chmod -R 777 /baserow/media'] }],
    ['cp', { entrypoint: ['/bin/sh', '-c'], command: ['cp -r /defaults/. /baserow/media/'] }],
  ])('ending with %s it runs once as a Job, which the services that start after it wait for', (tool, fixer) => {
    const { docs, warnings } = convert(stack(fixer));
    expect(objects(docs, 'Job').map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^media-volume-fixer-[0-9a-f]{8}$/)]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name)).toEqual(['backend']);
    expect(messages(warnings, 'services.media-volume-fixer')).toContainEqual(expect.stringMatching(new RegExp(`^runs as a Job, once per change of its spec: its command ends by preparing files \\(${tool}\\), which finishes once they are prepared`)));
    expect(initNames(named(docs, 'Deployment', 'backend'))).toContainEqual(expect.stringMatching(/^wait-for-media-volume-fixer/));
  });

  test.each([
    ['then starts its server', { command: ['sh', '-c', 'chown -R 1000 /baserow/media && exec nginx -g "daemon off;"'] }],
    ['asks to be restarted', { command: 'chown 9999:9999 -R /baserow/media', restart: 'always' }],
    ['keeps running after it', { command: ['sh', '-c', 'chown -R 1000 /baserow/media; tail -f /dev/null'] }],
    ['serves a port', { command: 'chown 9999:9999 -R /baserow/media', expose: ['80'] }],
  ])('one that %s stays a Deployment', (_what, fixer) => {
    const { docs } = convert(stack(fixer));
    expect(objects(docs, 'Job')).toEqual([]);
    expect(objects(docs, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['backend', 'media-volume-fixer']);
  });
});

/**
 * A Prisma stack's `prisma` service (`npx prisma migrate deploy`, no restart, nothing waits for it):
 * named for the tool, not the task, it was a Deployment that Kubernetes restarted after every
 * migration, in CrashLoopBackOff (rw18vc, until 2026-12-07).
 */
describe('a service whose command ends by migrating the database, named for its tool', () => {
  const stack = (migrator: Json): Json => ({
    services: {
      postgres: { image: 'postgres:15', environment: { POSTGRES_PASSWORD: 'postgres' }, healthcheck: { test: ['CMD', 'pg_isready', '-U', 'postgres'] } },
      prisma: { image: 'node:20-alpine', depends_on: { postgres: { condition: 'service_healthy' } }, ...migrator },
      web: { image: 'node:20-alpine', command: ['node', 'server.js'], ports: ['3000:3000'], depends_on: ['postgres'] },
    },
  });

  test('runs once as a Job, said with the tool', () => {
    const { docs, warnings } = convert(stack({ command: ['sh', '-c', 'npx prisma migrate deploy'] }));
    expect(objects(docs, 'Job').map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^prisma-[0-9a-f]{8}$/)]);
    expect(messages(warnings, 'services.prisma')).toContainEqual(expect.stringMatching(/^runs as a Job, once per change of its spec: its command ends by migrating the database \(prisma migrate\)/));
  });

  test.each([
    ['migrates and then serves', { command: ['sh', '-c', 'npx prisma migrate deploy && node server.js'] }],
    ['asks to be restarted', { command: ['npx', 'prisma', 'migrate', 'deploy'], restart: 'always' }],
    ['is waited for to be healthy', { command: ['npx', 'prisma', 'migrate', 'deploy'], healthcheck: { test: ['CMD', 'true'] } }],
  ])('one that %s stays a Deployment', (_what, migrator) => {
    expect(objects(convert(stack(migrator)).docs, 'Job')).toEqual([]);
  });
});
