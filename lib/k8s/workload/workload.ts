import { mergedNameRecord } from '../../name-records.ts';
import type * as k8s from '../plan/api-types.ts';
import type { UpdateConfig } from '../../compose/model.ts';
import type { ClaimPayload, ServiceContext } from '../plan/context.ts';
import { int32, isInRange } from '../plan/int32.ts';
import { objectMeta, type ServiceObjectMeta } from '../names/object-meta.ts';
import { headlessServiceName } from '../networking/service.ts';
import type { Named } from '../plan/plan.ts';
import { RUN_ONCE_JOB_ANNOTATIONS } from './run-once/gitops.ts';
import { runOnceJobName } from './run-once/job-name.ts';

/** How a Job's pods restart, from `deploy.restart_policy` or else `restart`. */
export interface JobPolicy {
  readonly restartPolicy: 'OnFailure' | 'Never';
  readonly backoffLimit: number;
}

/** Kubernetes' own default number of retries of a failing Job. */
const DEFAULT_BACKOFF_LIMIT = 6;

export function jobPolicy(context: ServiceContext): JobPolicy {
  const { service, warn } = context;
  const policy = service.deploy.restartPolicy;
  if (policy) {
    if (policy.condition === 'none') return { restartPolicy: 'Never', backoffLimit: 0 };
    const maxAttempts = int32(policy.maxAttempts, `services.${service.name}.deploy.restart_policy.max_attempts`, context);
    return { restartPolicy: 'OnFailure', backoffLimit: maxAttempts ?? DEFAULT_BACKOFF_LIMIT };
  }
  switch (service.restart) {
    case undefined:
    case 'no':
      return { restartPolicy: 'Never', backoffLimit: 0 };
    case 'on-failure':
      return { restartPolicy: 'OnFailure', backoffLimit: onFailureRetries(context) ?? DEFAULT_BACKOFF_LIMIT };
    case 'always':
    case 'unless-stopped':
      warn(`restart: ${service.restart} — a Job's pod is retried only on failure, never after it succeeds`, `services.${service.name}.restart`);
      return { restartPolicy: 'OnFailure', backoffLimit: DEFAULT_BACKOFF_LIMIT };
  }
}

/** The N of `restart: on-failure:N` (the model keeps only the policy's name; the raw value keeps N). */
function onFailureRetries(context: ServiceContext): number | undefined {
  const raw = context.service.raw['restart'];
  const count = typeof raw === 'string' ? /^on-failure:\s*(\d+)$/.exec(raw)?.[1] : undefined;
  return count === undefined ? undefined : int32(Number(count), `services.${context.service.name}.restart`, context);
}

/** `deploy.replicas` (or `scale`), overridden by the `replicas` option; 1 when neither is set. */
export function replicasFor(context: ServiceContext): number {
  const { options, service, project } = context;
  // The option is range-checked where it is validated.
  if (options.replicas !== undefined) return options.replicas;
  const replicas = service.deploy.replicas ?? 1;
  // Which key holds the value matters only for the error, and telling needs every key's location (issue 7).
  if (isInRange(replicas)) return replicas;
  const base = `services.${service.name}`;
  const fromScale = !Object.hasOwn(project.locations, `${base}.deploy.replicas`) && Object.hasOwn(project.locations, `${base}.scale`);
  return int32(replicas, fromScale ? `${base}.scale` : `${base}.deploy.replicas`, context);
}

export interface WorkloadProps {
  readonly context: ServiceContext;
  readonly meta: ServiceObjectMeta;
  readonly annotations: Readonly<Record<string, string>>;
  readonly template: k8s.PodTemplateSpec;
  readonly replicas: number;
  /** For Jobs and CronJobs. */
  readonly jobPolicy?: JobPolicy;
  readonly claimTemplates: readonly ClaimPayload[];
  /** The pods mount a ReadWriteOnce claim, which a second pod on another node cannot attach. */
  readonly mountsExclusiveClaim: boolean;
}

/** Swarm's parallelism 0 means "update all at once". */
function batch(context: ServiceContext, update: UpdateConfig): k8s.IntOrString {
  const parallelism = int32(update.parallelism ?? 1, `services.${context.service.name}.deploy.update_config.parallelism`, context);
  return parallelism === 0 ? '100%' : parallelism;
}

/** `update_config`: start-first surges new pods before stopping old ones, stop-first the reverse. */
function rollingUpdate(context: ServiceContext, update: UpdateConfig): { maxSurge: k8s.IntOrString; maxUnavailable: k8s.IntOrString } {
  const none = 0;
  return update.order === 'start-first'
    ? { maxSurge: batch(context, update), maxUnavailable: none }
    : { maxSurge: none, maxUnavailable: batch(context, update) };
}

function deploymentStrategy(context: ServiceContext, mountsExclusiveClaim: boolean): k8s.DeploymentStrategy | undefined {
  const update = context.service.deploy.updateConfig;
  if (update) return { type: 'RollingUpdate', rollingUpdate: rollingUpdate(context, update) };
  // The new pod of a rolling update could not attach the old pod's ReadWriteOnce volume.
  return mountsExclusiveClaim ? { type: 'Recreate' } : undefined;
}

/** A StatefulSet's claim template: a PersistentVolumeClaim without apiVersion and kind. */
type ClaimTemplate = NonNullable<NonNullable<k8s.StatefulSet['spec']>['volumeClaimTemplates']>[number];

function claimTemplate(claim: ClaimPayload, meta: ServiceObjectMeta): ClaimTemplate {
  return { metadata: { name: claim.name, labels: mergedNameRecord(meta.labels, claim.labels) }, spec: claim.spec };
}

function jobSpec(props: WorkloadProps): k8s.JobSpec {
  const { service } = props.context;
  const parallel = service.deploy.mode === 'replicated-job' && service.deploy.replicas !== undefined;
  return {
    backoffLimit: props.jobPolicy?.backoffLimit,
    ...(parallel ? { completions: props.replicas, parallelism: props.replicas } : {}),
    template: props.template,
  };
}

/**
 * A Job that runs once per change of its spec: named after its spec's hash, and never deleted by a
 * TTL, because pods that wait for it look it up by that name (a pod started after a TTL would wait
 * forever), and because Argo CD (self-heal) and Flux re-create a deleted object at their next sync,
 * which would run the task again.
 */
function runOnceJob(metadata: k8s.ObjectMeta & { name: string }, spec: k8s.JobSpec): Named<k8s.Job> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: Object.assign({}, metadata, { name: runOnceJobName(metadata.name, spec), annotations: mergedNameRecord(metadata.annotations, RUN_ONCE_JOB_ANNOTATIONS) }),
    spec,
  };
}

export type WorkloadManifest = Named<k8s.Deployment | k8s.StatefulSet | k8s.DaemonSet | k8s.Job | k8s.CronJob>;

/** The controller that runs the service's pods, named exactly as the service. */
export function workloadManifest(props: WorkloadProps): WorkloadManifest {
  const { context, meta, template } = props;
  const { service, workload } = context;
  const metadata = objectMeta(meta, meta.name, props.annotations);
  const selector = { matchLabels: { ...meta.selector } };
  const update = service.deploy.updateConfig;
  const delay = update?.delay === undefined ? undefined : Math.ceil(update.delay / 1000);
  const minReadySeconds = int32(delay, `services.${service.name}.deploy.update_config.delay`, context, 'seconds');
  switch (workload) {
    case 'Deployment':
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        spec: {
          replicas: props.replicas,
          selector,
          strategy: deploymentStrategy(context, props.mountsExclusiveClaim),
          minReadySeconds,
          template,
        },
      };
    case 'StatefulSet':
      if (update && (update.parallelism ?? 1) !== 1) {
        context.warn('a StatefulSet updates one pod at a time; update_config.parallelism is not translated', `services.${service.name}.deploy.update_config.parallelism`);
      }
      return {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata,
        spec: {
          serviceName: headlessServiceName(meta.name),
          replicas: props.replicas,
          selector,
          minReadySeconds,
          updateStrategy: { type: 'RollingUpdate' },
          template,
          volumeClaimTemplates: props.claimTemplates.length > 0 ? props.claimTemplates.map((c) => claimTemplate(c, meta)) : undefined,
        },
      };
    case 'DaemonSet':
      return {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata,
        spec: {
          selector,
          minReadySeconds,
          ...(update ? { updateStrategy: { type: 'RollingUpdate', rollingUpdate: rollingUpdate(context, update) } } : {}),
          template,
        },
      };
    case 'Job':
      if (service.deploy.mode === 'global-job') {
        context.warn('deploy.mode global-job runs once in the cluster, not once per node', `services.${service.name}.deploy.mode`);
      }
      return runOnceJob(metadata, jobSpec(props));
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata,
        spec: {
          schedule: context.options.schedule ?? '',
          ...(context.options.timeZone === undefined ? {} : { timeZone: context.options.timeZone }),
          ...(context.options.startingDeadlineSeconds === undefined ? {} : { startingDeadlineSeconds: context.options.startingDeadlineSeconds }),
          ...(context.options.suspend === true ? { suspend: true } : {}),
          // Compose runs one container per service; overlapping runs would surprise.
          concurrencyPolicy: 'Forbid',
          jobTemplate: { metadata: { labels: { ...meta.labels } }, spec: jobSpec(props) },
        },
      };
  }
}
