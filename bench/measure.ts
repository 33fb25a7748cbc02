/** Wall time and peak memory of one child process, read from GNU time when it is installed. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const gnuTime = '/usr/bin/time';
export const peakMemoryAvailable = existsSync(gnuTime);

export interface Measurement {
  readonly wallMs: number;
  /** User plus system CPU time of the process tree, ms; undefined without GNU time. */
  readonly cpuMs?: number;
  /** Peak resident set size of the largest process in the tree, MiB; undefined without GNU time. */
  readonly peakMiB?: number;
}

export interface Command {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** @default this process's environment */
  readonly env?: NodeJS.ProcessEnv;
}

function runOnce({ command, args, cwd, env }: Command): Measurement {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-time-'));
  const report = join(scratch, 'time.txt');
  const [file, argv] = peakMemoryAvailable ? [gnuTime, ['-v', '-o', report, command, ...args]] : [command, [...args]];
  const start = process.hrtime.bigint();
  const result = spawnSync(file, argv, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  try {
    if (result.status !== 0) {
      throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${(result.stderr ?? '').slice(-2000)}`);
    }
    if (!peakMemoryAvailable) return { wallMs };
    const text = readFileSync(report, 'utf8');
    const figure = (label: string): number | undefined => {
      const value = new RegExp(`${label}: ([\\d.]+)`).exec(text)?.[1];
      return value === undefined ? undefined : Number(value);
    };
    const kib = figure('Maximum resident set size \\(kbytes\\)');
    const user = figure('User time \\(seconds\\)');
    const system = figure('System time \\(seconds\\)');
    return {
      wallMs,
      ...(kib === undefined ? {} : { peakMiB: kib / 1024 }),
      ...(user === undefined || system === undefined ? {} : { cpuMs: (user + system) * 1000 }),
    };
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
  /** Medians of the pair-by-pair ratios command / floor: wall time, CPU time, peak memory. */
  readonly wall: number;
  readonly cpu?: number;
  readonly peak?: number;
}

export function measurePair(command: Command, floor: Command, runs: number): Paired {
  runOnce(command);
  runOnce(floor);
  const pairs = Array.from({ length: runs }, () => [runOnce(command), runOnce(floor)] as const);
  const ratio = (figure: 'cpuMs' | 'peakMiB'): number | undefined => {
    const ratios = pairs.flatMap(([a, b]) => (a[figure] !== undefined && b[figure] ? [a[figure] / b[figure]] : []));
    return ratios.length > 0 ? median(ratios) : undefined;
  };
  const middle = (side: 0 | 1): Measurement => {
    const of = (figure: 'cpuMs' | 'peakMiB'): number | undefined => {
      const measured = pairs.map((pair) => pair[side][figure]).filter((value): value is number => value !== undefined);
      return measured.length > 0 ? median(measured) : undefined;
    };
    const [cpuMs, peakMiB] = [of('cpuMs'), of('peakMiB')];
    return { wallMs: median(pairs.map((pair) => pair[side].wallMs)), ...(cpuMs === undefined ? {} : { cpuMs }), ...(peakMiB === undefined ? {} : { peakMiB }) };
  };
  const [cpu, peak] = [ratio('cpuMs'), ratio('peakMiB')];
  return {
    command: middle(0),
    floor: middle(1),
    wall: median(pairs.map(([a, b]) => a.wallMs / b.wallMs)),
    ...(cpu === undefined ? {} : { cpu }),
    ...(peak === undefined ? {} : { peak }),
  };
}
