/** The Kubernetes side for library users: the plan, the chart over it, its options and deterministic output. */
export { translate, type TranslateOptions } from './translate.ts';
export { planManifests, type KubernetesManifest, type Named, type PlanEntry, type TranslationPlan } from './plan.ts';
export type * as k8s from './api-types.ts';
export { ComposeChart, type ComposeChartProps, type ServiceObjects } from './compose-chart.ts';
export type { ConfigMapPayload, SecretPayload, ClaimPayload, ServiceContext, Warn } from './context.ts';
export type { NameOwner } from './name-registry.ts';
export { secretManifests } from './secret-manifests.ts';
export { kubernetesName } from './names.ts';
export { selectorLabels, serviceLabels } from './labels.ts';
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
} from './options.ts';
export { DATA_STORE_IMAGES } from './stateful.ts';
export { IMAGE_DEFAULT_PORTS } from './service-default-ports.ts';
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
} from './synth.ts';
