/**
 * Client-side `kubectl apply` (kubectl's default, and Argo CD's default sync) keeps a copy of each
 * object, as JSON, in its `kubectl.kubernetes.io/last-applied-configuration` annotation, and the
 * API server holds the annotations of an object to 256 KiB: a ConfigMap or Secret larger than that
 * (a folder of Grafana dashboards, a certificate bundle) is refused with "metadata.annotations: Too
 * long", and the stack never comes up. Server-side apply keeps no such copy.
 */
import type { KubernetesManifest } from '../plan/plan.ts';

/** The API server's limit on the keys and values of one object's annotations, together. */
export const ANNOTATIONS_LIMIT = 256 * 1024;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Go's JSON encoder writes `<`, `>` and `&` as `\u003c`… (five bytes more than JSON.stringify), and U+2028 and U+2029 as `\u2028` (three more). */
const HTML_ESCAPED = /[<>&]/g;
const LINE_SEPARATORS = /[\u2028\u2029]/g;

/** What kubectl adds to the copy of an object without annotations, before it adds the copy to them. */
const EMPTY_ANNOTATIONS = '"annotations":{},';

/**
 * The bytes of annotations client-side apply gives `manifest`: its own annotations, and the
 * last-applied copy (the manifest as JSON and a line break). Checked against the API server at the
 * limit by test/cluster/apply-size.test.ts.
 */
export function clientSideApplyAnnotationBytes(manifest: KubernetesManifest): number {
  const json = JSON.stringify(manifest);
  const added = manifest.metadata.annotations ? 0 : EMPTY_ANNOTATIONS.length;
  let total = LAST_APPLIED.length + Buffer.byteLength(json) + 5 * (json.match(HTML_ESCAPED)?.length ?? 0) + 3 * (json.match(LINE_SEPARATORS)?.length ?? 0) + added + 1;
  for (const [key, value] of Object.entries(manifest.metadata.annotations ?? {})) total += Buffer.byteLength(key) + Buffer.byteLength(value);
  return total;
}

/** The warning for an object whose client-side apply would pass the limit; undefined for the others. */
export function clientSideApplyWarning(manifest: KubernetesManifest): string | undefined {
  const bytes = clientSideApplyAnnotationBytes(manifest);
  if (bytes <= ANNOTATIONS_LIMIT) return undefined;
  return (
    `${manifest.kind} '${manifest.metadata.name}' is too large for client-side kubectl apply (its last-applied copy makes ` +
    `${Math.ceil(bytes / 1024)} KiB of annotations; the API server allows 256 KiB) and would be refused: ` +
    `apply with 'kubectl apply --server-side' (Argo CD: the ServerSideApply=true sync option; Flux applies server-side)`
  );
}
