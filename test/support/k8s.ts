/**
 * Helpers for tests of the Kubernetes side: synthesize a chart, find its objects, and validate
 * manifests against the Kubernetes 1.33 schema (kubernetes-models 4.5.1) and, when `../shared` exists,
 * the offline k8s-checks (strict 1.27 schema, Pod Security Standards, Polaris).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Chart, Testing, type App } from 'cdk8s';
import { ComposeError } from '../../lib/compose/errors.ts';
import type { ComposeProject } from '../../lib/compose/model.ts';
import { ComposeChart, type ComposeChartProps } from '../../lib/k8s/cdk8s/compose-chart.ts';

/** One synthesized Kubernetes object, as plain JSON. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const sharedAvailable = existsSync(sharedDir);
const checkScript = join(sharedDir, 'k8s-checks', 'check');
export const k8sChecksAvailable = existsSync(checkScript);

/** Prints why a describe block is skipped, so a skipped run never looks like a passing one. */
export function noticeSkip(available: boolean, what: string): void {
  if (!available) console.warn(`[skip] ${what}: ${sharedDir} not found`);
}

/**
 * Where test Apps would synthesize to: Testing.app() makes a new temporary directory for each App,
 * which no test removes (thousands per run in $TMPDIR); these Apps share one path, created only if
 * a test calls app.synth(), which none does (they synthesize with Testing.synth).
 */
const TEST_APP_OUTDIR = join(tmpdir(), 'cdk8s-compose-test-app-outdir');

/** A fresh cdk8s App for a test, which leaves nothing on disk. */
export function testApp(): App {
  return Testing.app({ outdir: TEST_APP_OUTDIR });
}

/** A fresh Chart in its own test App. */
export function testChart(): Chart {
  return new Chart(testApp(), 'test');
}

export function synthManifests(chart: Chart): Manifest[] {
  return Testing.synth(chart) as Manifest[];
}

/** A ComposeChart of a hand-made project in a fresh test App. */
export function makeChart(project: ComposeProject, props: Omit<ComposeChartProps, 'project'> = {}): ComposeChart {
  return new ComposeChart(testApp(), 'test', { project, ...props });
}

/** A ComposeChart of compose files (loaded with an empty environment) in a fresh test App. */
export function makeChartFromFiles(files: readonly string[], props: Omit<ComposeChartProps, 'project' | 'files'> = {}): ComposeChart {
  return new ComposeChart(testApp(), 'test', { files, environment: {}, ...props });
}

const CORPUS = join(sharedDir, 'corpus', 'awesome-compose');
const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** The awesome-compose samples of `../shared` (check `sharedAvailable` first), each with its compose file. */
export function corpusSamples(): { readonly name: string; readonly file: string }[] {
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const file = COMPOSE_NAMES.map((name) => join(CORPUS, entry.name, name)).find((path) => existsSync(path));
      return file ? [{ name: entry.name, file }] : [];
    });
}

/**
 * The samples that load, as charts. Samples whose secret files are not part of the corpus fail to
 * load with a ComposeError, which is the loader's call; any other failure is thrown.
 */
export function corpusCharts(): { readonly name: string; readonly chart: ComposeChart }[] {
  return corpusSamples().flatMap((sample) => {
    try {
      return [{ name: sample.name, chart: makeChartFromFiles([sample.file]) }];
    } catch (error) {
      if (error instanceof ComposeError) return [];
      throw error;
    }
  });
}

export function findObject(docs: readonly Manifest[], kind: string, name: string): Manifest {
  const found = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!found) {
    const have = docs.map((d) => `${d.kind}/${d.metadata.name}`).join(', ');
    throw new Error(`no ${kind}/${name} among: ${have}`);
  }
  return found;
}

export function findObjects(docs: readonly Manifest[], kind: string): Manifest[] {
  return docs.filter((d) => d.kind === kind);
}

interface ValidatingModel {
  validate(): void;
}
type ModelClass = new (data: unknown) => ValidatingModel;

async function modelClass(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  try {
    const module = (await import(/* @vite-ignore */ `kubernetes-models/${apiVersion}/${kind}`)) as Record<string, unknown>;
    return module[kind] as ModelClass | undefined;
  } catch {
    return undefined;
  }
}

/**
 * Validates each manifest with kubernetes-models and returns one line per problem
 * (`Kind/name: message`); an empty array means every object is valid. Unknown kinds are problems.
 */
export async function validateManifests(docs: readonly Manifest[]): Promise<string[]> {
  const problems: string[] = [];
  for (const doc of docs) {
    const where = `${doc.kind}/${doc.metadata?.name ?? '?'}`;
    const Model = await modelClass(doc.apiVersion, doc.kind);
    if (!Model) {
      problems.push(`${where}: no kubernetes-models class for ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (error) {
      problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

export interface CheckResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs `../shared/k8s-checks/check` on a YAML stream; `ok` is its exit status. */
export function runK8sChecks(yaml: string, extraArgs: readonly string[] = []): CheckResult {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-checks-'));
  const file = join(dir, 'manifests.yaml');
  try {
    writeFileSync(file, yaml);
    const output = execFileSync(checkScript, [...extraArgs, file], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
