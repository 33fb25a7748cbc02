/** Issue 21 items 1–2 in synthesized manifests: the pod templates and claims the rules' choices become. */
import { describe, expect, it } from 'vitest';
import type { ServiceVolume, Volume } from '../../../lib/compose/model.ts';
import { hostDirectory, makeProject, makeService } from '../../support/model.ts';
import { findObject, makeChart, synthManifests, validateManifests } from '../../support/k8s.ts';

const named = (source: string, target: string): ServiceVolume => ({ type: 'volume', source, target, readOnly: false, nocopy: false });
const topVolume = (name: string, overrides: Partial<Volume> = {}): Volume => ({ name, external: false, driverOpts: {}, labels: {}, extensions: {}, ...overrides });
type PodSpecOf = { spec: { template: { metadata: { labels: Record<string, string> }; spec: Record<string, unknown> } } };

describe('storage in the manifests', () => {
  const project = makeProject(
    [
      makeService('web', { volumes: [named('media', '/media'), named('archive', '/archive'), { type: 'bind', source: '/project/conf', target: '/etc/app', readOnly: false, createHostPath: true }] }),
      makeService('worker', { volumes: [named('media', '/media')] }),
    ],
    {
      volumes: { media: topVolume('demo_media'), archive: topVolume('legacy-archive', { external: true }) },
      hostFiles: { '/project/conf': hostDirectory({ 'app.conf': 'a = 1\n' }) },
    },
  );
  const docs = synthManifests(makeChart(project));

  it('co-locate the pods that share a ReadWriteOnce claim by label and required pod affinity', () => {
    for (const name of ['web', 'worker']) {
      const template = (findObject(docs, 'Deployment', name) as unknown as PodSpecOf).spec.template;
      expect(template.metadata.labels['storage.cdk8s-compose.io/node-group']).toBe('web');
      expect(template.spec['affinity']).toMatchObject({
        podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'storage.cdk8s-compose.io/node-group': 'web' } } }] },
      });
    }
    expect((findObject(docs, 'PersistentVolumeClaim', 'media') as unknown as { spec: { accessModes: string[] } }).spec.accessModes).toEqual(['ReadWriteOnce']);
  });

  it('emit the claim of an external volume with the annotations that keep GitOps tools and Helm from deleting it', () => {
    expect(findObject(docs, 'PersistentVolumeClaim', 'legacy-archive').metadata['annotations']).toEqual({
      'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
      'helm.sh/resource-policy': 'keep',
      'kustomize.toolkit.fluxcd.io/prune': 'disabled',
    });
  });

  it('run the seed container first, with its volumes in the pod', () => {
    const spec = (findObject(docs, 'Deployment', 'web') as unknown as PodSpecOf).spec.template.spec;
    const init = spec['initContainers'] as { name: string }[];
    expect(init[0]?.name).toBe('seed-etc-app');
    expect((spec['volumes'] as { name: string }[]).map((volume) => volume.name)).toEqual(expect.arrayContaining(['seed-etc-app', 'etc-app']));
  });

  it('pass the Kubernetes schema', async () => {
    expect(await validateManifests(docs)).toEqual([]);
  });
});
