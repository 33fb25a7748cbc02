/**
 * Issue 6, fuzzing: valid compose files from the corpus and the documented systems, mutated by
 * fast-check, either convert into manifests that pass the Kubernetes 1.27 schema (kubernetes-models,
 * read back as kubectl reads YAML 1.1) or fail with a ComposeError — never any other exception.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import fc from 'fast-check';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ComposeError } from '../../lib/compose/errors.ts';
import { loadProject } from '../../lib/compose/load.ts';
import { ComposeChart } from '../../lib/k8s/cdk8s/compose-chart.ts';
import { synthChartYaml } from '../../lib/k8s/output/synth.ts';
import { noticeSkip, repoRoot, validateManifests, type Manifest } from '../support/k8s.ts';
import { corpusAvailable, corpusSamples } from './helpers/corpus.ts';
import { applyMutation, mutation } from './helpers/mutations.ts';

/** Thousands of cases when time allows; the time limit keeps CI bounded on slow machines. */
const numRuns = 4000;
const timeLimitMs = 45_000;
/** A new seed every run finds new cases; a failure prints its seed, replay it with FUZZ_SEED=<seed>. */
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

interface Seed {
  readonly name: string;
  /** A scratch copy of the project directory, so bind-mounted and secret files resolve. */
  readonly dir: string;
  readonly tree: Record<string, unknown>;
}

const scratch = mkdtempSync(join(tmpdir(), 'fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function seedFrom(name: string, sourceDir: string, composeFile: string): Seed {
  const dir = join(scratch, name);
  cpSync(sourceDir, dir, { recursive: true });
  mkdirSync(join(dir, 'db'), { recursive: true });
  writeFileSync(join(dir, 'db', 'password.txt'), 'fuzz-password\n');
  return { name, dir, tree: parse(readFileSync(join(sourceDir, composeFile), 'utf8')) as Record<string, unknown> };
}

function seeds(): Seed[] {
  const chartsDir = join(repoRoot, 'charts');
  const systems = existsSync(chartsDir)
    ? readdirSync(chartsDir).filter((system) => existsSync(join(chartsDir, system, 'docker-compose.yml')))
    : [];
  return [
    ...systems.map((system) => seedFrom(`system-${system}`, join(chartsDir, system), 'docker-compose.yml')),
    ...corpusSamples().map((sample) => seedFrom(`corpus-${sample.name}`, sample.dir, sample.composeFile)),
  ];
}

/** Converts one mutated tree; resolves to problems (empty = valid manifests or a ComposeError). */
async function convertTree(seed: Seed, tree: Record<string, unknown>): Promise<string[]> {
  const file = join(seed.dir, 'fuzz.yaml');
  writeFileSync(file, stringify(tree));
  let yaml: string;
  try {
    const project = loadProject({ files: [file], cwd: seed.dir, projectName: 'fuzz', environment: {} });
    const chart = new ComposeChart(new App(), 'fuzz', { project });
    yaml = synthChartYaml(chart);
  } catch (error) {
    if (error instanceof ComposeError && error.format().trim() !== '') return [];
    return [`${seed.name}: not a ComposeError: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
  }
  // Read back as kubectl does (YAML 1.1), so quoting mistakes show up as schema errors.
  const docs = parseAllDocuments(yaml, { version: '1.1' }).map((doc) => doc.toJS() as Manifest);
  return (await validateManifests(docs)).map((problem) => `${seed.name}: ${problem}`);
}

const allSeeds = seeds();
noticeSkip(corpusAvailable, 'fuzzing from awesome-compose samples (documented systems only)');

describe('fuzzed compose files', () => {
  it('has seeds', () => {
    expect(allSeeds.length).toBeGreaterThan(0);
  });

  it('convert into valid manifests or fail with a ComposeError', async () => {
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
      { numRuns, interruptAfterTimeLimit: timeLimitMs, ...(seed === undefined ? {} : { seed }) },
    );
    console.log(`[fuzz] ${cases} mutated projects from ${allSeeds.length} seeds`);
  }, timeLimitMs + 60_000);
});
