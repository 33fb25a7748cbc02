import { readSync, writeSync } from 'node:fs';
import { MAX_INPUT_BYTES } from '../compose/read/input-files.ts';
/** What a CLI command may touch of the outside world, so tests can run commands in-process. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  /**
   * A command's whole output as bytes, each piece written before the call returns (then the caller
   * may reuse it), so that output larger than memory should hold never piles up in the process
   * behind a slow reader. @default `stdout` of the pieces' UTF-8 text
   */
  readonly stdoutBytes?: (bytes: Uint8Array) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Standard input, for `-f -`: its bytes (decoded as compose files are), or its text. @default none: `-f -` is then an error */
  readonly readStdin?: () => string | Uint8Array;
  /** The directory `convert --each` is converting, which JSON warnings name. @default none: one project */
  readonly projectLabel?: string;
}

/** Exit codes shared by every subcommand. */
export const ExitCode = { ok: 0, badInput: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A command-line mistake: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * An argument that names something unusable (an output directory that is a file, a project name
 * no file or namespace can carry): one line, exit code 1, like bad input.
 */
export class ArgumentError extends Error {
  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'ArgumentError';
  }
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly run: (args: readonly string[], io: CliIO) => Promise<number> | number;
}

/**
 * A reader that stops reading (`… | head`) ends the command quietly, as it ends any Unix filter: what
 * it did not read is not wanted. Any other failure of standard output is one line, exit code 1.
 */
function stdoutFailed(error: NodeJS.ErrnoException): never {
  if (error.code === 'EPIPE') process.exit(ExitCode.ok);
  process.stderr.write(`error: standard output: ${error.message}\n`);
  process.exit(ExitCode.badInput);
}

export function processIO(): CliIO {
  process.stdout.on('error', stdoutFailed);
  return {
    stdout: (text) => process.stdout.write(text),
    // process.stdout queues in memory what a full pipe does not take yet, until the command returns.
    stdoutBytes: (bytes) => {
      try {
        writeNow(1, bytes);
      } catch (error) {
        stdoutFailed(error as NodeJS.ErrnoException);
      }
    },
    stderr: (text) => process.stderr.write(text),
    get cwd() {
      return currentDirectory();
    },
    env: process.env,
    readStdin: () => readStandardInput(),
  };
}

/** The working directory; one that was removed (a shell can stay in it) is an error a user can act on, not a stack trace. */
function currentDirectory(): string {
  try {
    return process.cwd();
  } catch (error) {
    throw new ArgumentError('the current directory', `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}): it was removed, or this user may not enter it; change to an existing directory`);
  }
}

/** What writeNow waits on, one millisecond at a time; made when first needed (a start-up snapshot's build has no SharedArrayBuffer). */
let pause: Int32Array | undefined;

/** Writes all of `bytes` before returning; a full pipe that does not block (EAGAIN) is waited for. */
export function writeNow(descriptor: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(descriptor, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait((pause ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 1);
    }
  }
}

/** Standard input, at most MAX_INPUT_BYTES (the limit of any compose file), as docker compose reads `-f -`. */
function readStandardInput(): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    let count: number;
    try {
      count = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((error as NodeJS.ErrnoException).code === 'EOF') break;
      throw new ArgumentError('-f', `standard input cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
    }
    if (count === 0) break;
    total += count;
    if (total > MAX_INPUT_BYTES) throw new ArgumentError('-f', `standard input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
    chunks.push(chunk.subarray(0, count));
  }
  return Buffer.concat(chunks);
}
