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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
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

/** A command measured against its floor, run in turn (A B A B …) so that the machine's drift cancels. */
export interface Paired {
  readonly command: Measurement;
  readonly floor: Measurement;
  /** Median of the pair-by-pair ratios command / floor. */
  readonly wall: number;
  readonly peak?: number;
}

export function measurePair(command: Command, floor: Command, runs: number): Paired {
  runOnce(command);
  runOnce(floor);
  const pairs = Array.from({ length: runs }, () => [runOnce(command), runOnce(floor)] as const);
  const peaks = pairs.flatMap(([a, b]) => (a.peakMiB !== undefined && b.peakMiB !== undefined ? [a.peakMiB / b.peakMiB] : []));
  const middle = (side: 0 | 1): Measurement => {
    const wallMs = median(pairs.map((pair) => pair[side].wallMs));
    const measured = pairs.map((pair) => pair[side].peakMiB).filter((peak): peak is number => peak !== undefined);
    return measured.length > 0 ? { wallMs, peakMiB: median(measured) } : { wallMs };
  };
  return {
    command: middle(0),
    floor: middle(1),
    wall: median(pairs.map(([a, b]) => a.wallMs / b.wallMs)),
    ...(peaks.length > 0 ? { peak: median(peaks) } : {}),
  };
}
