import type * as k8s from '../k8s/plan/api-types.ts';
import { canonicalManifest } from '../k8s/output/canonical-manifest.ts';
import { serviceLabels } from '../k8s/names/labels.ts';
import type { KubernetesManifest, Named } from '../k8s/plan/plan.ts';
import { managerAccess } from './access.ts';
import { managerAdmissionPolicyManifests } from './admission-policy.ts';
import { dashboardJobTemplate } from './job-template.ts';
import { DASHBOARD_POD_LABELS, DEFAULT_DASHBOARD_IMAGE, DEFAULT_MAX_EXERCISE_SECONDS, TEMPLATE_NAME } from './names.ts';
import { dashboardNetworkPolicies } from './network-policies.ts';
import { validateRoute, type DashboardRoute } from './route.ts';

export interface TeamDashboardTemplateProps {
  /** Namespace of SCIP, its dashboards and the orchestration service. */
  readonly namespace: string;
  /** `app.kubernetes.io/part-of` (and `instance`) of every object. @default 'scip' */
  readonly partOf?: string;
  /** Dashboard image, with a pinned tag. @default DEFAULT_DASHBOARD_IMAGE ('scip-team-dashboard:1.0.0') */
  readonly image?: string;
  /** Service name of the MQTT broker, as dashboards address it. @default 'mqtt' */
  readonly mqttServiceName?: string;
  /** The broker's WebSocket port. @default 9001 */
  readonly mqttWebSocketPort?: number;
  /** Labels of the MQTT broker's pods. @default { 'app.kubernetes.io/name': mqttServiceName } */
  readonly mqttPodLabels?: Readonly<Record<string, string>>;
  /** The orchestration service's ServiceAccount, which the manager Role is bound to. @default 'orchestration' */
  readonly serviceAccountName?: string;
  /** Longest an exercise may run; the Job's `activeDeadlineSeconds`. @default DEFAULT_MAX_EXERCISE_SECONDS (3 days) */
  readonly maxExerciseSeconds?: number;
  /** How long a finished dashboard Job (and, through ownership, its Service) is kept. @default 3600 */
  readonly ttlSecondsAfterFinished?: number;
  /** Labels of the pods allowed to reach dashboards (the ingress path). @default { 'app.kubernetes.io/name': 'nginx' } */
  readonly ingressFrom?: Readonly<Record<string, string>>;
  /**
   * Namespace of the ingress controller serving the per-team routes (`TeamDashboardManager`'s
   * `route`): its pods may reach the dashboards. @default none, only `ingressFrom`
   */
  readonly ingressControllerNamespace?: string;
  /** Highest CPU limit the admission policy lets a dashboard have, a team's own `cpu` included. @default '1' */
  readonly maxCpu?: string;
  /** Highest memory limit the admission policy lets a dashboard have, a team's own `memoryLimit` included. @default '1Gi' */
  readonly maxMemory?: string;
  /**
   * The per-team route: give `TeamDashboardManager` (and the CLI's `--route-*`) the same one. The
   * admission policy lets the manager create only Ingresses of this route. @default none: no Ingresses
   */
  readonly route?: DashboardRoute;
}

/** MQTT over TCP, which the dashboard image may use besides WebSockets. */
const MQTT_TCP_PORT = 1883;
// The CronJob is only a template that stays suspended; any valid schedule will do.
const NEVER_USED_SCHEDULE = '0 0 1 1 *';

/** The SCIP objects of `teamDashboardTemplateManifests`: the template first. */
export interface TeamDashboardTemplateManifests {
  /** The suspended CronJob holding the Job template. */
  readonly cronJob: Named<k8s.CronJob>;
  /** The CronJob, the manager's ServiceAccount, Role and RoleBinding, the admission policies and the NetworkPolicies. */
  readonly all: readonly KubernetesManifest[];
}

/**
 * What SCIP's orchestration service needs to run one dashboard per team: the Job template as a
 * suspended CronJob (editable with kubectl, `kubectl create job --from=cronjob/team-dashboard`
 * works), the ServiceAccount and Role the manager runs with, the admission policies that hold what
 * it creates to that template, and the dashboards' NetworkPolicies.
 */
export function teamDashboardTemplateManifests(props: TeamDashboardTemplateProps): TeamDashboardTemplateManifests {
  const partOf = props.partOf ?? 'scip';
  const mqttServiceName = props.mqttServiceName ?? 'mqtt';
  const mqttWebSocketPort = props.mqttWebSocketPort ?? 9001;
  const labels = serviceLabels(partOf, TEMPLATE_NAME);
  const cronJob = canonicalManifest<Named<k8s.CronJob>>({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: TEMPLATE_NAME, namespace: props.namespace, labels: { ...labels, ...DASHBOARD_POD_LABELS } },
    spec: {
      schedule: NEVER_USED_SCHEDULE,
      suspend: true,
      concurrencyPolicy: 'Forbid',
      jobTemplate: dashboardJobTemplate({
        image: props.image ?? DEFAULT_DASHBOARD_IMAGE,
        labels: { ...labels, ...DASHBOARD_POD_LABELS },
        mqttWebSocketUrl: `ws://${mqttServiceName}:${mqttWebSocketPort}`,
        maxExerciseSeconds: props.maxExerciseSeconds ?? DEFAULT_MAX_EXERCISE_SECONDS,
        ttlSecondsAfterFinished: props.ttlSecondsAfterFinished ?? 3600,
      }),
    },
  });
  const serviceAccountName = props.serviceAccountName ?? 'orchestration';
  const others: KubernetesManifest[] = [
    ...managerAccess({ namespace: props.namespace, serviceAccountName, labels }),
    ...managerAdmissionPolicyManifests({
      namespace: props.namespace,
      serviceAccountName,
      labels,
      ...(props.maxCpu !== undefined ? { maxCpu: props.maxCpu } : {}),
      ...(props.maxMemory !== undefined ? { maxMemory: props.maxMemory } : {}),
      ...(props.route !== undefined ? { route: validateRoute(props.route) } : {}),
    }),
    ...dashboardNetworkPolicies({
      namespace: props.namespace,
      labels,
      ingressFrom: props.ingressFrom ?? { 'app.kubernetes.io/name': 'nginx' },
      ...(props.ingressControllerNamespace === undefined ? {} : { ingressControllerNamespace: props.ingressControllerNamespace }),
      mqttPods: props.mqttPodLabels ?? { 'app.kubernetes.io/name': mqttServiceName },
      mqttPorts: [mqttWebSocketPort, MQTT_TCP_PORT],
    }),
  ];
  return { cronJob, all: [cronJob, ...others.map((manifest) => canonicalManifest(manifest))] };
}
