import type { V1Container, V1EnvVar, V1Job, V1JobTemplateSpec, V1ObjectMeta, V1ResourceRequirements, V1Service } from '@kubernetes/client-node';
import { TeamDashboardInputError } from './errors.ts';
import { dashboardName } from './naming.ts';
import { CONTAINER_NAME, PORT_NAME, SCIP_LABELS, SERVICE_PORT, TEAM_DASHBOARD_TYPE } from './names.ts';
import { validateConfig, validateId, type TeamDashboardConfig } from './validation.ts';

/** One team's dashboard in one exercise. */
export interface DashboardRequest {
  readonly exerciseId: string;
  readonly teamId: string;
  readonly config: TeamDashboardConfig;
  /** @default none, so `kubectl apply` uses its current namespace */
  readonly namespace?: string;
}

/** Where a dashboard is reachable. */
export interface DashboardAddress {
  /** Name of the Job and of its Service. */
  readonly name: string;
  /** The Service's name inside the cluster. */
  readonly dnsName: string;
  /** The team's route (its Ingress host) when the manager has one, else the Service inside the cluster. */
  readonly url: string;
}

/** Used when an operator removed MQTT_WS_URL from the template: the broker as SCIP's compose file names it. */
const DEFAULT_MQTT_WS_URL = 'ws://mqtt:9001';

/** Labels that tie an object to one exercise and team; `list` and `cleanup` select by them. */
export function dashboardLabels(exerciseId?: string, teamId?: string): Record<string, string> {
  return {
    [SCIP_LABELS.type]: TEAM_DASHBOARD_TYPE,
    ...(exerciseId === undefined ? {} : { [SCIP_LABELS.exercise]: exerciseId }),
    ...(teamId === undefined ? {} : { [SCIP_LABELS.team]: teamId }),
  };
}

/**
 * The Job for one team, from the operator-editable template: the template's labels, pod spec and
 * resources, plus the team's identity as labels and environment (names as SCIP's Docker
 * orchestration used them).
 */
export function dashboardJob(template: V1JobTemplateSpec, request: DashboardRequest): V1Job {
  const exerciseId = validateId('exercise', request.exerciseId);
  const teamId = validateId('team', request.teamId);
  const config = validateConfig(request.config);
  const spec = template.spec;
  if (!spec?.template.spec?.containers.length) {
    throw new TeamDashboardInputError('template', 'the Job template has no containers');
  }
  const labels = { ...template.metadata?.labels, ...dashboardLabels(exerciseId, teamId) };
  const podSpec = spec.template.spec;
  const target = podSpec.containers.find((c) => c.name === CONTAINER_NAME) ?? podSpec.containers[0];
  const environment = teamEnvironment(exerciseId, teamId, config, target?.env ?? []);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: dashboardName(exerciseId, teamId),
      ...(request.namespace === undefined ? {} : { namespace: request.namespace }),
      labels,
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
    },
    spec: {
      ...spec,
      template: {
        metadata: { ...spec.template.metadata, labels: { ...spec.template.metadata?.labels, ...labels } },
        spec: {
          ...podSpec,
          containers: podSpec.containers.map((container) =>
            container === target ? withTeam(container, environment, config) : container,
          ),
        },
      },
    },
  };
}

/**
 * The ClusterIP Service in front of a dashboard Job. Given a Job the API server has stored (with a
 * uid), the Service is owned by it, so deleting the Job (or its TTL expiring) removes the Service.
 */
/**
 * The metadata of an object that belongs to the dashboard's Job: its name, namespace and labels, and
 * the Job as its controlling owner, so it goes with the Job (none for a Job not created yet: the CLI).
 */
export function ownedByJob(job: V1Job): V1ObjectMeta {
  const metadata = job.metadata ?? {};
  const owner =
    metadata.uid === undefined
      ? {}
      : {
          // No blockOwnerDeletion: it would need update rights on jobs/finalizers, which the Role does not grant.
          ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: metadata.name ?? '', uid: metadata.uid, controller: true }],
        };
  return {
    name: metadata.name,
    ...(metadata.namespace === undefined ? {} : { namespace: metadata.namespace }),
    labels: { ...metadata.labels },
    ...owner,
  };
}

export function dashboardService(job: V1Job): V1Service {
  const labels = job.metadata?.labels ?? {};
  const selector = dashboardLabels(labels[SCIP_LABELS.exercise], labels[SCIP_LABELS.team]);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: ownedByJob(job),
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: PORT_NAME, port: SERVICE_PORT, targetPort: PORT_NAME, protocol: 'TCP' }],
    },
  };
}

export type DashboardState = 'pending' | 'starting' | 'ready' | 'completed' | 'failed';

/** What a dashboard's Job status says about it. */
export function dashboardState(job: V1Job): DashboardState {
  const status = job.status ?? {};
  if (hasCondition(job, 'Failed')) return 'failed';
  if (hasCondition(job, 'Complete')) return 'completed';
  if ((status.ready ?? 0) > 0) return 'ready';
  if ((status.active ?? 0) > 0) return 'starting';
  return 'pending';
}

/** A finished Job runs no dashboard any more: it failed, or its server exited. */
export function isFinished(job: V1Job): boolean {
  return hasCondition(job, 'Failed') || hasCondition(job, 'Complete');
}

function hasCondition(job: V1Job, type: string): boolean {
  return job.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

export function dashboardAddress(name: string, namespace: string, clusterDomain: string): DashboardAddress {
  const dnsName = `${name}.${namespace}.svc.${clusterDomain}`;
  return { name, dnsName, url: `http://${dnsName}` };
}

function teamEnvironment(
  exerciseId: string,
  teamId: string,
  config: TeamDashboardConfig,
  templateEnv: readonly V1EnvVar[],
): V1EnvVar[] {
  const mqttUrl = templateEnv.find((variable) => variable.name === 'MQTT_WS_URL')?.value ?? DEFAULT_MQTT_WS_URL;
  const team: Record<string, string> = {
    TEAM_ID: teamId,
    TEAM_NAME: config.name,
    TEAM_COLOR: config.color,
    EXERCISE_ID: exerciseId,
    MQTT_WS_URL: mqttUrl,
    MQTT_TOPIC: `/exercise/${exerciseId}/team/${teamId}/feed`,
  };
  const kept = templateEnv.filter((variable) => !(variable.name in team));
  return [...kept, ...Object.entries(team).map(([name, value]) => ({ name, value }))];
}

function withTeam(container: V1Container, env: V1EnvVar[], config: TeamDashboardConfig): V1Container {
  return { ...container, env, resources: withOverrides(container.resources, config) };
}

/** A team's own memory or CPU replaces both request and limit, keeping the template's Guaranteed QoS. */
function withOverrides(resources: V1ResourceRequirements | undefined, config: TeamDashboardConfig): V1ResourceRequirements {
  const overrides: Record<string, string> = {
    ...(config.memoryLimit === undefined ? {} : { memory: config.memoryLimit }),
    ...(config.cpu === undefined ? {} : { cpu: config.cpu }),
  };
  return {
    ...resources,
    requests: { ...resources?.requests, ...overrides },
    limits: { ...resources?.limits, ...overrides },
  };
}
