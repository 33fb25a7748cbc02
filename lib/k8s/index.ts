/** The Kubernetes side for library users: the chart, its options and deterministic output. */
export { ComposeChart, type ComposeChartProps } from './compose-chart.ts';
export type { ConfigMapPayload, SecretPayload, ClaimPayload, ServiceContext, Warn } from './context.ts';
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
export { manifestsToYaml, sortManifests, synthChartYaml, writeAppCharts, writeDirectoryAtomic, writeFileAtomic, type OutputFile } from './synth.ts';
