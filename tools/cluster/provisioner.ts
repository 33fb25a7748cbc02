/**
 * The default StorageClass's provisioner, as a cloud's CSI driver behaves: once the scheduler has
 * picked a node for a pod (WaitForFirstConsumer), a ReadWriteOnce claim gets a disk in that node's
 * zone; a claim for an access mode block storage cannot offer stays Pending with a ProvisioningFailed
 * event; released disks are deleted.
 */
import { getItems, type KubeObject, type Kubectl } from './kubectl.ts';
import { defaultStorageClass, nodes, provisionedAccessModes, storageProvisioner } from './managed-cluster.ts';

const selectedNode = 'volume.kubernetes.io/selected-node';

function diskFor(claim: KubeObject, zone: string): object {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: `pvc-${claim.metadata.uid}`, annotations: { 'pv.kubernetes.io/provisioned-by': storageProvisioner } },
    spec: {
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? '1Gi' },
      accessModes: claim.spec?.accessModes ?? ['ReadWriteOnce'],
      storageClassName: defaultStorageClass,
      persistentVolumeReclaimPolicy: 'Delete',
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace,
        name: claim.metadata.name, uid: claim.metadata.uid },
      hostPath: { path: `/var/lib/disks/${claim.metadata.uid}` },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [
        { key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }] } },
    },
  };
}

function refusalEvent(claim: KubeObject, message: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName: `${claim.metadata.name}.`, namespace: claim.metadata.namespace },
    involvedObject: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim.metadata.name,
      namespace: claim.metadata.namespace, uid: claim.metadata.uid },
    reason: 'ProvisioningFailed',
    message,
    type: 'Warning',
    source: { component: storageProvisioner },
  };
}

async function provisionOnce(kubectl: Kubectl, refused: Set<string>): Promise<void> {
  const claims = await getItems(kubectl, ['persistentvolumeclaims', '--all-namespaces']);
  const objects: object[] = [];
  for (const claim of claims) {
    const node = claim.metadata.annotations?.[selectedNode];
    if (claim.status?.phase !== 'Pending' || claim.spec?.volumeName || !node) continue;
    if ((claim.spec?.storageClassName ?? defaultStorageClass) !== defaultStorageClass) continue;
    const unsupported = (claim.spec?.accessModes ?? []).filter((mode: string) => !provisionedAccessModes.includes(mode));
    if (unsupported.length > 0) {
      const key = claim.metadata.uid ?? '';
      if (!refused.has(key)) {
        refused.add(key);
        const event = refusalEvent(claim, `StorageClass ${defaultStorageClass} offers only ${provisionedAccessModes.join(
          ', ')} disks; ${unsupported.join(', ')} needs a file-storage class (NFS, EFS, Filestore, Azure Files)`);
        await kubectl(['create', '-f', '-'], JSON.stringify(event));
      }
      continue;
    }
    const zone = nodes.find((candidate) => candidate.name === node)?.zone;
    if (zone) objects.push(diskFor(claim, zone));
  }
  if (objects.length > 0) await kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  const released = (await getItems(kubectl, ['persistentvolumes'])).filter(
    (volume) => volume.status?.phase === 'Released' &&
      volume.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] === storageProvisioner,
  );
  if (released.length > 0) {
    await kubectl(['delete', 'persistentvolumes', '--wait=false', ...released.map((volume) => volume.metadata.name)]);
  }
}

export interface Provisioner {
  stop(): Promise<void>;
}

export function startProvisioner(kubectl: Kubectl, intervalMs = 1000): Provisioner {
  let running = true;
  const refused = new Set<string>();
  const loop = (async () => {
    while (running) {
      try {
        await provisionOnce(kubectl, refused);
      } catch (error) {
        // The API server may be restarting or a claim may vanish between list and create: try again.
        if (running) process.stderr.write(`cluster: provisioner: ${(error as Error).message}\n`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}
