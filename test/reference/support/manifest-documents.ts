/**
 * Output of real tools (helm template, kubectl kustomize) set beside what `convert` writes: the
 * same documents in the same order, so a difference is a difference of content.
 */
import { parse, parseAllDocuments } from 'yaml';
import { emitCanonicalDocument } from '../../../lib/k8s/output/canonical-manifest.ts';
import { sortManifests } from '../../../lib/k8s/output/manifest-order.ts';
import type { KubernetesManifest } from '../../../lib/k8s/plan/plan.ts';

/**
 * The documents of a stream as they are written, in output order: only helm's `# Source:` line and
 * the blank line it ends each document with are taken away.
 */
export function writtenDocuments(stream: string): string[] {
  const documents = stream
    .split(/^---\n/m)
    .map((text) => text.replace(/^# Source: .*\n/m, '').replace(/\s+$/, '\n'))
    .filter((text) => text.trim() !== '')
    .map((yaml) => {
      const object = parse(yaml) as KubernetesManifest;
      return { kind: object.kind, metadata: { name: object.metadata.name }, yaml };
    });
  return sortManifests(documents).map((document) => document.yaml);
}

/** The objects of a stream, each written by our emitter in canonical form, in output order. */
export function canonicalDocuments(stream: string): string[] {
  const objects = parseAllDocuments(stream)
    .map((document) => document.toJS() as KubernetesManifest | null)
    .filter((object): object is KubernetesManifest => object !== null);
  return sortManifests(objects).map((object) => emitCanonicalDocument(object));
}
