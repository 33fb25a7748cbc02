/**
 * The YAML stream of a plan, as the CLI writes it. Each object becomes its YAML text as soon as it
 * is final (`translateKeeping(…, spool.render)`), written from the object itself (no canonical
 * copy), and the text goes straight into a temporary spill file: only each document's sort key and
 * where its text lies outlive the translation of its service. The output is then read back from
 * the spill in output order (issues 11 and 22: memory that follows the translation, not the size of
 * the output; the ~29 MiB of text of a 5,000-service estate never sits in the process).
 */
import { closeSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { KubernetesManifest } from '../plan/plan.ts';
import { sortManifests } from './manifest-order.ts';
import { emitCanonicalDocument } from './canonical-manifest.ts';

/** A planned object as the stream needs it: what it sorts by, and where its text is. */
export class RenderedManifest {
  constructor(
    readonly kind: string,
    readonly metadata: { readonly name: string },
    private readonly spool: YamlSpool,
    private readonly start: number,
    private readonly length: number,
  ) {}

  /** One YAML document, without a `---` separator, ending in a line break; UTF-8. */
  yaml(): Buffer {
    const text = Buffer.allocUnsafe(this.length);
    this.spool.read(text, 0, this.start, this.length);
    return text;
  }

  /** Copies the text into `into` at `at`. */
  copyInto(into: Buffer, at: number): void {
    this.spool.read(into, at, this.start, this.length);
  }

  get byteLength(): number {
    return this.length;
  }
}

/**
 * Texts are gathered to this many bytes per write to the spill, and the output is read back in
 * pieces of about this size. A small project's whole output fits: it never touches the disk.
 */
const BATCH_BYTES = 256 * 1024;

/**
 * The texts of one conversion. The spill file is made in the temporary directory (`TMPDIR`) when the
 * texts outgrow one batch, and unlinked as soon as it is open: only this process can see it, and
 * nothing of it is left however the process ends. `close` releases it. Where no file can be made
 * there, the batches are kept in memory instead (the output's size, as before the spill).
 */
export class YamlSpool {
  private batch = Buffer.allocUnsafe(0);
  private used = 0;
  /** Bytes in the spill file; a text at an offset below this is there, else in the batch. */
  private spilled = 0;
  private descriptor: number | undefined;
  /** The spilled batches, in order, when no spill file could be made (a read-only or missing `TMPDIR`). */
  private held: Buffer[] | undefined;

  /** The canonical document of the manifest, stored. */
  readonly render = (manifest: KubernetesManifest): RenderedManifest => {
    const text = emitCanonicalDocument(manifest);
    const length = Buffer.byteLength(text);
    if (length > this.batch.length - this.used) this.makeRoom(length);
    this.batch.write(text, this.used);
    const rendered = new RenderedManifest(manifest.kind, { name: manifest.metadata.name }, this, this.spilled + this.used, length);
    this.used += length;
    return rendered;
  };

  /** Reads `length` bytes of text from `start` into `into` at `at`. */
  read(into: Buffer, at: number, start: number, length: number): void {
    if (start >= this.spilled) {
      this.batch.copy(into, at, start - this.spilled, start - this.spilled + length);
      return;
    }
    if (this.held) {
      this.readHeld(into, at, start, length);
      return;
    }
    for (let done = 0; done < length; ) {
      const count = readSync(this.descriptor!, into, at + done, length - done, start + done);
      if (count === 0) throw new Error('internal: the spilled YAML is shorter than written');
      done += count;
    }
  }

  /** Closes the spill file. */
  close(): void {
    if (this.descriptor !== undefined) closeSync(this.descriptor);
    this.descriptor = undefined;
  }

  /** Reads from the batches held in memory; a text never spans two batches. */
  private readHeld(into: Buffer, at: number, start: number, length: number): void {
    let offset = 0;
    for (const batch of this.held!) {
      if (start < offset + batch.length) {
        batch.copy(into, at, start - offset, start - offset + length);
        return;
      }
      offset += batch.length;
    }
    throw new Error('internal: the held YAML is shorter than written');
  }

  /** Writes the batch to the spill and starts a new one that holds at least `length` bytes. */
  private makeRoom(length: number): void {
    if (this.used > 0) {
      if (this.descriptor === undefined && !this.held) {
        this.descriptor = openSpill();
        if (this.descriptor === undefined) this.held = [];
      }
      if (this.held) this.held.push(this.batch.subarray(0, this.used));
      else for (let done = 0; done < this.used; ) done += writeSync(this.descriptor!, this.batch, done, this.used - done);
      this.spilled += this.used;
    }
    this.batch = Buffer.allocUnsafe(Math.max(BATCH_BYTES, length));
    this.used = 0;
  }
}

const SEPARATOR = Buffer.from('---\n');

/**
 * The documents in output order, with a `---` between each two, in pieces that each hold whole
 * documents. The pieces share one buffer: each is valid until the next is asked for (a writer
 * writes or copies it first), so writing the output allocates nothing per document or piece.
 */
export function* yamlDocuments(rendered: readonly RenderedManifest[]): Generator<Buffer> {
  let piece = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  let first = true;
  for (const manifest of sortManifests(rendered)) {
    const length = manifest.byteLength + (first ? 0 : SEPARATOR.length);
    if (length > piece.length - used) {
      if (used > 0) yield piece.subarray(0, used);
      if (length > piece.length) piece = Buffer.allocUnsafe(length);
      used = 0;
    }
    if (!first) used += SEPARATOR.copy(piece, used);
    manifest.copyInto(piece, used);
    used += manifest.byteLength;
    first = false;
  }
  if (used > 0) yield piece.subarray(0, used);
}

/**
 * A new file only this process can reach: created exclusively, then unlinked (where open files cannot
 * be, at close); undefined when the temporary directory cannot take one, and the texts stay in memory.
 */
function openSpill(): number | undefined {
  const path = join(tmpdir(), `cdk8s-compose-${process.pid}-${randomBytes(6).toString('hex')}.yaml`);
  let descriptor: number;
  try {
    descriptor = openSync(path, 'wx+', 0o600);
  } catch {
    return undefined;
  }
  try {
    unlinkSync(path);
  } catch {
    process.once('exit', () => rmSync(path, { force: true }));
  }
  return descriptor;
}
