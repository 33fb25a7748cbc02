/**
 * Issues 6 and 17, atomicity: an output killed with SIGKILL (no chance to clean up) at any point is
 * the old or the new complete output — never missing, partial or mixed — and what the killed run
 * left beside it is gone after the next run.
 *
 * - Every kill point of the atomic writer: a child process kills itself after each file-system
 *   step (test/evidence/helpers/killed-writer.ts), with and without the atomic exchange.
 * - The real programs, as CI runs them: `npm run synth`'s program and `convert -o`, each killed at
 *   random moments while alternating between two inputs, so old and new outputs differ. The kill
 *   moments come from the daily seed (printed; replay with FUZZ_SEED=<seed>).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeComposeProject } from '../../bench/generate.ts';
import { writeDirectoryAtomic, writeFileAtomic } from '../../lib/k8s/output/atomic-write.ts';
import { repoRoot } from '../support/k8s.ts';
import { dailySeed, randomFrom } from './helpers/daily-seed.ts';
import { snapshotTree } from './helpers/fs-snapshot.ts';
import { copyRepo, startSynthIn, synthIn } from './helpers/repo-copy.ts';

const scratch = mkdtempSync(join(tmpdir(), 'atomicity-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const seed = dailySeed();
console.log(`[atomicity] kill moments from seed ${seed} (replay with FUZZ_SEED=${seed})`);

/** Entries of `dir` but `keep`: what killed runs left beside the output. */
function debris(dir: string, keep: readonly string[]): string[] {
  return readdirSync(dir).filter((name) => !keep.includes(name));
}

/** The processes that left `.<name>.<pid>.<role>` leftovers. */
function leftBy(names: readonly string[]): string[] {
  return [...new Set(names.map((name) => name.split('.').at(-2) ?? name))];
}

describe('every kill point of the atomic writer', () => {
  const writer = join(repoRoot, 'test', 'evidence', 'helpers', 'killed-writer.ts');
  const runWriter = (mode: string, output: string, killAt: number, content: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', writer, mode, output, String(killAt), content], { cwd: repoRoot, encoding: 'utf8' });
  const tree = (content: string) => ({ 'a.txt': content, 'sub/': 'dir', 'sub/b.txt': content, 'sub/deep/': 'dir', 'sub/deep/c.txt': content });
  const files = (content: string) => [
    { path: 'a.txt', content },
    { path: 'sub/b.txt', content },
    { path: 'sub/deep/c.txt', content },
  ];
  const readTree = (dir: string) =>
    Object.fromEntries(Object.keys(snapshotTree(dir)).map((name) => [name, name.endsWith('/') ? 'dir' : readFileSync(join(dir, name), 'utf8')]));

  /** How many steps a write over an existing output takes, from a run that is not killed. */
  function stepsOf(mode: string, output: string): number {
    const run = runWriter(mode, output, 0, 'count');
    expect(run.status, run.stderr).toBe(0);
    return Number(run.stdout.trim());
  }

  it.each([
    ['dir', 'with the atomic exchange: the old or the new tree at every point'],
    ['dir-renames', 'without it: the old or the new tree, or the old one put back by the next write'],
  ])('writeDirectoryAtomic %s (%s)', (mode) => {
    const sample = join(scratch, `${mode}-count`, 'dist');
    writeDirectoryAtomic(files('old'), sample);
    const steps = stepsOf(mode, sample);
    expect(steps).toBeGreaterThanOrEqual(mode === 'dir' ? 9 : 11);
    for (let killAt = 1; killAt <= steps; killAt++) {
      const parent = join(scratch, `${mode}-${killAt}`);
      const out = join(parent, 'dist');
      writeDirectoryAtomic(files('old'), out);
      const run = runWriter(mode, out, killAt, 'new');
      expect(run.signal, `step ${killAt}`).toBe('SIGKILL');
      if (mode === 'dir' || existsSync(out)) {
        expect([tree('old'), tree('new')], `step ${killAt}`).toContainEqual(readTree(out));
      } else {
        // Killed between the two renames: the old tree waits, complete, beside it.
        const [previous] = debris(parent, []);
        expect(readTree(join(parent, previous ?? 'none')), `step ${killAt}`).toEqual(tree('old'));
      }
      expect(leftBy(debris(parent, ['dist'])).length, `step ${killAt}`).toBeLessThanOrEqual(1);
      writeDirectoryAtomic(files('next'), out);
      expect(readTree(out), `step ${killAt}`).toEqual(tree('next'));
      expect(debris(parent, ['dist']), `step ${killAt}`).toEqual([]);
    }
  }, 120_000);

  it('writeFileAtomic: the old or the new file at every point', () => {
    const sample = join(scratch, 'file-count', 'out.yaml');
    writeFileAtomic(sample, 'old');
    const steps = stepsOf('file', sample);
    expect(steps).toBeGreaterThanOrEqual(2);
    for (let killAt = 1; killAt <= steps; killAt++) {
      const parent = join(scratch, `file-${killAt}`);
      const out = join(parent, 'out.yaml');
      writeFileAtomic(out, 'old');
      expect(runWriter('file', out, killAt, 'new').signal).toBe('SIGKILL');
      expect(['old', 'new']).toContain(readFileSync(out, 'utf8'));
      writeFileAtomic(out, 'next');
      expect(readFileSync(out, 'utf8')).toBe('next');
      expect(debris(parent, ['out.yaml'])).toEqual([]);
    }
  }, 60_000);
});

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

function ended(child: ChildProcess): Promise<Ended> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

/** How long a warm run takes: a first run may build the precompiled bundle and its code cache. */
async function timedRun(start: () => ChildProcess): Promise<number> {
  expect((await ended(start())).code).toBe(0);
  const begin = Date.now();
  const { code } = await ended(start());
  expect(code).toBe(0);
  return Date.now() - begin;
}

/**
 * Runs `start(variant)` `runs` times, alternating the two variants, each killed at a random moment
 * (most of them in the second half of the run, where the output is written). After each run
 * `output()` must be one of the variants' complete outputs, and only the last killed run's
 * leftovers may lie beside it; a final run that completes leaves none. Returns how many runs were
 * killed.
 */
async function killLoop(props: {
  readonly runs: number;
  /** How long a complete run of each variant takes. */
  readonly fullRunMs: readonly [number, number];
  readonly start: (variant: 0 | 1) => ChildProcess;
  readonly outputs: readonly [Record<string, string>, Record<string, string>];
  readonly output: () => Record<string, string>;
  readonly leftovers: () => string[];
}): Promise<number> {
  const random = randomFrom(seed);
  // The fastest complete run seen: the machine's load changes, and kills after the end test nothing.
  const fastest = [...props.fullRunMs];
  let killed = 0;
  for (let run = 0; run < props.runs; run++) {
    const variant = (run % 2) as 0 | 1;
    const started = Date.now();
    const child = props.start(variant);
    const at = Math.round(fastest[variant]! * (random() < 0.25 ? 0.5 * random() : 0.5 + 0.45 * random()));
    const timer = setTimeout(() => child.kill('SIGKILL'), at);
    const end = await ended(child);
    clearTimeout(timer);
    if (end.signal === 'SIGKILL') killed++;
    else {
      expect(end.code).toBe(0);
      fastest[variant] = Math.min(fastest[variant]!, Date.now() - started);
    }
    expect(props.outputs, `run ${run} killed after ${at} ms`).toContainEqual(props.output());
    expect(leftBy(props.leftovers()).length, `run ${run}: leftovers ${props.leftovers().join(', ')}`).toBeLessThanOrEqual(1);
  }
  expect((await ended(props.start(0))).code).toBe(0);
  expect(props.output()).toEqual(props.outputs[0]);
  expect(props.leftovers()).toEqual([]);
  console.log(`[atomicity] ${killed} of ${props.runs} runs killed`);
  return killed;
}

/** The picture of the one file `convert -o` writes into `dir`. */
function manifestOf(dir: string): Record<string, string> {
  const file = 'estate.k8s.yaml';
  return { [file]: snapshotTree(dir)[file] ?? 'missing' };
}

describe('convert -o killed at random moments', () => {
  it('leaves the old or the new file, and the next run removes the killed runs\' temporaries', async () => {
    // Both projects are named `estate`, so they write the same file.
    const projects = [join(scratch, 'small'), join(scratch, 'big')] as const;
    writeComposeProject(projects[0], 5);
    // Big enough that a run lasts long enough to be killed in its middle.
    writeComposeProject(projects[1], 300);
    const out = join(scratch, 'convert-out');
    mkdirSync(out);
    writeFileSync(join(out, 'SENTINEL'), 'the user put this here\n');
    const convert = (variant: 0 | 1, outDir = out) =>
      spawn(process.execPath, [join(repoRoot, 'bin', 'cdk8s-compose'), 'convert', '-f', 'compose.yaml', '-o', outDir], { cwd: projects[variant], stdio: 'ignore' });
    const outputs = [0, 1].map((variant) => {
      const dir = join(scratch, `convert-expected-${variant}`);
      expect(spawnSync(process.execPath, [join(repoRoot, 'bin', 'cdk8s-compose'), 'convert', '-f', 'compose.yaml', '-o', dir], { cwd: projects[variant] }).status).toBe(0);
      return manifestOf(dir);
    }) as [Record<string, string>, Record<string, string>];
    const fullRunMs = [await timedRun(() => convert(0, join(scratch, 'convert-timing'))), await timedRun(() => convert(1, join(scratch, 'convert-timing')))] as const;
    expect(await ended(convert(1))).toEqual({ code: 0, signal: null });
    const killed = await killLoop({
      runs: 12,
      fullRunMs,
      start: (variant) => convert(variant),
      outputs,
      output: () => manifestOf(out),
      leftovers: () => debris(out, ['estate.k8s.yaml', 'SENTINEL']),
    });
    expect(killed).toBeGreaterThanOrEqual(3);
    expect(readFileSync(join(out, 'SENTINEL'), 'utf8')).toBe('the user put this here\n');
  }, 180_000);
});

describe('synth killed at random moments', () => {
  const copy = join(scratch, 'repo');
  const dist = join(copy, 'dist');
  const compose = join(copy, 'charts', 'modax', 'docker-compose.yml');

  it('leaves the old or the new complete dist/, and no .dist.* folders pile up', async () => {
    copyRepo(copy);
    const original = readFileSync(compose, 'utf8');
    const changed = original.replace('POSTGRES_DB: modax\n', 'POSTGRES_DB: modax_kill_loop\n');
    expect(changed).not.toBe(original);
    const inputs = [original, changed];
    const outputs = inputs.map((input) => {
      writeFileSync(compose, input);
      expect(synthIn(copy).code).toBe(0);
      return snapshotTree(dist);
    }) as [Record<string, string>, Record<string, string>];
    expect(outputs[1]).not.toEqual(outputs[0]);
    const fullRunMs = await timedRun(() => startSynthIn(copy));
    const killed = await killLoop({
      runs: 10,
      fullRunMs: [fullRunMs, fullRunMs],
      start: (variant) => {
        writeFileSync(compose, inputs[variant]!);
        return startSynthIn(copy);
      },
      outputs,
      output: () => snapshotTree(dist),
      leftovers: () => readdirSync(copy).filter((name) => name.startsWith('.dist.')),
    });
    expect(killed).toBeGreaterThanOrEqual(3);
  }, 180_000);

  it('leaves the previous dist/ byte-identical when a compose file is broken', () => {
    const before = snapshotTree(dist);
    appendFileSync(compose, '\nservices: [broken\n');
    const run = synthIn(copy);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('docker-compose.yml');
    expect(snapshotTree(dist)).toEqual(before);
  });
});
