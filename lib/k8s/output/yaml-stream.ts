/**
 * The YAML stream of a plan, as the CLI writes it. Each object becomes its YAML text as soon as it
 * is final (`translateKeeping(…, renderer.render)`), written from the object itself (no canonical copy), so only that text and its sort key outlive
 * the translation of its service; the text is kept as UTF-8 bytes in large chunks outside the
 * JavaScript heap, and the documents are written one at a time, never joined into one string
 * (issues 11 and 22: memory that follows the translation, not the whole estate as objects).
 */
import type { KubernetesManifest } from '../plan/plan.ts';
import { sortManifests } from './manifest-order.ts';
import { emitCanonicalDocument } from './canonical-manifest.ts';

/** A planned object as the stream needs it: what it sorts by, and its text. */
export interface RenderedManifest {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  /** One YAML document, without a `---` separator, ending in a line break; UTF-8. */
  readonly yaml: Buffer;
}

/**
 * Chunks this large hold thousands of documents each. Kept off the heap, the texts do not count
 * towards the live heap V8 sizes its next collection by (a heap may grow to a few times what was
 * live at the last one), so the estate's text does not raise the peak a second time.
 */
const CHUNK_BYTES = 1024 * 1024;

export class YamlRenderer {
  private chunk = Buffer.allocUnsafe(0);
  private used = 0;

  /** The canonical document of the manifest, stored. */
  readonly render = (manifest: KubernetesManifest): RenderedManifest => {
    const text = emitCanonicalDocument(manifest);
    const length = Buffer.byteLength(text);
    if (length > this.chunk.length - this.used) {
      this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, length));
      this.used = 0;
    }
    this.chunk.write(text, this.used);
    const yaml = this.chunk.subarray(this.used, this.used + length);
    this.used += length;
    return { kind: manifest.kind, metadata: { name: manifest.metadata.name }, yaml };
  };
}

const SEPARATOR = Buffer.from('---\n');

/** The documents in output order, with a `---` piece between each two. */
export function* yamlDocuments(rendered: readonly RenderedManifest[]): Generator<Buffer> {
  let first = true;
  for (const { yaml } of sortManifests(rendered)) {
    if (!first) yield SEPARATOR;
    yield yaml;
    first = false;
  }
}
