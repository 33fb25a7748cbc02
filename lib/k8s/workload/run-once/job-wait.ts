/**
 * How a pod waits for a run-once Job (a `service_completed_successfully` dependency) to complete:
 * an init container runs `kubectl wait --for=condition=complete job/<name>` against the API.
 *
 * Why this pattern: the API knows whether the Job completed, so the task runs once (as the Job)
 * however many pods wait for it, and a pod started later (a rollout, a rescheduled pod) passes at
 * once. Why kubectl: `kubectl wait` is the tool's own, maintained answer to "wait for a condition"
 * (list + watch on the one object, no polling loop to get wrong), and registry.k8s.io/kubectl is
 * built by the Kubernetes release process itself (no third-party image). Its only privileges: a token of a
 * ServiceAccount whose Role may get, list and watch exactly the Jobs this pod waits for, mounted
 * into the waiting init container alone (the pod's own containers get no token).
 */
import type * as k8s from '../../plan/api-types.ts';
import { cpuText, memoryText } from '../../plan/quantities.ts';
import { objectMeta, type ServiceObjectMeta } from '../../names/object-meta.ts';
import type { Named } from '../../plan/plan.ts';
import type { PodVolumeSet } from '../../storage/pod-volumes.ts';
import { WAIT_SECURITY } from '../wait-security.ts';

/** Pinned: a tag of the Kubernetes release, not `latest`. Its entrypoint is kubectl (as root, hence the securityContext's user). */
export const KUBECTL_IMAGE = 'registry.k8s.io/kubectl:v1.34.1';
/**
 * After this, the init container fails and the kubelet starts it again (with back-off): a failed
 * Job shows as restarts of the waiting pods instead of a silent hang; a slow task just passes later.
 */
export const JOB_WAIT_TIMEOUT = '30m';
/** Where kubectl looks for in-cluster credentials: token, ca.crt, namespace. */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** kubectl caches API discovery; the root filesystem is read-only. */
const CACHE_DIR = '/var/cache/kubectl';
const MiB = 1024 ** 2;

/** The token, the cluster CA and the namespace, as the kubelet would mount them, but for one container. */
const API_ACCESS: k8s.Volume = {
  name: 'job-wait-api-access',
  projected: {
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
};
const CACHE: k8s.Volume = { name: 'job-wait-cache', emptyDir: { sizeLimit: memoryText(32 * MiB) } };

/**
 * What a dependent waits for: `complete`, the Job succeeded (service_completed_successfully);
 * `finished`, it succeeded or failed (service_started on a task: compose starts the dependent
 * whatever the task's outcome, and the work it may need is done by then).
 */
export type JobEnd = 'complete' | 'finished';

/**
 * `kubectl wait --for` of each end. A Job has no condition for "finished", and `--for` takes one
 * condition; but a running Job has no condition True (none at all, unless suspended), and a
 * finished one ends its list with `Complete` or `Failed` (after `SuccessCriteriaMet` or
 * `FailureTarget` from 1.31), each True. kubectl keeps waiting while the path finds nothing, and
 * splits the argument at `=`, so no filter expression (`?(@.type=="Failed")`) could be written.
 */
const WAIT_FOR: Readonly<Record<JobEnd, string>> = {
  complete: '--for=condition=complete',
  finished: '--for=jsonpath={.status.conditions[-1].status}=True',
};

/** The ServiceAccount, Role and RoleBinding of a pod that waits for Jobs: `<service>-job-wait`. */
export function jobWaitAccessName(service: string): string {
  return `${service}-job-wait`;
}

/** The Jobs one pod waits for, and the init containers that wait. */
export class JobWaits {
  private readonly waited: string[] = [];
  private mounts: k8s.VolumeMount[] | undefined;

  /**
   * @param volumes the pod's volumes: the token and cache volumes join them on first use
   * @param jobOf the Job name of a compose service, or undefined when it does not run as a Job
   */
  constructor(
    private readonly volumes: PodVolumeSet,
    private readonly jobOf: (service: string) => string | undefined,
  ) {}

  /** Names of the Jobs waited for, in the order of the waits. */
  get jobs(): readonly string[] {
    return this.waited;
  }

  /** Whether `service` runs as a Job, so that waiting for it means waiting for its completion. */
  runsAsJob(service: string): boolean {
    return this.jobOf(service) !== undefined;
  }

  /**
   * An init container named `name` that waits for the Job of `service` to reach `until`;
   * undefined when it has none.
   */
  container(name: string, service: string, until: JobEnd = 'complete'): k8s.Container | undefined {
    const job = this.jobOf(service);
    if (job === undefined) return undefined;
    if (!this.waited.includes(job)) this.waited.push(job);
    this.mounts ??= this.volumes.add([API_ACCESS, CACHE], [
      { name: API_ACCESS.name, mountPath: SERVICE_ACCOUNT_DIR, readOnly: true },
      { name: CACHE.name, mountPath: CACHE_DIR },
    ]);
    return {
      name,
      image: KUBECTL_IMAGE,
      imagePullPolicy: 'IfNotPresent',
      command: ['kubectl', 'wait', WAIT_FOR[until], `--timeout=${JOB_WAIT_TIMEOUT}`, `--cache-dir=${CACHE_DIR}`, `job/${job}`],
      resources: {
        requests: { cpu: cpuText(0.01), memory: memoryText(48 * MiB) },
        limits: { cpu: cpuText(0.2), memory: memoryText(128 * MiB) },
      },
      securityContext: WAIT_SECURITY,
      volumeMounts: [...this.mounts],
    };
  }
}


/**
 * A ServiceAccount without an automounted token (unless the service names its own, which is then
 * bound instead), a Role that may read only the given Jobs, and its RoleBinding. `resourceNames`
 * holds for list and watch too: kubectl wait lists and watches with a `metadata.name` field
 * selector, which is what RBAC requires for named list and watch.
 */
export function jobWaitAccess(
  meta: ServiceObjectMeta,
  jobs: readonly string[],
  ownServiceAccount: string | undefined,
): (Named<k8s.ServiceAccount> | Named<k8s.Role> | Named<k8s.RoleBinding>)[] {
  const name = jobWaitAccessName(meta.name);
  const metadata = objectMeta(meta, name);
  const serviceAccount = ownServiceAccount ?? name;
  return [
    ...(ownServiceAccount === undefined
      ? [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: false } satisfies Named<k8s.ServiceAccount>]
      : []),
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: [{ apiGroups: ['batch'], resources: ['jobs'], resourceNames: [...jobs].sort(), verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace: meta.namespace }],
    },
  ];
}

/**
 * Egress to the API server for the waiting pods. Its address is the cluster's, unknown here: any
 * address on the ports API servers listen on (443 behind the `kubernetes` Service, 6443 on the
 * control plane). NetworkPolicies add up, so this only widens what the pod's own policy allows.
 */
export function apiServerEgress(meta: ServiceObjectMeta): Named<k8s.NetworkPolicy> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: objectMeta(meta, `${meta.name}-api-egress`),
    spec: {
      podSelector: { matchLabels: { ...meta.selector } },
      policyTypes: ['Egress'],
      egress: [{
        to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }],
        ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }],
      }],
    },
  };
}
