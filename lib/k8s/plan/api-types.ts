/**
 * The Kubernetes API types the rules build their manifests with: plain JSON shapes (type-only, so
 * translating loads neither kubernetes-models nor cdk8s). Field names are the API's own
 * (`clusterIP`, `hostPID`); quantities and int-or-string values are plain numbers or strings.
 */
export type { IObjectMeta as ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1';
export type { IIntOrString as IntOrString } from '@kubernetes-models/apimachinery/util/intstr';
export type {
  IDaemonSet as DaemonSet,
  IDeployment as Deployment,
  IDeploymentStrategy as DeploymentStrategy,
  IStatefulSet as StatefulSet,
} from 'kubernetes-models/apps/v1';
export type {
  ICronJob as CronJob,
  IJob as Job,
  IJobSpec as JobSpec,
  IJobTemplateSpec as JobTemplateSpec,
} from 'kubernetes-models/batch/v1';
export type { IHorizontalPodAutoscaler as HorizontalPodAutoscaler, IMetricSpec as MetricSpec } from 'kubernetes-models/autoscaling/v2';
export type {
  IIngress as Ingress,
  IIngressRule as IngressRule,
  IIngressTLS as IngressTLS,
  INetworkPolicy as NetworkPolicy,
  INetworkPolicyEgressRule as NetworkPolicyEgressRule,
  INetworkPolicyIngressRule as NetworkPolicyIngressRule,
  INetworkPolicyPeer as NetworkPolicyPeer,
  INetworkPolicyPort as NetworkPolicyPort,
  INetworkPolicySpec as NetworkPolicySpec,
} from 'kubernetes-models/networking.k8s.io/v1';
export type { IPodDisruptionBudget as PodDisruptionBudget } from 'kubernetes-models/policy/v1';
export type { IPolicyRule as PolicyRule, IRole as Role, IRoleBinding as RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
export type {
  IAffinity as Affinity,
  ICapabilities as Capabilities,
  IConfigMap as ConfigMap,
  IContainer as Container,
  IEnvVar as EnvVar,
  IHostAlias as HostAlias,
  ILifecycle as Lifecycle,
  ILocalObjectReference as LocalObjectReference,
  INamespace as Namespace,
  INodeAffinity as NodeAffinity,
  INodeSelectorRequirement as NodeSelectorRequirement,
  IPersistentVolumeClaim as PersistentVolumeClaim,
  IPersistentVolumeClaimSpec as PersistentVolumeClaimSpec,
  IPodAffinity as PodAffinity,
  IPodAntiAffinity as PodAntiAffinity,
  IPodSecurityContext as PodSecurityContext,
  IPodSpec as PodSpec,
  IPodTemplateSpec as PodTemplateSpec,
  IProbe as Probe,
  IResourceRequirements as ResourceRequirements,
  ISeccompProfile as SeccompProfile,
  ISecret as Secret,
  ISecurityContext as SecurityContext,
  ISELinuxOptions as SeLinuxOptions,
  IService as Service,
  IServiceAccount as ServiceAccount,
  IServicePort as ServicePort,
  ISysctl as Sysctl,
  IToleration as Toleration,
  ITopologySpreadConstraint as TopologySpreadConstraint,
  IVolume as Volume,
  IVolumeMount as VolumeMount,
} from 'kubernetes-models/v1';
