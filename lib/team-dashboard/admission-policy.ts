import type { KubernetesManifest } from '../k8s/plan/plan.ts';
import { DASHBOARD_POD_LABELS, SCIP_LABELS, SERVICE_PORT, TEAM_DASHBOARD_TYPE, TEMPLATE_NAME } from './names.ts';
import type { DashboardRoute } from './route.ts';

export interface ManagerAdmissionPolicyProps {
  /** Namespace of the template and of the manager's ServiceAccount. */
  readonly namespace: string;
  /** The ServiceAccount the manager runs as; only its requests are checked. */
  readonly serviceAccountName: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Highest CPU limit a dashboard container may have (a team's own `cpu` included). @default '1' */
  readonly maxCpu?: string;
  /** Highest memory limit a dashboard container may have (a team's own `memoryLimit` included). @default '1Gi' */
  readonly maxMemory?: string;
  /** The only route the manager's Ingresses may take. @default none: the manager may create no Ingress */
  readonly route?: DashboardRoute;
}

/**
 * admissionregistration.k8s.io/v1, which the Kubernetes 1.27 L1 classes do not have (they stop at
 * v1alpha1): the fields these policies use.
 */
interface Validation {
  readonly expression: string;
  readonly message: string;
  readonly messageExpression?: string;
  readonly reason?: 'Unauthorized' | 'Forbidden' | 'Invalid' | 'RequestEntityTooLarge';
}

interface ValidatingAdmissionPolicySpec {
  readonly failurePolicy: 'Fail' | 'Ignore';
  readonly paramKind?: { readonly apiVersion: string; readonly kind: string };
  readonly matchConstraints: {
    readonly resourceRules: readonly {
      readonly apiGroups: readonly string[];
      readonly apiVersions: readonly string[];
      readonly operations: readonly ('CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT' | '*')[];
      readonly resources: readonly string[];
    }[];
  };
  readonly matchConditions: readonly { readonly name: string; readonly expression: string }[];
  readonly variables?: readonly { readonly name: string; readonly expression: string }[];
  readonly validations: readonly Validation[];
}

interface ValidatingAdmissionPolicyBindingSpec {
  readonly policyName: string;
  readonly paramRef?: { readonly name: string; readonly namespace: string; readonly parameterNotFoundAction: 'Allow' | 'Deny' };
  readonly validationActions: readonly ('Deny' | 'Warn' | 'Audit')[];
}

/** A CEL string literal (JSON's escaping is valid CEL). */
const cel = (text: string): string => JSON.stringify(text);

/** Labels the API server adds to a Job's pod template (batch/v1 defaulting), besides the template's own. */
const JOB_CONTROLLER_LABELS = ['batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name', 'controller-uid', 'job-name'];

/**
 * What the manager's ServiceAccount may create, enforced by the API server: `jobs: create` would
 * otherwise let it (or whoever takes over the orchestration pod) run any pod in the namespace —
 * another image, host access, the Secrets of the namespace or a more powerful ServiceAccount.
 *
 * Its Jobs must be made from the template: the template's images, ServiceAccount and token
 * mounting, only emptyDir, configMap and downwardAPI volumes, no Secret references in the
 * environment, no host namespaces, host ports, privileged containers or added capabilities, CPU and
 * memory limits within bounds, and the template's pod labels plus the team's (so the dashboards'
 * NetworkPolicies apply and no other pod's do). The template is the policy's parameter, read from
 * the cluster: an operator who edits it (a new image tag) changes what is allowed, the manager
 * cannot (it may only read the template). Its Services must be ClusterIP Services of dashboards,
 * and its Ingresses the template's route of one dashboard (its host, path, Service, class and TLS
 * Secret, no annotations: ingress controllers take configuration snippets from them); without a
 * route in the template it may create no Ingress. Requests of anyone else are not checked. admissionregistration.k8s.io/v1 needs Kubernetes 1.30
 * or later.
 */
export function managerAdmissionPolicyManifests(props: ManagerAdmissionPolicyProps): AdmissionManifest[] {
  const user = `system:serviceaccount:${props.namespace}:${props.serviceAccountName}`;
  const matchConditions = [{ name: 'requested-by-the-manager', expression: `request.userInfo.username == ${cel(user)}` }];
  // Cluster-scoped objects, named after the namespace so the template can be installed in several.
  const jobs = `${TEMPLATE_NAME}-jobs.${props.namespace}`;
  const services = `${TEMPLATE_NAME}-services.${props.namespace}`;
  const ingresses = `${TEMPLATE_NAME}-ingresses.${props.namespace}`;
  return [
    clusterObject('ValidatingAdmissionPolicy', jobs, props.labels, {
      failurePolicy: 'Fail',
      paramKind: { apiVersion: 'batch/v1', kind: 'CronJob' },
      matchConstraints: { resourceRules: [rule('batch', 'jobs')] },
      matchConditions,
      variables: JOB_VARIABLES,
      validations: jobValidations(props.maxCpu ?? '1', props.maxMemory ?? '1Gi'),
    }),
    clusterObject('ValidatingAdmissionPolicyBinding', jobs, props.labels, {
      policyName: jobs,
      // The template in the manager's namespace, wherever the Job is created.
      paramRef: { name: TEMPLATE_NAME, namespace: props.namespace, parameterNotFoundAction: 'Deny' },
      validationActions: ['Deny'],
    }),
    clusterObject('ValidatingAdmissionPolicy', services, props.labels, {
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules: [rule('', 'services')] },
      matchConditions,
      validations: SERVICE_VALIDATIONS,
    }),
    clusterObject('ValidatingAdmissionPolicyBinding', services, props.labels, { policyName: services, validationActions: ['Deny'] }),
    clusterObject('ValidatingAdmissionPolicy', ingresses, props.labels, {
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules: [rule('networking.k8s.io', 'ingresses')] },
      matchConditions,
      validations: ingressValidations(props.route),
    }),
    clusterObject('ValidatingAdmissionPolicyBinding', ingresses, props.labels, { policyName: ingresses, validationActions: ['Deny'] }),
  ];
}

/** A policy or binding: cluster-scoped (no namespace). */
export interface AdmissionManifest extends KubernetesManifest {
  readonly spec: ValidatingAdmissionPolicySpec | ValidatingAdmissionPolicyBindingSpec;
}

function clusterObject(
  kind: 'ValidatingAdmissionPolicy' | 'ValidatingAdmissionPolicyBinding',
  name: string,
  labels: Readonly<Record<string, string>>,
  spec: ValidatingAdmissionPolicySpec | ValidatingAdmissionPolicyBindingSpec,
): AdmissionManifest {
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name, labels: { ...labels } }, spec };
}

function rule(apiGroup: string, resource: string): ValidatingAdmissionPolicySpec['matchConstraints']['resourceRules'][number] {
  // UPDATE too: the Role grants no update today, and a later grant must not open a way around the policy.
  return { apiGroups: [apiGroup], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: [resource] };
}

const JOB_VARIABLES = [
  { name: 'template', expression: 'params.spec.jobTemplate.spec.template' },
  { name: 'pod', expression: 'object.spec.template' },
  { name: 'containers', expression: 'variables.pod.spec.containers + variables.pod.spec.?initContainers.orValue([])' },
  {
    name: 'images',
    expression: 'variables.template.spec.containers.map(c, c.image) + variables.template.spec.?initContainers.orValue([]).map(c, c.image)',
  },
  { name: 'templateLabels', expression: 'variables.template.metadata.?labels.orValue({})' },
  { name: 'podLabels', expression: 'variables.pod.metadata.?labels.orValue({})' },
] as const;

const JOBS_OF = 'Jobs of the team dashboard manager';

function jobValidations(maxCpu: string, maxMemory: string): Validation[] {
  const teamLabels = [SCIP_LABELS.exercise, SCIP_LABELS.team, ...JOB_CONTROLLER_LABELS].map(cel).join(', ');
  const withinBounds = (resource: string, max: string) =>
    `${cel(resource)} in c.resources.limits && quantity(string(c.resources.limits[${cel(resource)}])).compareTo(quantity(${cel(max)})) <= 0`;
  return [
    {
      expression: 'variables.containers.all(c, c.image in variables.images)',
      message: `${JOBS_OF} may run only the images of CronJob ${TEMPLATE_NAME}`,
      messageExpression: `${cel(`${JOBS_OF} may run only the images of CronJob ${TEMPLATE_NAME}: `)} + variables.images.join(', ')`,
    },
    {
      expression:
        "variables.pod.spec.?serviceAccountName.orValue('default') == variables.template.spec.?serviceAccountName.orValue('default')" +
        ' && (!variables.pod.spec.?automountServiceAccountToken.orValue(true) || variables.template.spec.?automountServiceAccountToken.orValue(true))',
      message: `${JOBS_OF} must run as the ServiceAccount of CronJob ${TEMPLATE_NAME}, and without its token when the template mounts none`,
    },
    {
      expression: 'variables.pod.spec.?volumes.orValue([]).all(v, has(v.emptyDir) || has(v.configMap) || has(v.downwardAPI))',
      message: `${JOBS_OF} may mount only emptyDir, configMap and downwardAPI volumes (no Secret, hostPath, projected, persistent or CSI volumes)`,
    },
    {
      expression:
        'variables.containers.all(c, c.?env.orValue([]).all(e, !has(e.valueFrom) || !has(e.valueFrom.secretKeyRef))' +
        ' && c.?envFrom.orValue([]).all(f, !has(f.secretRef)))',
      message: `${JOBS_OF} may not read Secrets into the environment`,
    },
    {
      expression:
        '!variables.pod.spec.?hostNetwork.orValue(false) && !variables.pod.spec.?hostPID.orValue(false) && !variables.pod.spec.?hostIPC.orValue(false)' +
        ' && variables.containers.all(c, c.?ports.orValue([]).all(p, p.?hostPort.orValue(0) == 0))',
      message: `${JOBS_OF} may not use the host's network, PID or IPC namespace or host ports`,
    },
    {
      expression:
        'variables.containers.all(c, !c.?securityContext.?privileged.orValue(false) && c.?securityContext.?capabilities.?add.orValue([]).size() == 0)',
      message: `${JOBS_OF} may not run privileged containers or add capabilities`,
    },
    {
      expression: `variables.containers.all(c, has(c.resources) && has(c.resources.limits) && ${withinBounds('cpu', maxCpu)} && ${withinBounds('memory', maxMemory)})`,
      message: `${JOBS_OF} must set CPU and memory limits of at most ${maxCpu} CPU and ${maxMemory} on every container`,
    },
    {
      expression:
        `object.metadata.?labels.orValue({})[?${cel(SCIP_LABELS.type)}] == optional.of(${cel(TEAM_DASHBOARD_TYPE)})` +
        ' && variables.templateLabels.all(k, variables.podLabels[?k] == optional.of(variables.templateLabels[k]))' +
        ` && variables.podLabels.all(k, k in variables.templateLabels || k in [${teamLabels}])`,
      message: `${JOBS_OF} must carry the label ${SCIP_LABELS.type}=${TEAM_DASHBOARD_TYPE}, and their pods exactly the template's labels plus ${SCIP_LABELS.exercise} and ${SCIP_LABELS.team}`,
    },
  ];
}

const SERVICES_OF = 'Services of the team dashboard manager';

const SERVICE_VALIDATIONS: readonly Validation[] = [
  {
    expression: "object.spec.?type.orValue('ClusterIP') == 'ClusterIP' && object.spec.?externalIPs.orValue([]).size() == 0",
    message: `${SERVICES_OF} must be of type ClusterIP, without external IPs`,
  },
  {
    expression: Object.entries(DASHBOARD_POD_LABELS)
      .map(([key, value]) => `object.spec.?selector.orValue({})[?${cel(key)}] == optional.of(${cel(value)})`)
      .join(' && ')
      .concat(` && object.metadata.?labels.orValue({})[?${cel(SCIP_LABELS.type)}] == optional.of(${cel(TEAM_DASHBOARD_TYPE)})`),
    message: `${SERVICES_OF} must select team dashboard pods (${SCIP_LABELS.type}=${TEAM_DASHBOARD_TYPE}) and carry that label`,
  },
];

const INGRESSES_OF = 'Ingresses of the team dashboard manager';

/**
 * The manager's Ingresses are `dashboardIngress(job, route)` for the template's route: one rule, host
 * `<name>.<domain>`, path `/` to the Service of the same name. The route is fixed when the template is
 * synthesized (unlike the Job template, read live), so a changed domain needs the manifests re-applied.
 */
function ingressValidations(route: DashboardRoute | undefined): Validation[] {
  if (route === undefined) {
    return [{ expression: 'false', message: `${INGRESSES_OF} are refused: the template sets no route (TeamDashboardTemplate's route)` }];
  }
  const host = `object.metadata.name + ${cel(`.${route.domain}`)}`;
  const name = 'optional.of(object.metadata.name)';
  return [
    {
      expression: `object.metadata.?labels.orValue({})[?${cel(SCIP_LABELS.type)}] == optional.of(${cel(TEAM_DASHBOARD_TYPE)}) && object.metadata.?annotations.orValue({}).size() == 0`,
      message: `${INGRESSES_OF} must carry the label ${SCIP_LABELS.type}=${TEAM_DASHBOARD_TYPE} and no annotations (ingress controllers read configuration from them)`,
    },
    {
      expression: route.className === undefined ? '!has(object.spec.ingressClassName)' : `object.spec.?ingressClassName == optional.of(${cel(route.className)})`,
      message: `${INGRESSES_OF} must use ${route.className === undefined ? "the cluster's default IngressClass" : `IngressClass ${route.className}`}`,
    },
    {
      expression:
        `!has(object.spec.defaultBackend) && object.spec.?rules.orValue([]).size() == 1 && object.spec.rules.all(r, r.?host == optional.of(${host})` +
        ' && r.?http.?paths.orValue([]).size() == 1 && r.http.paths.all(p, p.?path == optional.of("/") && p.pathType == "Prefix"' +
        ` && p.backend.?service.?name == ${name} && p.backend.?service.?port.?number == optional.of(${SERVICE_PORT})))`,
      message: `${INGRESSES_OF} must route the host <name>.${route.domain}, path / only, to port ${SERVICE_PORT} of the Service of the same name`,
    },
    {
      expression:
        route.tlsSecretName === undefined
          ? 'object.spec.?tls.orValue([]).size() == 0'
          : `object.spec.?tls.orValue([]).all(t, t.?secretName == optional.of(${cel(route.tlsSecretName)}) && t.?hosts.orValue([]).all(h, h == ${host}))`,
      message:
        route.tlsSecretName === undefined
          ? `${INGRESSES_OF} may not set TLS: the template's route has no TLS Secret`
          : `${INGRESSES_OF} may use only TLS Secret ${route.tlsSecretName}, for their own host`,
    },
  ];
}
