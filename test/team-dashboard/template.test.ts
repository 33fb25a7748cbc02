import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  findObject,
  findObjects,
  k8sChecksAvailable,
  noticeSkip,
  runK8sChecks,
  sharedDir,
  validateManifests,
  type Manifest,
} from '../support/k8s.ts';
import { synthTemplate } from './synth.ts';

type Json = Record<string, any>;

const jobTemplate = (docs: Manifest[]): Json => (findObject(docs, 'CronJob', 'team-dashboard').spec as Json).jobTemplate;
const podSpec = (docs: Manifest[]): Json => jobTemplate(docs).spec.template.spec;
const container = (docs: Manifest[]): Json => podSpec(docs).containers[0];
const toYaml = (docs: readonly Manifest[]) => docs.map((d) => stringify(d)).join('---\n');
const clusterScoped = (docs: Manifest[]) => docs.filter((d) => d.apiVersion === 'admissionregistration.k8s.io/v1');
const namespaced = (docs: Manifest[]) => docs.filter((d) => d.apiVersion !== 'admissionregistration.k8s.io/v1');

describe('TeamDashboardTemplate', () => {
  const docs = synthTemplate();

  it('creates exactly the template, the manager identity, access and admission policies, and three NetworkPolicies', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual([
      'CronJob/team-dashboard',
      'NetworkPolicy/ingress-to-team-dashboard',
      'NetworkPolicy/mqtt-from-team-dashboard',
      'NetworkPolicy/team-dashboard',
      'Role/team-dashboard-manager',
      'RoleBinding/team-dashboard-manager',
      'ServiceAccount/orchestration',
      'ValidatingAdmissionPolicy/team-dashboard-ingresses.scip',
      'ValidatingAdmissionPolicy/team-dashboard-jobs.scip',
      'ValidatingAdmissionPolicy/team-dashboard-services.scip',
      'ValidatingAdmissionPolicyBinding/team-dashboard-ingresses.scip',
      'ValidatingAdmissionPolicyBinding/team-dashboard-jobs.scip',
      'ValidatingAdmissionPolicyBinding/team-dashboard-services.scip',
    ]);
    expect(namespaced(docs).every((d) => d.metadata.namespace === 'scip')).toBe(true);
    expect(clusterScoped(docs).every((d) => d.metadata.namespace === undefined)).toBe(true);
    for (const doc of docs) {
      expect(doc.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'team-dashboard',
        'app.kubernetes.io/instance': 'scip',
        'app.kubernetes.io/component': 'team-dashboard',
        'app.kubernetes.io/part-of': 'scip',
        'app.kubernetes.io/managed-by': 'cdk8s-compose',
      });
    }
  });

  it('keeps the CronJob suspended: it only holds the Job template', () => {
    const spec = findObject(docs, 'CronJob', 'team-dashboard').spec as Json;
    expect(spec.suspend).toBe(true);
    expect(spec.schedule).toBe('0 0 1 1 *');
  });

  it('runs each dashboard as a Job the way Docker ran the container', () => {
    const job = jobTemplate(docs);
    expect(job.metadata.labels['scip.type']).toBe('team-dashboard');
    expect(job.spec.template.metadata.labels['scip.type']).toBe('team-dashboard');
    expect(job.spec).toMatchObject({ backoffLimit: 3, activeDeadlineSeconds: 3 * 24 * 3600, ttlSecondsAfterFinished: 3600 });
    expect(job.spec.podFailurePolicy).toEqual({
      rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
    });
    expect(podSpec(docs).restartPolicy).toBe('Never');
    expect(podSpec(docs).automountServiceAccountToken).toBe(false);
    const c = container(docs);
    expect(c.image).toBe('scip-team-dashboard:1.0.0');
    expect(c.imagePullPolicy).toBeUndefined();
    const dev = findObject(synthTemplate({ image: 'scip-team-dashboard:dev' }), 'CronJob', 'team-dashboard').spec as Json;
    expect(dev.jobTemplate.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(c.ports).toEqual([{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '250m', memory: '256Mi' } });
    expect(c.env).toEqual([{ name: 'MQTT_WS_URL', value: 'ws://mqtt:9001' }]);
  });

  it('probes like the Dockerfile HEALTHCHECK (interval 30s, timeout 3s, retries 3, start period 5s)', () => {
    const c = container(docs);
    const httpGet = { path: '/', port: 'http' };
    expect(c.readinessProbe).toEqual({ httpGet, periodSeconds: 30, timeoutSeconds: 3, failureThreshold: 3 });
    // Gives up only once Docker would have called the container unhealthy: 5s + 3 × 30s.
    expect(c.startupProbe).toEqual({ httpGet, periodSeconds: 1, timeoutSeconds: 3, failureThreshold: 95 });
  });

  it('runs nginx unprivileged with a read-only root and writable emptyDirs', () => {
    expect(podSpec(docs).securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 101,
      runAsGroup: 101,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container(docs).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    const mounts = container(docs).volumeMounts.map((m: Json) => m.mountPath);
    expect(mounts).toEqual(['/var/cache/nginx', '/var/run', '/tmp']);
    expect(podSpec(docs).volumes.every((v: Json) => 'emptyDir' in v)).toBe(true);
  });

  it('grants the orchestration service account only what the manager calls, in its namespace', () => {
    expect(findObjects(docs, 'ClusterRole')).toEqual([]);
    expect(findObjects(docs, 'ClusterRoleBinding')).toEqual([]);
    expect(findObject(docs, 'Role', 'team-dashboard-manager').rules).toEqual([
      { apiGroups: ['batch'], resources: ['cronjobs'], resourceNames: ['team-dashboard'], verbs: ['get'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'list', 'delete'] },
      { apiGroups: [''], resources: ['services'], verbs: ['create', 'get', 'list', 'delete'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['create', 'get', 'delete'] },
    ]);
    const binding = findObject(docs, 'RoleBinding', 'team-dashboard-manager');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'team-dashboard-manager' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'orchestration', namespace: 'scip' }]);
  });

  it("lets the ingress controller of the manager's per-team routes reach the dashboards, when named", () => {
    const spec = findObject(synthTemplate({ ingressControllerNamespace: 'ingress-nginx' }), 'NetworkPolicy', 'team-dashboard').spec as Json;
    expect(spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nginx' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ]);
  });

  it('lets dashboards receive only from the ingress path and reach only MQTT and DNS', () => {
    const spec = findObject(docs, 'NetworkPolicy', 'team-dashboard').spec as Json;
    expect(spec.podSelector).toEqual({ matchLabels: { 'scip.type': 'team-dashboard' } });
    expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nginx' } } }], ports: [{ protocol: 'TCP', port: 3000 }] },
    ]);
    expect(spec.egress[0]).toEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mqtt' } } }],
      ports: [
        { protocol: 'TCP', port: 9001 },
        { protocol: 'TCP', port: 1883 },
      ],
    });
    expect(spec.egress[1].ports).toEqual([
      { protocol: 'TCP', port: 53 },
      { protocol: 'UDP', port: 53 },
    ]);
    expect(spec.egress).toHaveLength(2);
  });

  it('lets the ingress path send to dashboards, as the namespace denies egress by default', () => {
    expect(findObject(docs, 'NetworkPolicy', 'ingress-to-team-dashboard').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'nginx' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { 'scip.type': 'team-dashboard' } } }], ports: [{ protocol: 'TCP', port: 3000 }] }],
    });
  });

  it('admits dashboards to the MQTT broker', () => {
    const spec = findObject(docs, 'NetworkPolicy', 'mqtt-from-team-dashboard').spec as Json;
    expect(spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mqtt' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: { matchLabels: { 'scip.type': 'team-dashboard' } } }],
          ports: [
            { protocol: 'TCP', port: 9001 },
            { protocol: 'TCP', port: 1883 },
          ],
        },
      ],
    });
  });

  it('honours every prop', () => {
    const custom = synthTemplate({
      namespace: 'exercises',
      partOf: 'scip-test',
      image: 'registry.example/scip-team-dashboard:2.1.0',
      mqttServiceName: 'broker',
      mqttWebSocketPort: 8083,
      mqttPodLabels: { app: 'mosquitto' },
      serviceAccountName: 'scip-orchestrator',
      maxExerciseSeconds: 7200,
      ttlSecondsAfterFinished: 60,
      ingressFrom: { 'app.kubernetes.io/name': 'ingress-nginx' },
    });
    expect(namespaced(custom).every((d) => d.metadata.namespace === 'exercises')).toBe(true);
    expect(custom.every((d) => (d.metadata.labels as Json)['app.kubernetes.io/part-of'] === 'scip-test')).toBe(true);
    expect(container(custom).image).toBe('registry.example/scip-team-dashboard:2.1.0');
    expect(container(custom).env).toEqual([{ name: 'MQTT_WS_URL', value: 'ws://broker:8083' }]);
    expect(jobTemplate(custom).spec).toMatchObject({ activeDeadlineSeconds: 7200, ttlSecondsAfterFinished: 60 });
    findObject(custom, 'ServiceAccount', 'scip-orchestrator');
    expect((findObject(custom, 'RoleBinding', 'team-dashboard-manager').subjects as Json[])[0]).toEqual({
      kind: 'ServiceAccount',
      name: 'scip-orchestrator',
      namespace: 'exercises',
    });
    const policy = findObject(custom, 'NetworkPolicy', 'team-dashboard').spec as Json;
    expect(policy.ingress[0].from[0].podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'ingress-nginx' });
    expect(policy.egress[0].to[0].podSelector.matchLabels).toEqual({ app: 'mosquitto' });
    expect(policy.egress[0].ports.map((p: Json) => p.port)).toEqual([8083, 1883]);
    expect((findObject(custom, 'NetworkPolicy', 'ingress-to-team-dashboard').spec as Json).podSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'ingress-nginx',
    });
  });

  it('is valid Kubernetes according to kubernetes-models (which lacks admissionregistration.k8s.io/v1: test/cluster applies those)', async () => {
    expect(await validateManifests(namespaced(docs))).toEqual([]);
  });
});

describe('ManagerAdmissionPolicy (added by TeamDashboardTemplate)', () => {
  const docs = synthTemplate({ namespace: 'exercises', serviceAccountName: 'scip-orchestrator', maxCpu: '500m', maxMemory: '768Mi' });
  const policy = (name: string) => findObject(docs, 'ValidatingAdmissionPolicy', name).spec as Json;
  const binding = (name: string) => findObject(docs, 'ValidatingAdmissionPolicyBinding', name).spec as Json;
  const jobs = policy('team-dashboard-jobs.exercises');
  const services = policy('team-dashboard-services.exercises');

  it('checks only requests of the manager’s ServiceAccount in its namespace, and refuses when it cannot check', () => {
    for (const spec of [jobs, services]) {
      expect(spec.matchConditions).toEqual([
        { name: 'requested-by-the-manager', expression: 'request.userInfo.username == "system:serviceaccount:exercises:scip-orchestrator"' },
      ]);
      expect(spec.failurePolicy).toBe('Fail');
    }
    expect(jobs.matchConstraints).toEqual({
      resourceRules: [{ apiGroups: ['batch'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['jobs'] }],
    });
    expect(services.matchConstraints).toEqual({
      resourceRules: [{ apiGroups: [''], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['services'] }],
    });
  });

  it('holds Jobs to the template in the cluster, which is its parameter', () => {
    expect(jobs.paramKind).toEqual({ apiVersion: 'batch/v1', kind: 'CronJob' });
    expect(binding('team-dashboard-jobs.exercises')).toEqual({
      policyName: 'team-dashboard-jobs.exercises',
      paramRef: { name: 'team-dashboard', namespace: 'exercises', parameterNotFoundAction: 'Deny' },
      validationActions: ['Deny'],
    });
    expect(binding('team-dashboard-services.exercises')).toEqual({
      policyName: 'team-dashboard-services.exercises',
      validationActions: ['Deny'],
    });
    expect(jobs.variables.map((v: Json) => v.name)).toEqual(['template', 'pod', 'containers', 'images', 'templateLabels', 'podLabels']);
  });

  it('has one validation, with its own message, per rule', () => {
    const jobsOf = 'Jobs of the team dashboard manager';
    expect(jobs.validations.map((v: Json) => v.message)).toEqual([
      `${jobsOf} may run only the images of CronJob team-dashboard`,
      `${jobsOf} must run as the ServiceAccount of CronJob team-dashboard, and without its token when the template mounts none`,
      `${jobsOf} may mount only emptyDir, configMap and downwardAPI volumes (no Secret, hostPath, projected, persistent or CSI volumes)`,
      `${jobsOf} may not read Secrets into the environment`,
      `${jobsOf} may not use the host's network, PID or IPC namespace or host ports`,
      `${jobsOf} may not run privileged containers or add capabilities`,
      `${jobsOf} must set CPU and memory limits of at most 500m CPU and 768Mi on every container`,
      `${jobsOf} must carry the label scip.type=team-dashboard, and their pods exactly the template's labels plus scip.exercise and scip.team`,
    ]);
    // The image message names the images the template allows.
    expect(jobs.validations[0].messageExpression).toBe(
      '"Jobs of the team dashboard manager may run only the images of CronJob team-dashboard: " + variables.images.join(\', \')',
    );
    expect(services.validations.map((v: Json) => v.message)).toEqual([
      'Services of the team dashboard manager must be of type ClusterIP, without external IPs',
      'Services of the team dashboard manager must select team dashboard pods (scip.type=team-dashboard) and carry that label',
    ]);
  });

  it('bounds CPU and memory limits by its props', () => {
    const limits = jobs.validations.find((v: Json) => (v.message as string).includes('limits'));
    expect(limits.message).toBe('Jobs of the team dashboard manager must set CPU and memory limits of at most 500m CPU and 768Mi on every container');
    expect(limits.expression).toContain('quantity(string(c.resources.limits["cpu"])).compareTo(quantity("500m")) <= 0');
    expect(limits.expression).toContain('quantity(string(c.resources.limits["memory"])).compareTo(quantity("768Mi")) <= 0');
  });

  it('defaults to 1 CPU and 1Gi', () => {
    const spec = findObject(synthTemplate(), 'ValidatingAdmissionPolicy', 'team-dashboard-jobs.scip').spec as Json;
    expect(spec.validations.map((v: Json) => v.message)).toContain(
      'Jobs of the team dashboard manager must set CPU and memory limits of at most 1 CPU and 1Gi on every container',
    );
  });

  it('refuses every Ingress of the manager when the template sets no route', () => {
    const ingresses = policy('team-dashboard-ingresses.exercises');
    expect(ingresses.matchConstraints).toEqual({
      resourceRules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] }],
    });
    expect(ingresses.matchConditions).toEqual(jobs.matchConditions);
    expect(ingresses.validations).toEqual([
      { expression: 'false', message: "Ingresses of the team dashboard manager are refused: the template sets no route (TeamDashboardTemplate's route)" },
    ]);
  });

  it("holds the manager's Ingresses to the template's route: its host pattern, path, Service, class and TLS Secret", () => {
    const routed = synthTemplate({ route: { domain: 'dashboards.example.org', className: 'nginx', tlsSecretName: 'wild' } });
    const spec = findObject(routed, 'ValidatingAdmissionPolicy', 'team-dashboard-ingresses.scip').spec as Json;
    const [labels, className, rules, tls] = spec.validations as Json[];
    expect(labels?.expression).toContain('object.metadata.?annotations.orValue({}).size() == 0');
    expect(className?.expression).toBe('object.spec.?ingressClassName == optional.of("nginx")');
    expect(rules?.expression).toContain('r.?host == optional.of(object.metadata.name + ".dashboards.example.org")');
    expect(rules?.expression).toContain('p.backend.?service.?name == optional.of(object.metadata.name)');
    expect(rules?.expression).toContain('!has(object.spec.defaultBackend)');
    expect(tls?.expression).toContain('t.?secretName == optional.of("wild")');
    const defaults = findObject(synthTemplate({ route: { domain: 'd.example.org' } }), 'ValidatingAdmissionPolicy', 'team-dashboard-ingresses.scip').spec as Json;
    expect(defaults.validations.map((v: Json) => v.expression)).toEqual(
      expect.arrayContaining(['!has(object.spec.ingressClassName)', 'object.spec.?tls.orValue([]).size() == 0']),
    );
    expect(() => synthTemplate({ route: { domain: 'Not A Domain' } })).toThrow(/route\.domain/);
  });

  it('is cluster-scoped and labelled like the rest of the template', () => {
    for (const doc of clusterScoped(docs)) {
      expect(doc.apiVersion).toBe('admissionregistration.k8s.io/v1');
      expect(doc.metadata.namespace).toBeUndefined();
      expect(doc.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'team-dashboard', 'app.kubernetes.io/part-of': 'scip' });
    }
  });
});

noticeSkip(k8sChecksAvailable, 'team dashboard manifests against k8s-checks');
describe.skipIf(!k8sChecksAvailable)('TeamDashboardTemplate against ../shared/k8s-checks', () => {
  const docs = synthTemplate();

  it('passes strict schema validation and Polaris without danger findings', () => {
    const result = runK8sChecks(toYaml(docs));
    expect(result.output).toContain('7 valid, 0 invalid');
    expect(result.output).toContain('0 danger');
    expect(result.ok).toBe(true);
  });

  it('meets the restricted Pod Security Standard', () => {
    const dir = mkdtempSync(join(tmpdir(), 'team-dashboard-pss-'));
    try {
      const file = join(dir, 'manifests.yaml');
      writeFileSync(file, toYaml(docs));
      const pss = join(sharedDir, 'k8s-checks', 'pss.mjs');
      // Exit status 1 (a violation) makes execFileSync throw and fails the test.
      const output = execFileSync(process.execPath, [pss, '--level', 'restricted', file], { encoding: 'utf8' });
      expect(output).toContain('CronJob/team-dashboard meets PSS restricted');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
