/**
 * The one atomic writer of every output (`convert -o`, `npm run synth`, ComposeChart apps): killed
 * with SIGKILL at any point, it leaves the old or the new complete output, never a missing or
 * partial one, and the next write removes what the killed run left beside it (issue 17).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file through a temporary sibling and a rename, so readers never see half a file. A run
 * killed between the two leaves its temporary behind (nothing can prevent that without O_TMPFILE,
 * which Node lacks); the next write removes the temporaries of runs that are no longer alive.
 */
export function writeFileAtomic(path: string, content: string | Iterable<Uint8Array>): void {
  const created = makeParent(path);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    removeDeadRunsDebris(path, ['tmp']);
    // `wx`: never write through a file or symlink planted under the temporary's predictable name.
    if (typeof content === 'string') writeFileSync(temporary, content, { flag: 'wx' });
    else writePieces(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    removeCreated(path, created);
    throw outputError(path, error);
  }
}

/**
 * An output that cannot be written (a full disk, a read-only file system), said of the path the
 * user named: Node's message names only the system call (`ENOSPC: no space left on device, write`).
 */
export class OutputError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(`${path} cannot be written (${code})`);
    this.name = 'OutputError';
  }
}

function outputError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  return error instanceof OutputError || code === undefined ? (error as Error) : new OutputError(path, code);
}

/** Makes the directory `path` goes in; returns the first directory that had to be made, if any. */
function makeParent(path: string): string | undefined {
  try {
    return mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw outputError(path, error);
  }
}

/** Removes the directories makeParent made for `path`, deepest first, when a write failed: they stay only if something else is in them now. */
function removeCreated(path: string, created: string | undefined): void {
  if (created === undefined) return;
  for (let directory = dirname(path); directory.length >= created.length; directory = dirname(directory)) {
    try {
      rmdirSync(directory);
    } catch {
      return;
    }
  }
}

/** Pieces are gathered to this many bytes per write: one system call per document cost more than emitting it. */
const BATCH_BYTES = 64 * 1024;

/**
 * Output produced in pieces goes piece by piece into the file: it is never one string in memory.
 * Each piece is written or copied before the next is asked for, so a producer may reuse its buffer.
 */
function writePieces(file: string, pieces: Iterable<Uint8Array>): void {
  const descriptor = openSync(file, 'wx');
  try {
    writeAllPieces(descriptor, pieces);
  } finally {
    closeSync(descriptor);
  }
}

/** Writes the pieces to an open file, gathered into batches. */
export function writeAllPieces(descriptor: number, pieces: Iterable<Uint8Array>): void {
  const batch = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  for (const piece of pieces) {
    if (piece.length > batch.length - used) {
      writeAll(descriptor, batch.subarray(0, used));
      used = 0;
    }
    if (piece.length >= batch.length) writeAll(descriptor, piece);
    else {
      batch.set(piece, used);
      used += piece.length;
    }
  }
  writeAll(descriptor, batch.subarray(0, used));
}

/** A write may take fewer bytes than it was given (a full disk, a signal): the rest follows. */
function writeAll(descriptor: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(descriptor, bytes, offset);
}

/** A file to write below an output directory; `path` is `/`-separated (`prod/modax.k8s.yaml`). */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/**
 * Replaces `outdir` with exactly `files`. They are written to a sibling directory, which then
 * trades places with `outdir` in one atomic step (Linux renameat2 RENAME_EXCHANGE): a kill before
 * it leaves the old tree, after it the new one. Where the exchange is not available the swap takes
 * two renames, and a run killed between them leaves `outdir` missing until the next write puts the
 * old tree back. A failure anywhere leaves the previous output byte-identical.
 */
export function writeDirectoryAtomic(files: readonly OutputFile[], outdir: string): void {
  const created = makeParent(outdir);
  const staging = siblingOf(outdir, 'staging');
  try {
    restoreInterruptedSwap(outdir);
    removeDeadRunsDebris(outdir, ['staging', 'previous', 'trash']);
    mkdirSync(staging);
    for (const file of files) {
      const target = join(staging, ...file.path.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    if (!exchange(staging, outdir)) swapByRenames(staging, outdir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    removeCreated(outdir, created);
    throw outputError(outdir, error);
  }
  // After the exchange `staging` holds the old tree.
  rmSync(staging, { recursive: true, force: true });
}

/** `.<name>.<pid>.<role>` beside `path`: what one run of this process writes before the swap. */
function siblingOf(path: string, role: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${role}`);
}

/** Linux's renameat2 system call number, by architecture; Node has no binding for it. */
const RENAMEAT2: Readonly<Record<string, number>> = { x64: 316, arm64: 276 };
/** AT_FDCWD and RENAME_EXCHANGE, as in <fcntl.h> and <linux/fs.h>. */
const EXCHANGE_SCRIPT = 'exit(syscall($ARGV[0], -100, $ARGV[1], -100, $ARGV[2], 2) == 0 ? 0 : 1)';

/**
 * Swaps two existing paths atomically, through perl (part of every Debian and Ubuntu base system),
 * which can make any system call. False when either is missing or the system cannot.
 */
function exchange(a: string, b: string): boolean {
  const call = RENAMEAT2[process.arch];
  if (process.platform !== 'linux' || call === undefined || !existsSync(b)) return false;
  return spawnSync('perl', ['-e', EXCHANGE_SCRIPT, String(call), a, b], { stdio: 'ignore' }).status === 0;
}

function swapByRenames(staging: string, target: string): void {
  const previous = siblingOf(target, 'previous');
  let moved = false;
  try {
    renameSync(target, previous);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    renameSync(staging, target);
  } catch (error) {
    if (moved) renameSync(previous, target);
    throw error;
  }
  if (!moved) return;
  // Renamed first so that a kill while deleting never leaves a partial `.previous` to restore.
  const trash = siblingOf(target, 'trash');
  renameSync(previous, trash);
  rmSync(trash, { recursive: true, force: true });
}

/**
 * A writer killed between the two renames of swapByRenames leaves `outdir` missing and the old
 * output, complete, beside it as `.<name>.<pid>.previous`: put it back before anything else.
 */
function restoreInterruptedSwap(outdir: string): void {
  if (existsSync(outdir)) return;
  const previous = debrisOf(outdir, ['previous'])[0];
  if (previous !== undefined) renameSync(join(dirname(outdir), previous), outdir);
}

/**
 * Removes what killed runs left beside `path` (`.<name>.<pid>.<role>` for the given roles): those
 * of processes no longer alive, and our own pid's, which can only be a dead process's that had the
 * same pid.
 */
function removeDeadRunsDebris(path: string, roles: readonly string[]): void {
  for (const name of debrisOf(path, roles)) {
    const pid = Number(name.split('.').at(-2));
    if (pid === process.pid || !isRunning(pid)) rmSync(join(dirname(path), name), { recursive: true, force: true });
  }
}

/** The names of `.<name>.<pid>.<role>` entries beside `path`, sorted. */
function debrisOf(path: string, roles: readonly string[]): string[] {
  const prefix = `.${basename(path)}.`;
  return readdirSync(dirname(path))
    .filter((name) => {
      if (!name.startsWith(prefix)) return false;
      const [pid, role, ...rest] = name.slice(prefix.length).split('.');
      return rest.length === 0 && /^[0-9]+$/.test(pid ?? '') && roles.includes(role ?? '');
    })
    .sort();
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
