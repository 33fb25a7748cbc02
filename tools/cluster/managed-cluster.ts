/**
 * What the simulated cluster looks like: a typical managed cluster (EKS, GKE, AKS) as its users get
 * it — three worker nodes in three zones of one region, no schedulable control-plane node, one default
 * StorageClass that provisions ReadWriteOnce disks only when a pod is scheduled, and one node with
 * two USB radios for the Meshtastic agents, exposed by a device plugin (generic-device-plugin) both as
 * any serial device (squat.ai/serial) and per port (squat.ai/ttyusb0, squat.ai/ttyusb1), as
 * MeshyMcMapface's single- and multi-agent environments request them.
 */
export const fakeNodeAnnotation = { key: 'kwok.x-k8s.io/node', value: 'fake' } as const;
export const storageProvisioner = 'disk.cluster-check.cdk8s-compose.io';
export const defaultStorageClass = 'standard-rwo';
/** Access modes the default class's disks support, as on cloud block storage. */
export const provisionedAccessModes: readonly string[] = ['ReadWriteOnce', 'ReadWriteOncePod'];

const region = 'region-1';
const zones = ['region-1a', 'region-1b', 'region-1c'] as const;

/** A typical managed-cluster node: 8 vCPU, 32 GiB, 110 pods (e2-standard-8, m5.2xlarge, D8s v5). */
const allocatable = { cpu: '7910m', memory: '29Gi', pods: '110', 'ephemeral-storage': '95Gi' };
const capacity = { cpu: '8', memory: '32Gi', pods: '110', 'ephemeral-storage': '100Gi' };

export interface NodeSpec {
  readonly name: string;
  readonly zone: string;
  readonly extraLabels: Record<string, string>;
  readonly extraResources: Record<string, string>;
}

const noExtras: Record<string, string> = {};

export const nodes: readonly NodeSpec[] = zones.map((zone, index): NodeSpec => ({
  name: `worker-${index + 1}`,
  zone,
  // The agents' node: a pool with the USB radios attached, labelled by the operator.
  extraLabels: index === 2 ? { meshtastic: 'true' } : noExtras,
  extraResources: index === 2 ? { 'squat.ai/serial': '2', 'squat.ai/ttyusb0': '1', 'squat.ai/ttyusb1': '1' } : noExtras,
}));

function nodeManifest(node: NodeSpec): object {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      annotations: { [fakeNodeAnnotation.key]: fakeNodeAnnotation.value, 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'standard-8',
        'topology.kubernetes.io/region': region,
        'topology.kubernetes.io/zone': node.zone,
        type: 'kwok',
        ...node.extraLabels,
      },
    },
    spec: {},
    status: {
      allocatable: { ...allocatable, ...node.extraResources },
      capacity: { ...capacity, ...node.extraResources },
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: 'v1.37.2',
        containerRuntimeVersion: 'containerd://2.1.0',
        kernelVersion: '6.8.0',
        osImage: 'Managed Linux',
        kubeProxyVersion: '',
        bootID: '',
        machineID: '',
        systemUUID: '',
      },
    },
  };
}

function storageClassManifest(): object {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: defaultStorageClass,
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    },
    provisioner: storageProvisioner,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  };
}

/** The cluster's fixed objects, as one YAML-compatible JSON stream for `kubectl apply`. */
export function managedClusterObjects(): object[] {
  return [...nodes.map(nodeManifest), storageClassManifest()];
}
