import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';
import { ComposeError } from '../errors.ts';

const MiB = 1024 * 1024;
/** Small enough for Node's shared buffer pool: probing for the end of a file costs no allocation of its own. */
const END_PROBE_BYTES = 1024;

/** Compose files, `.env` and `env_file` files: larger ones are not configuration but a mistake (or /dev/zero). */
export const MAX_INPUT_BYTES = 64 * MiB;
/** Files shipped as data (secret and config files, bind-mounted files): a Secret or ConfigMap holds at most 1 MiB. */
export const MAX_PAYLOAD_BYTES = MiB;

/**
 * Never read nor written, whatever names them: their "files" are the machine's state
 * (`/proc/self/environ`), devices or endless.
 */
export const SYSTEM_DIRECTORIES = ['/proc', '/sys', '/dev'];

/** Whether the real path `real` lies in one of the SYSTEM_DIRECTORIES. */
export function isSystemPath(real: string): boolean {
  return SYSTEM_DIRECTORIES.some((directory) => isInside(real, directory));
}

/**
 * The directory files a compose file names (include, extends, env_file, secret and config files,
 * bind mounts read at conversion) must lie in: the working directory when the project lies below
 * it (a repository checked out there, whose projects may share files), else the project directory.
 * The root directory never counts as the working directory.
 */
export function inputBoundary(cwd: string, projectDirectory: string): string {
  return cwd !== path.parse(cwd).root && isInside(projectDirectory, cwd) ? cwd : projectDirectory;
}

/**
 * The names of a process's open file descriptors: a shell's process substitution passes one
 * (`--env-file <(sops -d .env.enc)` gives /dev/fd/63, a pipe).
 */
const DESCRIPTOR_NAME = /^\/(?:dev\/(?:fd\/\d+|std(?:in|out|err))|proc\/(?:self|\d+)\/fd\/\d+)$/;

export function isDescriptorName(file: string): boolean {
  return DESCRIPTOR_NAME.test(file);
}

export interface InputRules {
  /** @default MAX_INPUT_BYTES */
  readonly maxBytes?: number;
  /**
   * The command line named the file: a descriptor's name (see isDescriptorName) is read as what it
   * is, a pipe, a terminal or a file, once and to the limit. Nothing a compose file names is.
   */
  readonly descriptor?: boolean;
  /**
   * The directory the file must lie in once `..` and symlinks are resolved (the project
   * directory, for paths a compose file names). @default anywhere but the system directories
   */
  readonly within?: string;
}

/** Why an input path is not read. `missing` is the only one a caller may treat as optional. */
export type InputProblem = 'missing' | 'directory' | 'not-regular' | 'system' | 'outside' | 'too-large';

export type InputPath =
  | { readonly ok: true; readonly real: string; readonly stats: Stats }
  | { readonly ok: false; readonly problem: InputProblem; readonly reason: string };

/**
 * Where `file` really is and whether it may be read: resolved through symlinks, not under
 * /proc, /sys or /dev, inside `rules.within`, and a regular file (checked with lstat, so a FIFO,
 * device or socket is never opened) no larger than the limit. A directory is reported as such.
 */
export function inspectInput(file: string, rules: InputRules = {}): InputPath {
  if (isDescriptorName(file)) return { ok: false, problem: 'system', reason: 'names a file descriptor: only -f and --env-file may' };
  let real: string;
  try {
    real = realpathSync.native(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? { ok: false, problem: 'missing', reason: 'not found' }
      : { ok: false, problem: 'not-regular', reason: `cannot be read (${code ?? 'unknown error'})` };
  }
  if (isSystemPath(real)) {
    return { ok: false, problem: 'system', reason: `is under ${SYSTEM_DIRECTORIES.join(', ')}, which are never read` };
  }
  if (rules.within !== undefined) {
    const root = realWithin(real, rules.within);
    if (!isInside(real, root)) return { ok: false, problem: 'outside', reason: `is outside ${root}, the directory files named by the project must lie in (run from a directory above both: the working directory is the limit when the project lies below it)` };
  }
  const stats = lstatSync(real);
  if (stats.isDirectory()) return { ok: false, problem: 'directory', reason: 'is a directory' };
  if (!stats.isFile()) return { ok: false, problem: 'not-regular', reason: 'is not a regular file' };
  const maxBytes = rules.maxBytes ?? MAX_INPUT_BYTES;
  if (stats.size > maxBytes) return { ok: false, problem: 'too-large', reason: `is larger than ${formatBytes(maxBytes)}` };
  return { ok: true, real, stats };
}

/**
 * The one way the loader reads a file: `inspectInput`'s checks, then an O_NONBLOCK, O_NOFOLLOW open
 * whose fstat must show the same regular file, and a read that stops one byte past the limit (a
 * file that grows meanwhile is refused, not read without end). Problems are one ComposeError
 * naming `what` and `file`; the caller adds where the file was named.
 */
export function readInput(file: string, what: string, rules: InputRules = {}): Buffer {
  if (rules.descriptor && isDescriptorName(file)) return readDescriptor(file, what, rules.maxBytes ?? MAX_INPUT_BYTES);
  return readInspected(file, what, inspectInput(file, rules), rules.maxBytes ?? MAX_INPUT_BYTES);
}

/** A descriptor's name read to its end, which may come later (a pipe): blocking reads, a byte past the limit at most. */
function readDescriptor(file: string, what: string, maxBytes: number): Buffer {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY);
  } catch (error) {
    throw new ComposeError(`${what} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  try {
    if (fstatSync(descriptor).isDirectory()) throw new ComposeError(`${what} ${file} is a directory`);
    return readToEnd(descriptor, `${what} ${file}`, maxBytes, () => DESCRIPTOR_CHUNK_BYTES);
  } finally {
    closeSync(descriptor);
  }
}

const DESCRIPTOR_CHUNK_BYTES = 64 * 1024;

/** An open file read to its end, a byte past `maxBytes` at most; `chunkBytes(total read)` sizes each read. */
function readToEnd(descriptor: number, named: string, maxBytes: number, chunkBytes: (total: number) => number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1 - total, chunkBytes(total)));
    const count = readSync(descriptor, chunk, 0, chunk.length, null);
    if (count === 0) break;
    chunks.push(chunk.subarray(0, count));
    total += count;
    if (total > maxBytes) throw new ComposeError(`${named} is larger than ${formatBytes(maxBytes)}`);
  }
  return Buffer.concat(chunks, total);
}

/** `readInput` of a file the caller already inspected (with the same rules), so it is inspected once. */
export function readInspected(file: string, what: string, checked: InputPath, maxBytes: number): Buffer {
  if (!checked.ok) throw new ComposeError(`${what} ${file} ${checked.reason}`);
  return readChecked(file, what, checked.real, checked.stats, maxBytes);
}

/** `readInput` as UTF-8 text (invalid sequences replaced, as `readFileSync(file, 'utf8')` did). */
export function readInputText(file: string, what: string, rules: InputRules = {}): string {
  return readInput(file, what, rules).toString('utf8');
}

/** Reads a file `inspectInput` accepted; exported for the bind-mount reader, which inspects first. */
export function readChecked(file: string, what: string, real: string, before: Stats, maxBytes: number): Buffer {
  let descriptor: number;
  try {
    descriptor = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    throw new ComposeError(`${what} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile() || stats.ino !== before.ino || stats.dev !== before.dev) {
      throw new ComposeError(`${what} ${file} changed while it was read`);
    }
    // Reads sized by what fstat says is left (a small probe for the end of the file): a fixed 1 MiB
    // chunk per read made thousands of small secret files allocate gigabytes, and the garbage
    // collector ran a full collection every few dozen files.
    return readToEnd(descriptor, `${what} ${file}`, maxBytes, (total) => Math.max(stats.size + 1 - total, END_PROBE_BYTES));
  } finally {
    closeSync(descriptor);
  }
}

export function isInside(file: string, directory: string): boolean {
  const relative = path.relative(directory, file);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * The real path of `within`, for checking the real path `real` against it. The directories above a
 * real path are real paths themselves: when `real` lies below `within` as written (absolute, no
 * `.` or `..`), `within` is its own real path and the system is not asked (once per secret file).
 */
function realWithin(real: string, within: string): string {
  return isInside(real, within) && path.resolve(within) === within ? within : realOrSelf(within);
}

function realOrSelf(directory: string): string {
  try {
    return realpathSync.native(directory);
  } catch {
    return path.resolve(directory);
  }
}

export function formatBytes(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}
