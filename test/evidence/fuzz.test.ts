/**
 * Issues 6 and 17, fuzzing: valid compose files from the corpus (awesome-compose and the real-world
 * stacks) and the documented systems, mutated by fast-check — including secret variables planted
 * anywhere — and converted through the CLI as users run it: each mutant exits 0 with manifests that
 * pass the Kubernetes 1.27 schema (kubernetes-models, read back as kubectl reads YAML 1.1), or exits 1
 * with exactly one located `error: file:line:column: message` line; never another exit, a stack
 * trace, a hang (each case runs in a worker thread that is stopped after CASE_LIMIT_MS), or a
 * planted secret in the output or a message.
 *
 * The seed changes daily (from the UTC date) and is printed: FUZZ_SEED=<seed> replays a day.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultComposeFile } from '../../lib/compose/load.ts';
import { noticeSkip, repoRoot, sharedDir, validateManifests, type Manifest } from '../support/k8s.ts';
import { failureReportProblems } from './helpers/cli.ts';
import { CliWorker } from './helpers/cli-worker.ts';
import { corpusAvailable, corpusSamples } from './helpers/corpus.ts';
import { dailySeed } from './helpers/daily-seed.ts';
import { applyMutation, mutation, PLANTED_SECRETS } from './helpers/mutations.ts';

/** Thousands of cases when time allows; the time limit keeps CI bounded on slow machines. */
const numRuns = 4000;
const timeLimitMs = 90_000;
/** A case slower than this hangs or blows up (super-linear time): its worker is stopped. */
const CASE_LIMIT_MS = 20_000;
const seed = dailySeed();

interface Seed {
  readonly name: string;
  /** A scratch copy of the project directory, so bind-mounted and secret files resolve. */
  readonly dir: string;
  readonly tree: Record<string, unknown>;
}

const scratch = mkdtempSync(join(tmpdir(), 'fuzz-'));
const cli = new CliWorker();
afterAll(async () => {
  await cli.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function seedFrom(name: string, sourceDir: string, composeFile: string): Seed {
  const dir = join(scratch, name);
  cpSync(sourceDir, dir, { recursive: true });
  mkdirSync(join(dir, 'db'), { recursive: true });
  writeFileSync(join(dir, 'db', 'password.txt'), 'fuzz-password\n');
  return { name, dir, tree: parse(readFileSync(join(sourceDir, composeFile), 'utf8')) as Record<string, unknown> };
}

const realWorldDir = join(sharedDir, 'corpus', 'realworld');

function realWorldSeeds(): Seed[] {
  if (!existsSync(realWorldDir)) return [];
  return readdirSync(realWorldDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => {
      const file = defaultComposeFile(join(realWorldDir, name));
      return file ? [seedFrom(`realworld-${name}`, join(realWorldDir, name), file)] : [];
    });
}

function seeds(): Seed[] {
  const chartsDir = join(repoRoot, 'charts');
  const systems = existsSync(chartsDir)
    ? readdirSync(chartsDir).filter((system) => existsSync(join(chartsDir, system, 'docker-compose.yml')))
    : [];
  return [
    ...systems.map((system) => seedFrom(`system-${system}`, join(chartsDir, system), 'docker-compose.yml')),
    ...corpusSamples().map((sample) => seedFrom(`corpus-${sample.name}`, sample.dir, sample.composeFile)),
    ...realWorldSeeds(),
  ];
}

const LOCATED_ERROR = /^error: [^\n]*?:\d+:\d+: /m;
const planted = Object.values(PLANTED_SECRETS).flatMap((value) => [value, Buffer.from(value).toString('base64')]);

/** Converts one mutated tree through the CLI; resolves to problems (empty = as it must be). */
async function convertTree(seed: Seed, tree: Record<string, unknown>): Promise<string[]> {
  const file = join(seed.dir, 'fuzz.yaml');
  writeFileSync(file, stringify(tree));
  const run = await cli.run({ argv: ['convert', '-f', 'fuzz.yaml', '--stdout'], cwd: seed.dir, env: PLANTED_SECRETS }, CASE_LIMIT_MS);
  if (run === 'timeout') return [`${seed.name}: no result after ${CASE_LIMIT_MS} ms (a hang or a blow-up)`];
  const problems: string[] = [];
  const leaked = planted.filter((value) => run.stdout.includes(value) || run.stderr.includes(value));
  if (leaked.length > 0) problems.push(`planted secret shown: ${leaked.join(', ')}`);
  if (run.code === 1) {
    problems.push(...failureReportProblems(run.stderr));
    if (!LOCATED_ERROR.test(run.stderr)) problems.push(`error without a location: ${run.stderr.split('\n').find((line) => line.startsWith('error:'))}`);
  } else if (run.code === 0) {
    // Read back as kubectl does (YAML 1.1), so quoting mistakes show up as schema errors.
    const docs = parseAllDocuments(run.stdout, { version: '1.1' }).map((doc) => doc.toJS() as Manifest);
    problems.push(...(await validateManifests(docs)));
  } else {
    problems.push(`exit code ${run.code}: ${run.stderr.slice(0, 300)}`);
  }
  return problems.map((problem) => `${seed.name}: ${problem}`);
}

const allSeeds = seeds();
noticeSkip(corpusAvailable, 'fuzzing from the ../shared corpus (documented systems only)');

describe('fuzzed compose files', () => {
  it('has seeds', () => {
    expect(allSeeds.length).toBeGreaterThan(0);
  });

  it('stops a case that outlasts its limit, and runs the next in a new worker', async () => {
    const request = { argv: ['convert', '-f', 'docker-compose.yml', '--stdout'], cwd: allSeeds[0]!.dir, env: {} };
    expect(await cli.run(request, 1)).toBe('timeout');
    expect(await cli.run(request, 60_000)).toMatchObject({ code: 0 });
  });

  it('convert into valid manifests or one located error, and never show a planted secret', async () => {
    console.log(`[fuzz] seed ${seed} (replay with FUZZ_SEED=${seed})`);
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: allSeeds.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (index, mutations) => {
          cases++;
          const seed = allSeeds[index]!;
          const tree = structuredClone(seed.tree);
          for (const m of mutations) applyMutation(tree, m);
          expect(await convertTree(seed, tree)).toEqual([]);
        },
      ),
      { numRuns, interruptAfterTimeLimit: timeLimitMs, seed },
    );
    console.log(`[fuzz] ${cases} mutated projects from ${allSeeds.length} seeds`);
  }, timeLimitMs + 60_000);
});
