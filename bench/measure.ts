/** Wall time and peak memory of one child process, read from GNU time when it is installed. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const gnuTime = '/usr/bin/time';
export const peakMemoryAvailable = existsSync(gnuTime);

export interface Measurement {
  readonly wallMs: number;
  /** Peak resident set size of the largest process in the tree, MiB; undefined without GNU time. */
  readonly peakMiB?: number;
}

export interface Command {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

function runOnce({ command, args, cwd }: Command): Measurement {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-time-'));
  const report = join(scratch, 'time.txt');
  const [file, argv] = peakMemoryAvailable ? [gnuTime, ['-v', '-o', report, command, ...args]] : [command, [...args]];
  const start = process.hrtime.bigint();
  const result = spawnSync(file, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  try {
    if (result.status !== 0) {
      throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${(result.stderr ?? '').slice(-2000)}`);
    }
    if (!peakMemoryAvailable) return { wallMs };
    const kib = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(report, 'utf8'))?.[1];
    return { wallMs, peakMiB: kib ? Number(kib) / 1024 : undefined };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The median run of `runs` (by wall time), after one unmeasured warm-up that fills the OS file cache
 * and the precompiled bundle's code cache, as on any machine after its first run.
 */
export function measure(command: Command, runs: number): Measurement {
  runOnce(command);
  const results = Array.from({ length: runs }, () => runOnce(command)).sort((a, b) => a.wallMs - b.wallMs);
  return results[Math.floor(results.length / 2)]!;
}
