import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { App, Chart } from 'cdk8s';
import { planManifests, type TranslationPlan } from '../plan/plan.ts';
import { sortManifests, type ObjectIdentity } from './manifest-order.ts';
import { emitYamlDocument, type JsonValue } from './yaml-emitter.ts';

export { KIND_ORDER, sortManifests } from './manifest-order.ts';

/** One multi-document YAML stream, safe for YAML 1.1 and 1.2 readers alike. */
export function manifestsToYaml(docs: readonly unknown[]): string {
  // Callers pass `chart.toJson()` output or literals built from JSON values: JSON-shaped by construction.
  return docs.map((doc) => emitYamlDocument(doc as JsonValue)).join('---\n');
}

/** The plan's objects as YAML documents, in output order, one at a time. */
export function* planYamlDocuments(plan: Pick<TranslationPlan, 'entries'>): Generator<string> {
  let first = true;
  for (const manifest of sortManifests(planManifests(plan))) {
    yield first ? emitYamlDocument(manifest as unknown as JsonValue) : `---\n${emitYamlDocument(manifest as unknown as JsonValue)}`;
    first = false;
  }
}

/** The plan's objects as one deterministic multi-document YAML stream. */
export function planYaml(plan: Pick<TranslationPlan, 'entries'>): string {
  return [...planYamlDocuments(plan)].join('');
}

/** The chart's objects as one deterministic multi-document YAML stream. */
export function synthChartYaml(chart: Chart): string {
  return manifestsToYaml(sortManifests(chart.toJson() as ObjectIdentity[]));
}

/**
 * Writes a file through a temporary sibling and a rename, so readers never see half a file. A run
 * killed between the two leaves its temporary behind (nothing can prevent that without O_TMPFILE,
 * which Node lacks); the next write removes the temporaries of runs that are no longer alive.
 */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  removeDeadTemporaries(path);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    // `wx`: never write through a file or symlink planted under the temporary's predictable name.
    writeFileSync(temporary, content, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The temporaries `writeFileAtomic` (or `writeFileAtomicFrom`) left beside `path` in runs no longer alive. */
export function removeDeadTemporaries(path: string): void {
  const prefix = `.${basename(path)}.`;
  for (const name of readdirSync(dirname(path))) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    // Our own pid's temporary can only be a leftover of a dead process that had the same pid.
    if (Number.isInteger(pid) && (pid === process.pid || !isRunning(pid))) rmSync(join(dirname(path), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A file to write below an output directory; `path` is `/`-separated (`prod/modax.k8s.yaml`). */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/**
 * Replaces `outdir` with exactly `files`: they are written to a sibling directory first and swapped
 * in by renames, so a failure anywhere leaves the previous output byte-identical.
 */
export function writeDirectoryAtomic(files: readonly OutputFile[], outdir: string): void {
  const parent = dirname(outdir);
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.${basename(outdir)}.${process.pid}.staging`);
  const previous = join(parent, `.${basename(outdir)}.${process.pid}.previous`);
  restoreInterruptedSwap(outdir);
  rmSync(staging, { recursive: true, force: true });
  try {
    mkdirSync(staging);
    for (const file of files) {
      const target = join(staging, ...file.path.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    swapDirectory(staging, outdir, previous);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Writes each chart of the app to `<outdir>/<chart id>.k8s.yaml`, replacing `outdir` as a whole. */
export function writeAppCharts(app: App, outdir: string): string[] {
  const files = app.charts.map((chart) => ({ path: `${chart.node.id}.k8s.yaml`, content: synthChartYaml(chart) }));
  writeDirectoryAtomic(files, outdir);
  return files.map((file) => join(outdir, file.path));
}

/**
 * A writer killed between its two renames leaves `outdir` missing and the old output beside it as
 * `.<name>.<pid>.previous`: put it back before anything else happens.
 */
function restoreInterruptedSwap(outdir: string): void {
  if (existsSync(outdir)) return;
  const prefix = `.${basename(outdir)}.`;
  const left = readdirSync(dirname(outdir)).find((entry) => entry.startsWith(prefix) && entry.endsWith('.previous'));
  if (left !== undefined) renameSync(join(dirname(outdir), left), outdir);
}

function swapDirectory(staging: string, target: string, previous: string): void {
  let moved = false;
  try {
    renameSync(target, previous);
    moved = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    renameSync(staging, target);
  } catch (error) {
    if (moved) renameSync(previous, target);
    throw error;
  }
  if (moved) rmSync(previous, { recursive: true, force: true });
}

