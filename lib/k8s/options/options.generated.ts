// Generated from lib/k8s/options/options-schema.ts by `node --import tsx tools/options-schema.ts`; do not edit.

/** Kubernetes options of a whole project: the top-level x-kubernetes, or `ComposeChartProps.options`. */
export interface ComposeKubernetesOptions {
  /** Options every service starts from. */
  readonly defaults?: ServiceOptions;
  /** Per compose service name. */
  readonly services?: Readonly<Record<string, ServiceOptions>>;
  /** Per compose volume name (the top-level `volumes:` key). */
  readonly volumes?: Readonly<Record<string, VolumeOptions>>;
  /** Used for every volume without options of its own. Defaults to `{ size: '1Gi', accessMode: 'ReadWriteOnce' }`. */
  readonly defaultVolume?: VolumeOptions;
  /** Shared Ingress settings for services exposed through `Ingress`. */
  readonly ingress?: IngressOptions;
  /**
   * Translate compose networks into NetworkPolicies.
   * @default true
   */
  readonly networkPolicies?: boolean;
  /**
   * Pod Security Standards version the namespace's enforce, audit and warn labels name: `latest` follows the cluster's own version; a version such as `v1.33` keeps the rules of that release when the cluster is upgraded.
   * @default 'latest'
   */
  readonly podSecurityVersion?: string;
  /** Compose keys whose warnings a person has read, in every service and at the top level: `version`, `restart`, `networks` (a key and everything below it). */
  readonly acknowledge?: readonly string[];
  /** Registry (and path) the images the project builds are pushed to: it prefixes the image of every service with `build:` or a Dockerfile whose image names no registry host (`scip-api:1.0.0` → `registry.example.com/scip/scip-api:1.0.0`). Images the project pulls are left alone. */
  readonly imageRegistry?: string;
  /**
   * `claim`: each external volume becomes a claim the stack does not own, annotated so that Argo CD, Flux and Helm never prune or delete it. `existing`: the claims already exist in the namespace and are left out.
   * @default 'claim'
   */
  readonly externalVolumes?: 'claim' | 'existing';
}

/** Kubernetes options of one service: a service's own x-kubernetes, or an entry of `defaults` or `services`. */
export interface ServiceOptions {
  /** Defaults to one chosen from the service: DaemonSet for global mode, StatefulSet for stateful services, else Deployment. */
  readonly workload?: WorkloadKind;
  /** Cron schedule, required when `workload` is `CronJob`. */
  readonly schedule?: string;
  /** Time zone of a CronJob's schedule (`spec.timeZone`, a tz database name); the controller manager's, UTC on managed clusters, when unset. */
  readonly timeZone?: string;
  /**
   * A CronJob that never fires on its own (`spec.suspend`): a template run by hand with `kubectl create job --from=cronjob/<name> <run>`, as compose runs a manual job.
   * @default false
   */
  readonly suspend?: boolean;
  /** Seconds after its time within which a CronJob's run may still start (`spec.startingDeadlineSeconds`): a fire missed for longer (the controller down, or a run still active) is skipped. Unset: the latest missed fire starts once it can. */
  readonly startingDeadlineSeconds?: number;
  /** Overrides `deploy.replicas`. */
  readonly replicas?: number;
  /**
   * How published ports are exposed outside the cluster.
   * @default 'none'
   */
  readonly exposure?: Exposure;
  /** Host, path and TLS when `exposure` is `Ingress`. */
  readonly ingress?: ServiceIngressOptions;
  /** Image to run, required for `build:`-only services you do not want named `<project>-<service>`. */
  readonly image?: string;
  /**
   * Run the image by the digest `cdk8s-compose images lock` resolved its tag to (`image:tag@sha256:…`, the multi-platform index where there is one), so every pod runs the same bytes.
   * @default false
   */
  readonly pinDigests?: boolean;
  /** Container requests and limits used where compose sets none (no limit unless `limits` sets one). Quantities as Kubernetes writes them. */
  readonly resources?: ResourceOptions;
  readonly securityContext?: SecurityContextOptions;
  readonly devices?: DeviceOptions;
  /**
   * Mount bind mounts of paths outside the project (absolute or `..` paths) as hostPath volumes. Without it they are never read nor mounted from the node.
   * @default false
   */
  readonly allowHostPath?: boolean;
  /** Compose keys whose warnings a person has read, for this service: `restart`, `container_name`, `deploy.resources` (a key and everything below it). */
  readonly acknowledge?: readonly string[];
  /** Environment variable names to keep in a Secret although their names look harmless. */
  readonly sensitiveEnvironment?: readonly string[];
  /** Environment variable names to keep in plain env although their names look sensitive. */
  readonly plainEnvironment?: readonly string[];
  /** Extra node labels the pods must match. */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * How `deploy.placement` `node.role` constraints apply: `preferred` (managed clusters have no schedulable control plane, so a required one would leave the pod Pending) or `required` (the control-plane label and toleration must match, for clusters whose control-plane nodes take workloads).
   * @default 'preferred'
   */
  readonly nodeRole?: 'preferred' | 'required';
  /** Environment variables set from the pod's own fields (the downward API), replacing compose's value of the same name: e.g. a DaemonSet's agents each named after their node. */
  readonly fieldEnvironment?: Readonly<Record<string, 'spec.nodeName' | 'metadata.name' | 'metadata.namespace' | 'metadata.uid' | 'status.podIP' | 'status.hostIP' | 'spec.serviceAccountName'>>;
  /** Annotations on the workload's pod template. */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** Name of a ServiceAccount to run as; its token is then mounted. Defaults to none, and no token. */
  readonly serviceAccountName?: string;
  /** Storage for the service's StatefulSet volume claims. */
  readonly storage?: VolumeOptions;
  /** Polaris check id → why this service is exempt; written as exemption annotations. */
  readonly polarisExemptions?: Readonly<Record<string, string>>;
  /** Secrets (kubernetes.io/dockerconfigjson, `kubectl create secret docker-registry`) the pods pull their images with; for every service, set it in `defaults`. Listed among the objects to create. */
  readonly imagePullSecrets?: readonly string[];
  /** A HorizontalPodAutoscaler (autoscaling/v2) for a Deployment or StatefulSet. */
  readonly autoscale?: AutoscaleOptions;
  /** Node port of the published port when `exposure` is `NodePort` (a service publishing one port). Defaults to the published port when it is in the node port range, else one Kubernetes chooses. */
  readonly nodePort?: number;
  /** For `exposure` LoadBalancer or NodePort: `Local` keeps the client's source address and routes only to pods on the receiving node. Defaults to Kubernetes' `Cluster`. */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /** Mount target → the directory of the volume mounted there (a volumeMount `subPath`), so several mounts or services can share one volume. */
  readonly subPaths?: Readonly<Record<string, string>>;
}

/** Storage of a volume claim. */
export interface VolumeOptions {
  /**
   * Requested storage.
   * @default '1Gi'
   */
  readonly size?: string;
  /** StorageClass of the claim. Defaults to the cluster's default StorageClass. */
  readonly storageClass?: string;
  /** @default 'ReadWriteOnce' */
  readonly accessMode?: AccessMode;
  /** A StorageClass that serves ReadWriteMany: a volume several pods share read-write gets a ReadWriteMany claim of this class, instead of a ReadWriteOnce claim with the sharing pods kept on one node. Per volume, or for all in `defaultVolume` (which also covers shared host directories). */
  readonly sharedStorageClass?: string;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob';

/** How published ports are reachable from outside the cluster. */
export type Exposure = 'none' | 'LoadBalancer' | 'NodePort' | 'Ingress';

export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany' | 'ReadWriteOncePod';

export interface IngressOptions {
  readonly className?: string;
  /** Hosts are `<service>.<domain>` unless a service names its own. */
  readonly domain?: string;
  /** Secret holding the TLS certificate for the hosts. */
  readonly tlsSecretName?: string;
}

export interface ServiceIngressOptions {
  readonly host?: string;
  /** Several hosts on the one Ingress, each with an optional path of its own (`shop.example.com/api`); `host` is added first. */
  readonly hosts?: readonly string[];
  /** Secret holding this service's TLS certificate for its hosts, instead of the project's `ingress.tlsSecretName`. */
  readonly tlsSecretName?: string;
  /** IngressClass of this service's Ingress, instead of the project's `ingress.className`. */
  readonly className?: string;
  /** @default '/' */
  readonly path?: string;
  /** Container port to route to. Defaults to the first published port. */
  readonly port?: number;
}

export interface AutoscaleOptions {
  /** Fewest replicas. Defaults to the replicas the service asks for, at least 1. */
  readonly min?: number;
  /** Most replicas. */
  readonly max?: number;
  /** Average CPU use to keep, in percent of the pods' CPU request (which must be set). */
  readonly cpu?: number;
  /** Average memory use per pod to keep. */
  readonly memory?: string;
}

export interface ResourceOptions {
  readonly requests?: ResourceAmounts;
  readonly limits?: ResourceAmounts;
}

export interface ResourceAmounts {
  readonly cpu?: string;
  readonly memory?: string;
}

export interface SecurityContextOptions {
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly fsGroup?: number;
  readonly runAsNonRoot?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  /** Paths that get an emptyDir so a read-only root file system stays usable. */
  readonly writablePaths?: readonly string[];
}

export interface DeviceOptions {
  /** Extended resource requested per device, by device path or glob (`/dev/ttyUSB*`). Defaults to 'squat.ai/serial' for tty devices (generic-device-plugin), else 'squat.ai/<basename>'. */
  readonly resourceNames?: Readonly<Record<string, string>>;
  /**
   * `device-plugin` requests extended resources; `privileged` and `hostPath` are explicit opt-ins that reproduce Docker's device passthrough and are reported as warnings.
   * @default 'device-plugin'
   */
  readonly mode?: 'device-plugin' | 'privileged' | 'hostPath';
}
