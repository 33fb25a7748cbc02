/**
 * The YAML stream of a plan, as the CLI writes it: each object becomes its YAML text as soon as it
 * is final (`translateKeeping(…, renderManifest)`), so only that text and its sort key outlive the
 * translation of its service, and the documents are written one at a time, never joined into one
 * string (issues 11 and 22: memory that does not hold the whole estate as objects).
 */
import type { KubernetesManifest } from '../plan/plan.ts';
import { sortManifests } from './manifest-order.ts';
import { emitYamlDocument, type JsonValue } from './yaml-emitter.ts';

/** A planned object as the stream needs it: what it sorts by, and its text. */
export interface RenderedManifest {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  /** One YAML document, without a `---` separator, ending in a line break. */
  readonly yaml: string;
}

export function renderManifest(manifest: KubernetesManifest): RenderedManifest {
  // Planned manifests are canonical plain data: JSON-shaped by construction.
  return { kind: manifest.kind, metadata: { name: manifest.metadata.name }, yaml: emitYamlDocument(manifest as unknown as JsonValue) };
}

/** The documents in output order, each but the first after its `---` separator. */
export function* yamlDocuments(rendered: readonly RenderedManifest[]): Generator<string> {
  let first = true;
  for (const { yaml } of sortManifests(rendered)) {
    yield first ? yaml : `---\n${yaml}`;
    first = false;
  }
}
