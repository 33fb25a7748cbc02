/**
 * Issue 6, atomicity: a convert or synth that is killed (SIGKILL, no chance to clean up) at any
 * point, or that fails, leaves the previous output byte-identical.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeComposeProject } from '../../bench/generate.ts';
import { repoRoot } from '../support/k8s.ts';
import { runCliCaptured } from './helpers/cli.ts';
import { snapshotTree } from './helpers/fs-snapshot.ts';
import { copyRepo, startSynthIn, synthIn } from './helpers/repo-copy.ts';

const scratch = mkdtempSync(join(tmpdir(), 'atomicity-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Points in a run's life to kill it at, as fractions of a full run's duration. */
const killPoints = [0.1, 0.25, 0.4, 0.55, 0.7, 0.85];

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

/** A killed run's temporary file (`.<file>.<pid>.tmp`): the next run removes it (see writeFileAtomic). */
const KILLED_RUN_TEMPORARY = /(^|\/)\.[^/]+\.\d+\.tmp$/;

function withoutKilledTemporaries(tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).filter(([name]) => !KILLED_RUN_TEMPORARY.test(name)));
}

/**
 * Kills a fresh run at each kill point and checks `dir` is as before, but for the temporary file
 * of a run killed between writing and renaming it. A run that finishes before its kill rightly
 * replaces the output: `dir` is then restored from a copy and not checked. Returns how many runs
 * were killed.
 */
async function killRuns(start: () => ChildProcess, fullRunMs: number, dir: string): Promise<number> {
  const before = snapshotTree(dir);
  const saved = `${dir}.saved`;
  cpSync(dir, saved, { recursive: true });
  let killed = 0;
  for (const point of killPoints) {
    const child = start();
    const timer = setTimeout(() => child.kill('SIGKILL'), Math.round(fullRunMs * point));
    const end = await ended(child);
    clearTimeout(timer);
    if (end.signal === 'SIGKILL') {
      killed++;
      expect(withoutKilledTemporaries(snapshotTree(dir)), `killed after ${Math.round(point * 100)}% of a run`).toEqual(before);
    } else {
      rmSync(dir, { recursive: true, force: true });
      cpSync(saved, dir, { recursive: true });
    }
  }
  return killed;
}

describe('convert -o', () => {
  const out = join(scratch, 'out');
  const convertBig = (outDir: string) => () =>
    spawn(process.execPath, [join(repoRoot, 'bin', 'cdk8s-compose'), 'convert', '-f', 'compose.yaml', '-o', outDir], {
      cwd: join(scratch, 'big'),
      stdio: 'ignore',
    });

  it('leaves the previous output byte-identical when killed at any point', async () => {
    // Both projects are named `estate`: the big one's run would replace the small one's output.
    writeComposeProject(join(scratch, 'small'), 5);
    const previous = await runCliCaptured(['convert', '-f', 'compose.yaml', '-o', out], join(scratch, 'small'));
    expect(previous.code, previous.stderr).toBe(0);
    writeFileSync(join(out, 'SENTINEL'), 'the user put this here\n');
    // Big enough that a run lasts long enough to be killed in its middle.
    writeComposeProject(join(scratch, 'big'), 400);
    const fullRunMs = await timedRun(convertBig(join(scratch, 'timing-out')));

    expect(await killRuns(convertBig(out), fullRunMs, out)).toBeGreaterThanOrEqual(3);
    // The next run that completes leaves no temporary of the killed ones behind.
    expect((await ended(convertBig(out)())).code).toBe(0);
    expect(Object.keys(snapshotTree(out)).filter((name) => KILLED_RUN_TEMPORARY.test(name))).toEqual([]);
  }, 180_000);
});

describe('synth', () => {
  const copy = join(scratch, 'repo');
  const dist = join(copy, 'dist');

  it('leaves the previous dist/ byte-identical when killed at any point', async () => {
    copyRepo(copy);
    expect(synthIn(copy).code).toBe(0);
    const fullRunMs = await timedRun(() => startSynthIn(copy));
    expect(await killRuns(() => startSynthIn(copy), fullRunMs, dist)).toBeGreaterThanOrEqual(3);
  }, 180_000);

  it('leaves the previous dist/ byte-identical when a compose file is broken', () => {
    const before = snapshotTree(dist);
    appendFileSync(join(copy, 'charts', 'modax', 'docker-compose.yml'), '\nservices: [broken\n');
    const run = synthIn(copy);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('docker-compose.yml');
    expect(snapshotTree(dist)).toEqual(before);
  });
});
