/**
 * What a running cluster says about one applied unit, as findings a person can act on: objects the
 * API or its admission refused, workloads without their ready replicas (and why: unschedulable,
 * refused by Pod Security, …), DaemonSets placed wrongly, claims not Bound, Services without ready
 * endpoints, Jobs not completed, and references a kubelet would refuse to start a container with.
 */
import type { KubeObject, Kubectl } from './kubectl.ts';

export interface Finding {
  /** `Kind/name` in `namespace`, or the unit for findings about the whole apply. */
  readonly object: string;
  readonly namespace: string;
  readonly problem: string;
}

export function findingText(finding: Finding): string {
  return `${finding.namespace ? `${finding.namespace}: ` : ''}${finding.object}: ${finding.problem}`;
}

const inspectedKinds = [
  'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'persistentvolumeclaims', 'services',
  'cronjobs', 'endpointslices.discovery.k8s.io', 'pods', 'configmaps', 'secrets', 'serviceaccounts', 'events',
].join(',');

interface Snapshot {
  readonly objects: readonly KubeObject[];
  readonly nodes: readonly KubeObject[];
}

async function snapshot(kubectl: Kubectl, namespace: string, nodes: readonly KubeObject[]): Promise<Snapshot> {
  const result = await kubectl(['get', inspectedKinds, '-n', namespace, '-o', 'json']);
  if (result.code !== 0) throw new Error(`kubectl get in ${namespace}: ${result.stderr.trim()}`);
  return { objects: (JSON.parse(result.stdout) as { items: KubeObject[] }).items, nodes };
}

function byKind(objects: readonly KubeObject[], kind: string): KubeObject[] {
  return objects.filter((object) => object.kind === kind);
}

function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

function ownedBy(object: KubeObject, owner: KubeObject): boolean {
  return (object.metadata.ownerReferences ?? []).some((ref) => ref.kind === owner.kind && ref.name === owner.metadata.name);
}

/** The pods of a workload (through its ReplicaSets for a Deployment). */
function podsOf(workload: KubeObject, objects: readonly KubeObject[]): KubeObject[] {
  const owners = workload.kind === 'Deployment' ? byKind(objects, 'ReplicaSet').filter((rs) => ownedBy(rs, workload)) : [workload];
  return byKind(objects, 'Pod').filter((pod) => owners.some((owner) => ownedBy(pod, owner)));
}

function warningEvents(objects: readonly KubeObject[], target: KubeObject): string[] {
  return byKind(objects, 'Event')
    .filter((event) => event.type === 'Warning' && event.involvedObject?.kind === target.kind &&
      event.involvedObject?.name === target.metadata.name)
    .map((event) => `${event.reason}: ${String(event.message).trim()}`);
}

/**
 * Why a pod is not running and ready, as the cluster tells it — without the pod's generated name,
 * so the same stack gives the same text on every run.
 */
function podProblem(pod: KubeObject, objects: readonly KubeObject[]): string | undefined {
  if (pod.status?.phase === 'Succeeded') return undefined;
  const conditions: { type: string; status: string; message?: string; reason?: string }[] = pod.status?.conditions ?? [];
  if (conditions.find((condition) => condition.type === 'Ready')?.status === 'True') return undefined;
  const scheduled = conditions.find((condition) => condition.type === 'PodScheduled');
  const schedulerSays = scheduled?.status === 'False' ? (scheduled.message ?? scheduled.reason ?? '') : undefined;
  // While it binds a claim the scheduler reports transient retries; the claim is then the cause.
  if (schedulerSays !== undefined && !/VolumeBinding|persistentvolumeclaim|persistent volume/i.test(schedulerSays)) {
    return `unschedulable: ${schedulerSays}`.trim();
  }
  const unboundClaims = (pod.spec?.volumes ?? [])
    .map((volume: { persistentVolumeClaim?: { claimName: string } }) => volume.persistentVolumeClaim?.claimName)
    .filter((name: string | undefined) => name && byKind(objects, 'PersistentVolumeClaim')
      .some((claim) => claim.metadata.name === name && claim.status?.phase !== 'Bound'));
  if (unboundClaims.length > 0) return `waiting for PersistentVolumeClaim ${unboundClaims.join(', ')}, not Bound`;
  if (schedulerSays !== undefined) return `unschedulable: ${schedulerSays}`.trim();
  return `a pod is ${pod.status?.phase ?? 'not yet created'}, not ready`;
}

/** Why a workload lacks pods: the first explanation the cluster gives. */
function workloadReason(workload: KubeObject, objects: readonly KubeObject[]): string {
  const replicaSets = workload.kind === 'Deployment' ? byKind(objects, 'ReplicaSet').filter((rs) => ownedBy(rs, workload)) : [];
  const reasons = [
    ...[workload, ...replicaSets].flatMap((object) => warningEvents(objects, object)),
    ...replicaSets.flatMap((rs) => (rs.status?.conditions ?? [])
      .filter((condition: { type: string }) => condition.type === 'ReplicaFailure')
      .map((condition: { message: string }) => condition.message)),
    ...podsOf(workload, objects).map((pod) => podProblem(pod, objects)).filter((problem): problem is string => !!problem),
  ];
  return [...new Set(reasons)][0] ?? 'no pods created';
}

interface Reference {
  readonly kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim' | 'ServiceAccount';
  readonly name: string;
  readonly key?: string;
}

/** Every non-optional object (and key) a pod needs before it is admitted and its containers start. */
// The pod spec is raw API JSON, read defensively.
function podReferences(spec: KubeObject['spec']): Reference[] {
  const references: Reference[] = [];
  if (spec.serviceAccountName) references.push({ kind: 'ServiceAccount', name: spec.serviceAccountName });
  const items = (source: { items?: { key: string }[] }) => source.items?.map((item) => item.key) ?? [undefined];
  for (const volume of spec.volumes ?? []) {
    if (volume.configMap && !volume.configMap.optional) {
      for (const key of items(volume.configMap)) references.push({ kind: 'ConfigMap', name: volume.configMap.name, key });
    }
    if (volume.secret && !volume.secret.optional) {
      for (const key of items(volume.secret)) references.push({ kind: 'Secret', name: volume.secret.secretName, key });
    }
    if (volume.persistentVolumeClaim) references.push({ kind: 'PersistentVolumeClaim', name: volume.persistentVolumeClaim.claimName });
    for (const source of volume.projected?.sources ?? []) {
      if (source.configMap && !source.configMap.optional) {
        for (const key of items(source.configMap)) references.push({ kind: 'ConfigMap', name: source.configMap.name, key });
      }
      if (source.secret && !source.secret.optional) {
        for (const key of items(source.secret)) references.push({ kind: 'Secret', name: source.secret.name, key });
      }
    }
  }
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const variable of container.env ?? []) {
      const configMapKey = variable.valueFrom?.configMapKeyRef;
      const secretKey = variable.valueFrom?.secretKeyRef;
      if (configMapKey && !configMapKey.optional) references.push({ kind: 'ConfigMap', name: configMapKey.name, key: configMapKey.key });
      if (secretKey && !secretKey.optional) references.push({ kind: 'Secret', name: secretKey.name, key: secretKey.key });
    }
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef && !source.configMapRef.optional) references.push({ kind: 'ConfigMap', name: source.configMapRef.name });
      if (source.secretRef && !source.secretRef.optional) references.push({ kind: 'Secret', name: source.secretRef.name });
    }
  }
  return references;
}

function missingReferences(podSpec: unknown, objects: readonly KubeObject[]): string[] {
  const missing: string[] = [];
  for (const reference of podReferences(podSpec ?? {})) {
    const target = objects.find((object) => object.kind === reference.kind && object.metadata.name === reference.name);
    if (!target) missing.push(`${reference.kind} ${reference.name} does not exist`);
    else if (reference.key !== undefined && !(reference.key in { ...target.data, ...target.binaryData })) {
      missing.push(`${reference.kind} ${reference.name} has no key ${reference.key}`);
    }
  }
  return [...new Set(missing)];
}

function nodeAllows(node: KubeObject, pod: KubeObject): string | undefined {
  for (const [key, value] of Object.entries<string>(pod.spec?.nodeSelector ?? {})) {
    if (node.metadata.labels?.[key] !== value) return `runs on ${node.metadata.name}, which lacks label ${key}=${value}`;
  }
  for (const container of pod.spec?.containers ?? []) {
    for (const resource of Object.keys(container.resources?.limits ?? {})) {
      if (!resource.includes('/') || resource.startsWith('hugepages')) continue;
      if (!(resource in (node.status?.allocatable ?? {}))) return `runs on ${node.metadata.name}, which has no ${resource}`;
    }
  }
  return undefined;
}

function workloadFindings(snapshot: Snapshot, namespace: string): Finding[] {
  const { objects } = snapshot;
  const findings: Finding[] = [];
  const add = (object: KubeObject, problem: string) =>
    findings.push({ object: `${object.kind}/${object.metadata.name}`, namespace, problem });
  for (const workload of [...byKind(objects, 'Deployment'), ...byKind(objects, 'StatefulSet')]) {
    const desired = workload.spec?.replicas ?? 1;
    const ready = workload.status?.readyReplicas ?? 0;
    if (ready < desired) add(workload, `${ready}/${desired} replicas ready: ${workloadReason(workload, objects)}`);
  }
  for (const daemonSet of byKind(objects, 'DaemonSet')) {
    const desired = daemonSet.status?.desiredNumberScheduled ?? 0;
    const ready = daemonSet.status?.numberReady ?? 0;
    if (desired === 0) add(daemonSet, 'its node selector and affinity match no node, so it runs nowhere');
    else if (ready < desired) add(daemonSet, `${ready}/${desired} pods ready: ${workloadReason(daemonSet, objects)}`);
    for (const pod of podsOf(daemonSet, objects)) {
      const node = snapshot.nodes.find((candidate) => candidate.metadata.name === pod.spec?.nodeName);
      const problem = node && nodeAllows(node, pod);
      if (problem) add(daemonSet, `pod ${pod.metadata.name} ${problem}`);
    }
  }
  for (const workload of objects) {
    const template = workload.kind === 'CronJob' ? workload.spec?.jobTemplate?.spec?.template : workload.spec?.template;
    if (!template || workload.metadata.ownerReferences?.length) continue;
    const missing = missingReferences(template.spec, objects);
    if (missing.length > 0) add(workload, `its pods cannot start: ${missing.join('; ')}`);
  }
  for (const job of byKind(objects, 'Job')) {
    if (job.spec?.suspend) continue;
    const failed = (job.status?.conditions ?? []).find((condition: { type: string; status: string }) =>
      condition.type === 'Failed' && condition.status === 'True');
    const completions = job.spec?.completions ?? 1;
    const succeeded = job.status?.succeeded ?? 0;
    if (failed) add(job, `failed: ${failed.message ?? failed.reason}`);
    else if (succeeded < completions) add(job, `${succeeded}/${completions} completions: ${workloadReason(job, objects)}`);
  }
  return findings;
}

/** A pod, or a workload's template of one: the parts the checks read. */
type PodTemplate = Pick<KubeObject, 'spec'> & { readonly metadata?: { readonly labels?: Record<string, string> } };

/**
 * The pod templates of workloads scaled to zero (compose's `deploy.replicas: 0`, windmill's optional
 * indexer) and of CronJobs (a backup job's claim, until its first run): their claims stay unbound and
 * their Services without endpoints by intent, until someone scales them up or the schedule fires.
 */
function idleTemplates(objects: readonly KubeObject[]): PodTemplate[] {
  const scaledToZero = [...byKind(objects, 'Deployment'), ...byKind(objects, 'StatefulSet')].filter((workload) => workload.spec?.replicas === 0).map((workload) => workload.spec?.template);
  return [...scaledToZero, ...byKind(objects, 'CronJob').map((cronJob) => cronJob.spec?.jobTemplate?.spec?.template)];
}

function claimFindings(snapshot: Snapshot, namespace: string): Finding[] {
  const { objects } = snapshot;
  const idle = idleTemplates(objects);
  const claimedBy = (pod: PodTemplate, claim: KubeObject): boolean =>
    (pod.spec?.volumes ?? []).some((volume: { persistentVolumeClaim?: { claimName: string } }) => volume.persistentVolumeClaim?.claimName === claim.metadata.name);
  return byKind(objects, 'PersistentVolumeClaim')
    .filter((claim) => claim.status?.phase !== 'Bound')
    .filter((claim) => byKind(objects, 'Pod').some((pod) => claimedBy(pod, claim)) || !idle.some((template) => claimedBy(template, claim)))
    .map((claim) => {
      const events = warningEvents(objects, claim);
      const used = byKind(objects, 'Pod').some((pod) => claimedBy(pod, claim));
      const scheduled = claim.metadata.annotations?.['volume.kubernetes.io/selected-node'] !== undefined;
      const why = events[0] ?? (!used ? 'no pod uses it, so a WaitForFirstConsumer class never provisions it'
        : scheduled ? 'waiting for its volume' : 'waiting until a pod that uses it is scheduled (WaitForFirstConsumer)');
      return { object: `PersistentVolumeClaim/${claim.metadata.name}`, namespace, problem: `${claim.status?.phase ?? 'Pending'}: ${why}` };
    });
}

function serviceFindings(snapshot: Snapshot, namespace: string): Finding[] {
  const { objects } = snapshot;
  const findings: Finding[] = [];
  const idle = idleTemplates(objects);
  for (const service of byKind(objects, 'Service')) {
    const selector: Record<string, string> | undefined = service.spec?.selector;
    if (!selector || Object.keys(selector).length === 0 || service.spec?.type === 'ExternalName') continue;
    const readyEndpoints = byKind(objects, 'EndpointSlice')
      .filter((slice) => slice.metadata.labels?.['kubernetes.io/service-name'] === service.metadata.name)
      .flatMap((slice) => slice.endpoints ?? [])
      .filter((endpoint: { conditions?: { ready?: boolean } }) => endpoint.conditions?.ready === true);
    if (readyEndpoints.length > 0) continue;
    const pods = byKind(objects, 'Pod').filter((pod) => selects(selector, pod.metadata.labels));
    if (pods.length === 0 && idle.some((template) => selects(selector, template.metadata?.labels))) continue;
    findings.push({
      object: `Service/${service.metadata.name}`,
      namespace,
      problem: pods.length === 0 ? 'no ready endpoints: its selector matches no pod' : 'no ready endpoints: none of its pods is ready with the ports it targets',
    });
  }
  return findings;
}

/** Pods not owned by a workload (a workload reports its own pods). */
function barePodFindings(snapshot: Snapshot, namespace: string): Finding[] {
  return byKind(snapshot.objects, 'Pod')
    .filter((pod) => (pod.metadata.ownerReferences ?? []).length === 0)
    .flatMap((pod) => {
      const problem = podProblem(pod, snapshot.objects);
      return problem ? [{ object: `Pod/${pod.metadata.name}`, namespace, problem }] : [];
    });
}

/** Everything not (yet) working in one namespace. */
export async function namespaceFindings(kubectl: Kubectl, namespace: string, nodes: readonly KubeObject[]): Promise<Finding[]> {
  const state = await snapshot(kubectl, namespace, nodes);
  return [
    ...workloadFindings(state, namespace),
    ...claimFindings(state, namespace),
    ...serviceFindings(state, namespace),
    ...barePodFindings(state, namespace),
  ];
}
