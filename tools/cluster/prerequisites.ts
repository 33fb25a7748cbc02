/**
 * The objects a converted stack lists as "to create before applying" (plan.toCreate), created the
 * way its user would before `kubectl apply`: with placeholder content, since what matters on the
 * cluster is that every reference resolves. A TLS Secret gets the two keys the API requires.
 */
import type { KubernetesManifest } from '../../lib/k8s/plan/plan.ts';
import type { ObjectToCreate } from '../../lib/k8s/plan/to-create.ts';

const PLACEHOLDER = 'created by the cluster suite as the to-create list says';

/** Every key the pods read (the list names them), or one placeholder key. */
function placeholders(object: ObjectToCreate): Record<string, string> {
  const keys = object.keys ?? ['placeholder'];
  return Object.fromEntries(keys.map((key) => [key, PLACEHOLDER]));
}

export function prerequisiteManifests(objects: readonly ObjectToCreate[], namespace: string): KubernetesManifest[] {
  return objects.flatMap((object): KubernetesManifest[] => {
    const metadata = { name: object.name, namespace };
    switch (object.kind) {
      // Advertised by a node's device plugin, not created: the suite's nodes carry the stacks' resources (managed-cluster.ts).
      case 'ExtendedResource':
        return [];
      case 'Secret':
        return [/kubernetes\.io\/tls/.test(object.why)
          ? { apiVersion: 'v1', kind: 'Secret', metadata, type: 'kubernetes.io/tls', stringData: { 'tls.crt': PLACEHOLDER, 'tls.key': PLACEHOLDER } } as KubernetesManifest
          : { apiVersion: 'v1', kind: 'Secret', metadata, stringData: placeholders(object) } as KubernetesManifest];
      case 'ConfigMap':
        return [{ apiVersion: 'v1', kind: 'ConfigMap', metadata, data: placeholders(object) } as KubernetesManifest];
      case 'ServiceAccount':
        return [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata }];
      case 'PersistentVolumeClaim':
        return [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } as KubernetesManifest];
    }
  });
}
