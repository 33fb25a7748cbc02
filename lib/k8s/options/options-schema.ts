/**
 * The one description of the Kubernetes options (`x-kubernetes` and `ComposeChartProps.options`), as
 * a JSON Schema (draft-07, what yaml-language-server and Ajv both handle fully). Everything else
 * comes from it: the validation (options-validation.ts compiles it), the TypeScript types
 * (options.generated.ts) and the editor schema (schema/x-kubernetes.schema.json); the last two are
 * written by `node --import tsx tools/options-schema.ts` and a test fails when they are stale.
 *
 * Checks that Kubernetes formats need (quantities, cron schedules, DNS names, label keys) are
 * patterns rather than custom Ajv formats, so that editors enforce exactly what the validation does.
 * `errorMessage` (which editors also show) explains a whole subtree in one sentence; the validation
 * uses the outermost one on the failing path. `$defs` whose names start in upper case become named
 * TypeScript types; the others are inlined where they are used.
 */

import { INT32 } from '../plan/int32.ts';

/** The part of JSON Schema the options use, which is all the type generator understands. */
export interface JsonSchema {
  readonly $schema?: string;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly title?: string;
  readonly description?: string;
  readonly errorMessage?: string;
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
}

const ref = (name: string, description?: string): JsonSchema => ({ $ref: `#/$defs/${name}`, ...(description ? { description } : {}) });
const mapOf = (name: string, description: string): JsonSchema => ({ type: 'object', description, additionalProperties: ref(name) });

const DNS_LABELS = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
/** A label or annotation key: `[prefix/]name`, the prefix a DNS subdomain of ≤253, the name ≤63 characters. */
const LABEL_KEY = `^((?=[^/]{1,253}/)${DNS_LABELS}/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`;
const LABEL_VALUE = '^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$';
const CRON_FIELD = '[0-9*?/,A-Za-z-]+';

const VOLUME_OPTIONS: JsonSchema = {
  type: 'object',
  description: 'Storage of a volume claim.',
  additionalProperties: false,
  properties: {
    size: { ...ref('quantity', 'Requested storage.'), default: '1Gi' },
    storageClass: ref('objectName', "StorageClass of the claim. Defaults to the cluster's default StorageClass."),
    accessMode: ref('AccessMode'),
    sharedStorageClass: ref(
      'objectName',
      'A StorageClass that serves ReadWriteMany: a volume several pods share read-write gets a ReadWriteMany claim of this class, instead of a ReadWriteOnce claim with the sharing pods kept on one node. Per volume, or for all in `defaultVolume` (which also covers shared host directories).',
    ),
  },
};

const SERVICE_OPTIONS: JsonSchema = {
  type: 'object',
  description: "Kubernetes options of one service: a service's own x-kubernetes, or an entry of `defaults` or `services`.",
  additionalProperties: false,
  properties: {
    workload: ref('WorkloadKind', 'Defaults to one chosen from the service: DaemonSet for global mode, StatefulSet for stateful services, else Deployment.'),
    schedule: ref('cronSchedule', 'Cron schedule, required when `workload` is `CronJob`.'),
    timeZone: {
      type: 'string',
      pattern: '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$',
      errorMessage: "must be a time zone name of the tz database such as 'Europe/Berlin'",
      description: "Time zone of a CronJob's schedule (`spec.timeZone`, a tz database name); the controller manager's, UTC on managed clusters, when unset.",
      examples: ['Europe/Berlin'],
    },
    suspend: {
      type: 'boolean',
      default: false,
      description:
        'A CronJob that never fires on its own (`spec.suspend`): a template run by hand with `kubectl create job --from=cronjob/<name> <run>`, as compose runs a manual job.',
    },
    startingDeadlineSeconds: {
      type: 'integer',
      minimum: 10,
      maximum: INT32.max,
      description:
        "Seconds after its time within which a CronJob's run may still start (`spec.startingDeadlineSeconds`): a fire missed for longer (the controller down, or a run still active) is skipped. Unset: the latest missed fire starts once it can.",
      examples: [60],
    },
    replicas: { type: 'integer', minimum: 0, maximum: INT32.max, description: 'Overrides `deploy.replicas`.', examples: [3] },
    exposure: ref('Exposure', 'How published ports are exposed outside the cluster.'),
    ingress: ref('ServiceIngressOptions', 'Host, path and TLS when `exposure` is `Ingress`.'),
    image: ref('imageReference', 'Image to run, required for `build:`-only services you do not want named `<project>-<service>`.'),
    pinDigests: {
      type: 'boolean',
      default: false,
      description: 'Run the image by the digest `cdk8s-compose images lock` resolved its tag to (`image:tag@sha256:…`, the multi-platform index where there is one), so every pod runs the same bytes.',
    },
    resources: ref('ResourceOptions', 'Container requests and limits used where compose sets none (no limit unless `limits` sets one). Quantities as Kubernetes writes them.'),
    securityContext: ref('SecurityContextOptions'),
    devices: ref('DeviceOptions'),
    allowHostPath: {
      type: 'boolean',
      default: false,
      description: 'Mount bind mounts of paths outside the project (absolute or `..` paths) as hostPath volumes. Without it they are never read nor mounted from the node.',
    },
    acknowledge: {
      ...ref('stringList', 'Compose keys whose warnings a person has read, for this service: `restart`, `container_name`, `deploy.resources` (a key and everything below it).'),
      examples: [['restart', 'container_name']],
    },
    sensitiveEnvironment: ref('stringList', 'Environment variable names to keep in a Secret although their names look harmless.'),
    plainEnvironment: ref('stringList', 'Environment variable names to keep in plain env although their names look sensitive.'),
    nodeSelector: ref('labelMap', 'Extra node labels the pods must match.'),
    nodeRole: {
      type: 'string',
      enum: ['preferred', 'required'],
      default: 'preferred',
      description: "How `deploy.placement` `node.role` constraints apply: `preferred` (managed clusters have no schedulable control plane, so a required one would leave the pod Pending) or `required` (the control-plane label and toleration must match, for clusters whose control-plane nodes take workloads).",
    },
    fieldEnvironment: {
      type: 'object',
      description:
        "Environment variables set from the pod's own fields (the downward API), replacing compose's value of the same name: e.g. a DaemonSet's agents each named after their node.",
      additionalProperties: { type: 'string', enum: ['spec.nodeName', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'status.podIP', 'status.hostIP', 'spec.serviceAccountName'] },
      examples: [{ AGENT_ID: 'spec.nodeName' }],
    },
    podAnnotations: ref('stringMap', "Annotations on the workload's pod template."),
    serviceAccountName: ref('objectName', 'Name of a ServiceAccount to run as; its token is then mounted. Defaults to none, and no token.'),
    storage: ref('VolumeOptions', "Storage for the service's StatefulSet volume claims."),
    polarisExemptions: {
      ...ref('stringMap', 'Polaris check id → why this service is exempt; written as exemption annotations.'),
      examples: [{ runAsRootAllowed: 'the vendor image needs root' }],
    },
    imagePullSecrets: {
      type: 'array',
      items: ref('objectName'),
      description: 'Secrets (kubernetes.io/dockerconfigjson, `kubectl create secret docker-registry`) the pods pull their images with; for every service, set it in `defaults`. Listed among the objects to create.',
      examples: [['registry-credentials']],
    },
    autoscale: ref('AutoscaleOptions', 'A HorizontalPodAutoscaler (autoscaling/v2) for a Deployment or StatefulSet.'),
    nodePort: {
      type: 'integer',
      minimum: 30000,
      maximum: 32767,
      description: 'Node port of the published port when `exposure` is `NodePort` (a service publishing one port). Defaults to the published port when it is in the node port range, else one Kubernetes chooses.',
      examples: [30080],
    },
    externalTrafficPolicy: {
      type: 'string',
      enum: ['Cluster', 'Local'],
      description: "For `exposure` LoadBalancer or NodePort: `Local` keeps the client's source address and routes only to pods on the receiving node. Defaults to Kubernetes' `Cluster`.",
    },
    subPaths: {
      type: 'object',
      description: 'Mount target → the directory of the volume mounted there (a volumeMount `subPath`), so several mounts or services can share one volume.',
      propertyNames: { pattern: '^/', errorMessage: 'must be an absolute mount target' },
      additionalProperties: {
        type: 'string',
        pattern: '^(?!/)(?!(.*/)?\\.\\.(/|$))\\S+$',
        errorMessage: "must be a relative path without '..'",
      },
      examples: [{ '/var/lib/postgresql/data': 'pgdata' }],
    },
  },
};

const CHART_OPTIONS: JsonSchema = {
  type: 'object',
  description: 'Kubernetes options of a whole project: the top-level x-kubernetes, or `ComposeChartProps.options`.',
  additionalProperties: false,
  properties: {
    defaults: ref('ServiceOptions', 'Options every service starts from.'),
    services: mapOf('ServiceOptions', 'Per compose service name.'),
    volumes: mapOf('VolumeOptions', 'Per compose volume name (the top-level `volumes:` key).'),
    defaultVolume: ref('VolumeOptions', "Used for every volume without options of its own. Defaults to `{ size: '1Gi', accessMode: 'ReadWriteOnce' }`."),
    ingress: ref('IngressOptions', 'Shared Ingress settings for services exposed through `Ingress`.'),
    networkPolicies: { type: 'boolean', default: true, description: 'Translate compose networks into NetworkPolicies.' },
    podSecurityVersion: {
      type: 'string',
      pattern: '^(latest|v1\\.(0|[1-9][0-9]*))$',
      errorMessage: "must be 'latest' or a Kubernetes minor version such as 'v1.33'",
      default: 'latest',
      description:
        "Pod Security Standards version the namespace's enforce, audit and warn labels name: `latest` follows the cluster's own version; a version such as `v1.33` keeps the rules of that release when the cluster is upgraded.",
      examples: ['v1.33'],
    },
    acknowledge: {
      ...ref('stringList', 'Compose keys whose warnings a person has read, in every service and at the top level: `version`, `restart`, `networks` (a key and everything below it).'),
      examples: [['version', 'restart']],
    },
    imageRegistry: {
      type: 'string',
      pattern: '^[A-Za-z0-9]([-A-Za-z0-9._:/]*[A-Za-z0-9])?$',
      errorMessage: 'must be a registry host with an optional path, without a trailing slash',
      description:
        'Registry (and path) the images the project builds are pushed to: it prefixes the image of every service with `build:` or a Dockerfile whose image names no registry host (`scip-api:1.0.0` → `registry.example.com/scip/scip-api:1.0.0`). Images the project pulls are left alone.',
      examples: ['registry.example.com/shop'],
    },
    externalVolumes: {
      type: 'string',
      enum: ['claim', 'existing'],
      default: 'claim',
      description:
        "`claim`: each external volume becomes a claim the stack does not own, annotated so that Argo CD, Flux and Helm never prune or delete it. `existing`: the claims already exist in the namespace and are left out.",
    },
  },
};

const DEFS: Readonly<Record<string, JsonSchema>> = {
  ComposeKubernetesOptions: CHART_OPTIONS,
  ServiceOptions: SERVICE_OPTIONS,
  VolumeOptions: VOLUME_OPTIONS,
  WorkloadKind: { type: 'string', enum: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] },
  Exposure: {
    type: 'string',
    description: 'How published ports are reachable from outside the cluster.',
    enum: ['none', 'LoadBalancer', 'NodePort', 'Ingress'],
    default: 'none',
  },
  AccessMode: { type: 'string', enum: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'], default: 'ReadWriteOnce' },
  IngressOptions: {
    type: 'object',
    additionalProperties: false,
    properties: {
      className: ref('objectName'),
      domain: ref('hostName', 'Hosts are `<service>.<domain>` unless a service names its own.'),
      tlsSecretName: ref('objectName', 'Secret holding the TLS certificate for the hosts.'),
    },
  },
  ServiceIngressOptions: {
    type: 'object',
    additionalProperties: false,
    properties: {
      host: ref('hostName'),
      hosts: {
        type: 'array',
        items: ref('hostPath'),
        description: 'Several hosts on the one Ingress, each with an optional path of its own (`shop.example.com/api`); `host` is added first.',
        examples: [['shop.example.com', 'www.example.com/shop']],
      },
      tlsSecretName: ref('objectName', "Secret holding this service's TLS certificate for its hosts, instead of the project's `ingress.tlsSecretName`."),
      className: ref('objectName', "IngressClass of this service's Ingress, instead of the project's `ingress.className`."),
      path: { ...ref('urlPath'), default: '/' },
      port: { type: 'integer', minimum: 1, maximum: 65535, description: 'Container port to route to. Defaults to the first published port.', examples: [8080] },
    },
  },
  AutoscaleOptions: {
    type: 'object',
    additionalProperties: false,
    properties: {
      min: { type: 'integer', minimum: 1, maximum: INT32.max, description: 'Fewest replicas. Defaults to the replicas the service asks for, at least 1.', examples: [2] },
      max: { type: 'integer', minimum: 1, maximum: INT32.max, description: 'Most replicas.', examples: [10] },
      cpu: { type: 'integer', minimum: 1, maximum: 1000, description: "Average CPU use to keep, in percent of the pods' CPU request (which must be set).", examples: [80] },
      memory: { ...ref('quantity', 'Average memory use per pod to keep.'), examples: ['512Mi'] },
    },
  },
  ResourceOptions: {
    type: 'object',
    additionalProperties: false,
    properties: { requests: ref('ResourceAmounts'), limits: ref('ResourceAmounts') },
  },
  ResourceAmounts: {
    type: 'object',
    additionalProperties: false,
    properties: { cpu: { ...ref('quantity'), examples: ['250m', '1'] }, memory: { ...ref('quantity'), examples: ['256Mi', '1Gi'] } },
  },
  SecurityContextOptions: {
    type: 'object',
    additionalProperties: false,
    properties: {
      runAsUser: ref('userId'),
      runAsGroup: ref('userId'),
      fsGroup: ref('userId'),
      runAsNonRoot: { type: 'boolean' },
      readOnlyRootFilesystem: { type: 'boolean' },
      writablePaths: { ...ref('stringList', 'Paths that get an emptyDir so a read-only root file system stays usable.'), examples: [['/tmp']] },
    },
  },
  DeviceOptions: {
    type: 'object',
    additionalProperties: false,
    properties: {
      resourceNames: {
        ...ref('stringMap', "Extended resource requested per device, by device path or glob (`/dev/ttyUSB*`). Defaults to 'squat.ai/serial' for tty devices (generic-device-plugin), else 'squat.ai/<basename>'."),
        examples: [{ '/dev/ttyUSB*': 'squat.ai/serial' }],
      },
      mode: {
        type: 'string',
        description: "`device-plugin` requests extended resources; `privileged` and `hostPath` are explicit opt-ins that reproduce Docker's device passthrough and are reported as warnings.",
        enum: ['device-plugin', 'privileged', 'hostPath'],
        default: 'device-plugin',
      },
    },
  },
  quantity: {
    type: 'string',
    pattern: '^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)?$',
    errorMessage: "must be a Kubernetes quantity written as a string, such as '500m', '1Gi' or '2'",
    examples: ['1Gi', '500m'],
  },
  cronSchedule: {
    type: 'string',
    pattern: `^\\s*(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|${CRON_FIELD}(\\s+${CRON_FIELD}){4})\\s*$`,
    errorMessage: "must be a cron schedule such as '*/5 * * * *' or '@daily'",
    examples: ['*/5 * * * *', '@daily'],
  },
  hostName: {
    type: 'string',
    pattern: `^(\\*\\.)?${DNS_LABELS}$`,
    errorMessage: "must be a lowercase DNS name such as 'shop.example.com'",
    examples: ['shop.example.com'],
  },
  objectName: {
    type: 'string',
    pattern: `^${DNS_LABELS}$`,
    errorMessage: "must be a Kubernetes object name (lowercase letters, digits, '-' and '.')",
  },
  hostPath: {
    type: 'string',
    pattern: `^(\\*\\.)?${DNS_LABELS}(/\\S*)?$`,
    errorMessage: "must be a lowercase DNS name with an optional path, such as 'shop.example.com/api'",
    examples: ['shop.example.com/api'],
  },
  urlPath: { type: 'string', pattern: '^/\\S*$', errorMessage: "must be a path starting with '/'", examples: ['/api'] },
  imageReference: { type: 'string', pattern: '^\\S+$', errorMessage: 'must be an image reference without spaces', examples: ['shop/web:1.4.2'] },
  // Kubernetes validates user and group ids, though int64, as 0..MaxInt32.
  userId: { type: 'integer', minimum: 0, maximum: INT32.max, examples: [1000] },
  stringList: { type: 'array', items: { type: 'string' }, errorMessage: 'must be a list of strings' },
  stringMap: { type: 'object', additionalProperties: { type: 'string' }, errorMessage: 'must be a mapping of strings' },
  labelMap: {
    type: 'object',
    propertyNames: { pattern: LABEL_KEY, errorMessage: "must be a Kubernetes label key such as 'topology.kubernetes.io/zone'" },
    additionalProperties: { type: 'string', pattern: LABEL_VALUE, errorMessage: "must be a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends" },
    errorMessage: 'must be a mapping of Kubernetes label keys to label values',
    examples: [{ 'topology.kubernetes.io/zone': 'eu-west-1a' }],
  },
};

/**
 * The editor schema: a compose file in which each x-kubernetes block is checked with the shape of
 * its position (top level, service, volume); everything else is left to the Compose schema.
 */
export const X_KUBERNETES_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'cdk8s-compose x-kubernetes options',
  description:
    'The x-kubernetes blocks of a Compose file: top level (ComposeKubernetesOptions), per service (ServiceOptions), per volume (VolumeOptions). Other keys are not checked here.',
  type: 'object',
  properties: {
    'x-kubernetes': ref('ComposeKubernetesOptions'),
    services: { type: 'object', additionalProperties: { properties: { 'x-kubernetes': ref('ServiceOptions') } } },
    volumes: { type: 'object', additionalProperties: { properties: { 'x-kubernetes': ref('VolumeOptions') } } },
  },
  $defs: DEFS,
};

/** Where each x-kubernetes block's shape is defined in the schema. */
export const OPTION_SCOPES = {
  project: 'ComposeKubernetesOptions',
  service: 'ServiceOptions',
  volume: 'VolumeOptions',
} as const;
