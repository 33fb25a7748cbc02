/** The Kubernetes side for library users: the plan, the chart over it, its options and deterministic output. */
export { translate, type TranslateOptions } from './translate.ts';
export { planManifests, type KubernetesManifest, type Named, type PlanEntry, type TranslationPlan } from './plan/plan.ts';
export type * as k8s from './plan/api-types.ts';
export { ComposeChart, type ComposeChartProps, type ServiceObjects } from './cdk8s/compose-chart.ts';
export type { ConfigMapPayload, SecretPayload, ClaimPayload, ServiceContext, Warn } from './plan/context.ts';
export type { NameOwner } from './names/name-registry.ts';
export { secretManifests } from './output/secret-manifests.ts';
export { kubernetesName } from './names/names.ts';
export { selectorLabels, serviceLabels } from './names/labels.ts';
export type {
  AccessMode,
  ComposeKubernetesOptions,
  DeviceOptions,
  Exposure,
  IngressOptions,
  PodSecurityLevel,
  ResourceOptions,
  SecurityContextOptions,
  ServiceIngressOptions,
  ServiceOptions,
  VolumeOptions,
  WorkloadKind,
} from './options/options.ts';
export { DATA_STORE_IMAGES } from './workload/stateful.ts';
export { IMAGE_DEFAULT_PORTS } from './networking/service-default-ports.ts';
export {
  manifestsToYaml,
  planYaml,
  planYamlDocuments,
  sortManifests,
  synthChartYaml,
  writeAppCharts,
  writeDirectoryAtomic,
  writeFileAtomic,
  type OutputFile,
} from './output/synth.ts';
