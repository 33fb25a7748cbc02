import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { emitCanonicalDocument } from '../../../../lib/k8s/output/canonical-manifest.ts';
import { kustomizationText } from '../../../../lib/k8s/output/kustomize/kustomization.ts';
import { diff, overlayFiles } from '../../../../lib/k8s/output/kustomize/overlays.ts';
import type { KubernetesManifest } from '../../../../lib/k8s/plan/plan.ts';
import { YamlSpool } from '../../../../lib/k8s/output/yaml-stream.ts';

describe('diff', () => {
  it('adds, removes and replaces keys, with keys escaped as JSON pointers', () => {
    const from = { metadata: { labels: { 'app.kubernetes.io/name': 'web', 'a~b': 'x', old: 'y' } }, spec: { replicas: 1 } };
    const to = { metadata: { labels: { 'app.kubernetes.io/name': 'api', 'a~b': 'x', new: 'z' } }, spec: { replicas: 3 } };
    expect(diff(from, to)).toEqual([
      { op: 'remove', path: '/metadata/labels/old' },
      { op: 'replace', path: '/metadata/labels/app.kubernetes.io~1name', value: 'api' },
      { op: 'add', path: '/metadata/labels/new', value: 'z' },
      { op: 'replace', path: '/spec/replicas', value: 3 },
    ]);
  });

  it('patches lists of one length item by item and replaces a list that grew', () => {
    expect(diff({ c: [{ image: 'a:1', name: 'a' }] }, { c: [{ image: 'a:2', name: 'a' }] })).toEqual([{ op: 'replace', path: '/c/0/image', value: 'a:2' }]);
    expect(diff({ env: [1] }, { env: [1, 2] })).toEqual([{ op: 'replace', path: '/env', value: [1, 2] }]);
    expect(diff({ a: 1 }, { a: 1 })).toEqual([]);
  });
});

const spool = new YamlSpool();

function rendered(manifest: KubernetesManifest & Record<string, unknown>) {
  return { manifest: spool.render(manifest) };
}

const deployment = (image: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { template: { spec: { containers: [{ image, name: 'web' }] } } } });
const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'cache', namespace: 'shop' }, spec: { accessModes: ['ReadWriteOnce'] } };
const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'prod-only', namespace: 'shop' }, data: { a: 'b' } };

describe('overlayFiles', () => {
  const base = { project: { name: 'shop' }, entries: [rendered(deployment('web:1')), rendered(claim)] };
  const prod = { project: { name: 'shop' }, entries: [rendered(deployment('web:2')), rendered(config)] };
  const files = new Map(overlayFiles('shop.k8s.yaml', base, [{ name: 'prod', plan: prod }]).map((file) => [file.path, file.content]));

  it('writes the base as convert would, with its kustomization', () => {
    expect(files.get('base/kustomization.yaml')).toBe(kustomizationText({ resources: ['shop.k8s.yaml'] }));
    expect(files.get('base/shop.k8s.yaml')).toBe(`${emitCanonicalDocument(claim)}---\n${emitCanonicalDocument(deployment('web:1'))}`);
  });

  it('patches what changed, adds what is new and deletes what the environment drops', () => {
    expect(parse(files.get('overlays/prod/kustomization.yaml')!)).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['../../base', 'added.shop.k8s.yaml'],
      patches: [
        { path: 'patches/deployment-web.yaml', target: { group: 'apps', version: 'v1', kind: 'Deployment', name: 'web', namespace: 'shop' } },
        { path: 'patches/persistentvolumeclaim-cache-delete.yaml' },
      ],
    });
    expect(parse(files.get('overlays/prod/patches/deployment-web.yaml')!)).toEqual([{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'web:2' }]);
    expect(parse(files.get('overlays/prod/patches/persistentvolumeclaim-cache-delete.yaml')!)).toEqual({
      $patch: 'delete', apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'cache', namespace: 'shop' },
    });
    expect(files.get('overlays/prod/added.shop.k8s.yaml')).toBe(emitCanonicalDocument(config));
  });

  it('writes an overlay with no difference as the base alone', () => {
    const same = new Map(overlayFiles('shop.k8s.yaml', base, [{ name: 'dev', plan: base }]).map((file) => [file.path, file.content]));
    expect([...same.keys()].filter((path) => path.startsWith('overlays/'))).toEqual(['overlays/dev/kustomization.yaml']);
    expect(parse(same.get('overlays/dev/kustomization.yaml')!)).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['../../base'] });
  });
});
