/**
 * What a flag that names an output file (`convert -o FILE`, `--report FILE`, `--diagram FILE`)
 * writes to. A regular file is replaced whole and atomically: through a temporary sibling and a
 * rename. A rename replaces the name itself, so it must never reach what is not a regular file: a
 * symbolic link (its target is the file), /dev/null, a FIFO, /dev/stdout or a process
 * substitution's /dev/fd/63 (written into as they are), nor create a file under /proc, /sys or /dev
 * (run as root, `--report /dev/null` made /dev/null a regular file).
 */
import { accessSync, closeSync, constants, lstatSync, openSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isDescriptorName, isSystemPath, SYSTEM_DIRECTORIES } from '../compose/read/input-files.ts';
import { OutputError, writeAllPieces, writeFileAtomic } from '../k8s/output/atomic-write.ts';
import { ArgumentError, type CliIO } from './io.ts';

export type OutputTarget =
  /** `-`. */
  | { readonly kind: 'standard-output' }
  /** A character device, a FIFO, or a file descriptor's name (/dev/fd/N, /dev/stdout): appended to, as a shell's `>>` would. */
  | { readonly kind: 'stream'; readonly path: string }
  /** A regular file, new or replaced whole. */
  | { readonly kind: 'file'; readonly path: string };

function statOf(flag: string, path: string, follow: boolean): Stats | undefined {
  try {
    return (follow ? statSync : lstatSync)(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a part of the path is a file; the directory check names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'ENAMETOOLONG') throw new ArgumentError(flag, `${path} is too long a path`);
    throw new ArgumentError(flag, `${path} cannot be used (${code ?? 'unknown error'})`);
  }
}

/**
 * The target `path` (relative to `cwd`) names for `flag`, or an ArgumentError: a directory, a
 * symbolic link to nothing, a socket or block device, a file under /proc, /sys or /dev that is no
 * descriptor's name, or a new file whose existing parent is not a directory or is under them.
 */
export function outputTarget(flag: string, path: string, cwd: string): OutputTarget {
  if (path === '-') return { kind: 'standard-output' };
  if (path === '') throw new ArgumentError(flag, 'the file name must not be empty');
  const absolute = resolve(cwd, path);
  const stats = statOf(flag, absolute, true);
  if (stats === undefined) {
    if (statOf(flag, absolute, false)?.isSymbolicLink()) throw new ArgumentError(flag, `${absolute} is a symbolic link to a file that does not exist`);
    checkOutputDirectory(flag, dirname(absolute));
    return { kind: 'file', path: absolute };
  }
  if (stats.isDirectory()) throw new ArgumentError(flag, `${absolute} is a directory`);
  // A descriptor's name is written into even when it names a regular file (`-o /dev/stdout >
  // out.yaml`), at its end, so that a shell's `>>` keeps what the file held.
  if (stats.isCharacterDevice() || stats.isFIFO() || (stats.isFile() && isDescriptorName(absolute))) {
    checkWritable(flag, absolute);
    return { kind: 'stream', path: absolute };
  }
  if (!stats.isFile()) throw new ArgumentError(flag, `${absolute} is not a regular file, a character device or a FIFO`);
  const real = realpathSync.native(absolute);
  if (isSystemPath(real)) throw new ArgumentError(flag, `${real} is under ${SYSTEM_DIRECTORIES.join(', ')}, where no output is written`);
  // Replaced by a rename: the directory is what must be writable.
  checkWritable(flag, dirname(real));
  return { kind: 'file', path: real };
}

/**
 * An output directory must be one, or a path whose nearest existing part is one (it is made), and
 * outside /proc, /sys and /dev.
 */
export function checkOutputDirectory(flag: string, directory: string): void {
  let existing = directory;
  for (let stats = statOf(flag, existing, true); !stats?.isDirectory(); stats = statOf(flag, existing, true)) {
    if (stats !== undefined) throw new ArgumentError(flag, `${existing} exists and is not a directory`);
    if (dirname(existing) === existing) throw new ArgumentError(flag, `${directory} cannot be made`);
    existing = dirname(existing);
  }
  if (isSystemPath(realpathSync.native(existing))) {
    throw new ArgumentError(flag, `${directory} is under ${SYSTEM_DIRECTORIES.join(', ')}, where no output is written`);
  }
  // Said before the conversion, and of the directory named: the write itself would fail later,
  // naming the temporary file beside the output.
  checkWritable(flag, existing);
}

/** That this process may write `path` (create files in it, for a directory). */
function checkWritable(flag: string, path: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch (error) {
    throw new ArgumentError(flag, `${path} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
}

/** Writes `content` to `target`; returns how to name it in a `wrote …` line. */
export function writeOutput(target: OutputTarget, content: string | Iterable<Uint8Array>, io: CliIO): string {
  const pieces = typeof content === 'string' ? [Buffer.from(content)] : content;
  switch (target.kind) {
    case 'standard-output': {
      const print = io.stdoutBytes ?? ((bytes: Uint8Array) => io.stdout(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')));
      for (const piece of pieces) print(piece);
      return 'standard output';
    }
    case 'stream': {
      try {
        const descriptor = openSync(target.path, 'a');
        try {
          writeAllPieces(descriptor, pieces);
        } finally {
          closeSync(descriptor);
        }
      } catch (error) {
        // /dev/full, a closed pipe: said of the file named, not of a system call.
        throw new OutputError(target.path, (error as NodeJS.ErrnoException).code ?? String(error));
      }
      return target.path;
    }
    case 'file':
      writeFileAtomic(target.path, content);
      return target.path;
  }
}
