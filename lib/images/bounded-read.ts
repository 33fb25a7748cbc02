import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';

export type BoundedText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly missing: boolean; readonly reason: string };

/**
 * A regular file inside `within` (after `..` and symlinks) of at most `maxBytes`, as UTF-8 text.
 * The shape of lib/compose's input-file rules (issue 17), so this can become a call to the shared
 * reader once that lands; kept here meanwhile so image facts never read outside the project.
 */
export function readBoundedText(file: string, within: readonly string[], maxBytes: number): BoundedText {
  let real: string;
  try {
    real = realpathSync.native(file);
  } catch {
    return { ok: false, missing: true, reason: 'not found' };
  }
  const roots = within.map((root) => realOrSelf(root));
  if (!roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep))) {
    return { ok: false, missing: false, reason: `is outside the project directory ${roots[0] ?? ''}` };
  }
  let descriptor: number | undefined;
  try {
    descriptor = openSync(real, 'r');
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) return { ok: false, missing: false, reason: 'is not a regular file' };
    if (stats.size > maxBytes) return { ok: false, missing: false, reason: `is larger than ${maxBytes} bytes` };
    const buffer = Buffer.alloc(stats.size);
    let read = 0;
    while (read < buffer.length) {
      const count = readSync(descriptor, buffer, read, buffer.length - read, read);
      if (count === 0) break;
      read += count;
    }
    return { ok: true, text: buffer.subarray(0, read).toString('utf8') };
  } catch (error) {
    return { ok: false, missing: false, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

function realOrSelf(directory: string): string {
  try {
    return realpathSync.native(directory);
  } catch {
    return path.resolve(directory);
  }
}
