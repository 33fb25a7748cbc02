/**
 * `writeFileAtomic` for output produced in pieces: the pieces go one by one into the temporary file
 * the rename then puts in place, so the whole output never has to be one string in memory.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { removeDeadTemporaries } from './synth.ts';

/** Pieces are gathered to about this many bytes per write: one system call per document cost more than emitting it. */
const BATCH_BYTES = 64 * 1024;

export function writeFileAtomicFrom(path: string, pieces: Iterable<Uint8Array>): void {
  mkdirSync(dirname(path), { recursive: true });
  removeDeadTemporaries(path);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    // `wx`: never write through a file or symlink planted under the temporary's predictable name.
    const descriptor = openSync(temporary, 'wx');
    try {
      writeBatched(descriptor, pieces);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function writeBatched(descriptor: number, pieces: Iterable<Uint8Array>): void {
  let batch: Uint8Array[] = [];
  let length = 0;
  for (const piece of pieces) {
    batch.push(piece);
    length += piece.length;
    if (length < BATCH_BYTES) continue;
    writeAll(descriptor, Buffer.concat(batch, length));
    batch = [];
    length = 0;
  }
  writeAll(descriptor, Buffer.concat(batch, length));
}

/** A write may take fewer bytes than it was given (a full disk, a signal): the rest follows. */
function writeAll(descriptor: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(descriptor, bytes, offset);
}
