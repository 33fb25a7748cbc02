import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { App, Chart } from 'cdk8s';
import { Pair, parseDocument, Scalar, stringify, YAMLMap } from 'yaml';

/** Objects a later one depends on come first, so `kubectl apply -f` of the stream succeeds in order. */
const KIND_ORDER: readonly string[] = [
  'Namespace', 'NetworkPolicy', 'ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolumeClaim',
  'Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'PodDisruptionBudget', 'Ingress',
];

interface ObjectIdentity {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown };
}

function rank(kind: unknown): number {
  const index = KIND_ORDER.indexOf(String(kind));
  return index === -1 ? KIND_ORDER.length : index;
}

/** Namespace first, then by kind order, then kind and name: the same objects always print alike. */
export function sortManifests<T extends ObjectIdentity>(docs: readonly T[]): T[] {
  const key = (doc: T): string => `${String(doc.kind)}/${String(doc.metadata?.name ?? '')}`;
  return [...docs].sort((a, b) => rank(a.kind) - rank(b.kind) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Words YAML 1.1 reads as booleans or null although they start with a letter. */
const WORDS_1_1 = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
/**
 * Starts with a letter and has no space or indicator character: only the words above read as
 * anything but a string (`nginx:1.27`, `tcp-80`, `app.kubernetes.io/name`).
 */
const PLAIN_WORD = /^[A-Za-z][A-Za-z0-9_/.:@+=-]*$/;
const verdicts = new Map<string, boolean>();

/**
 * A plain string a YAML 1.1 reader (kubectl, PyYAML) or a YAML 1.2 reader would take for
 * something else: `yes`, `on`, `0755`, `1e3`, `~`, `0o17`, `12:30`, …
 */
function readsAsNonString(text: string): boolean {
  if (text.includes('\n')) return false;
  if (PLAIN_WORD.test(text)) return WORDS_1_1.test(text);
  const known = verdicts.get(text);
  if (known !== undefined) return known;
  const verdict = (['1.1', '1.2'] as const).some((version) => {
    // Anything a reader would complain about (`%x`, `!tag`, `@x`) is quoted as well.
    const document = parseDocument(text, { version, logLevel: 'silent' });
    if (document.errors.length > 0 || document.warnings.length > 0) return true;
    try {
      return document.toJS() !== text;
    } catch {
      return true;
    }
  });
  verdicts.set(text, verdict);
  return verdict;
}

/**
 * Wraps the strings that need it in double-quoted scalars. The YAML 1.1 stringifier quotes what
 * 1.1 would retype, in keys and values; this adds what 1.2 readers would retype (`0o17`).
 */
function quoteAmbiguous(value: unknown): unknown {
  if (typeof value === 'string') return readsAsNonString(value) ? quoted(value) : value;
  if (Array.isArray(value)) return value.map(quoteAmbiguous);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [key, quoteAmbiguous(item)] as const);
    if (!entries.some(([key]) => readsAsNonString(key))) return Object.fromEntries(entries);
    // Plain objects only have string keys; a YAML mapping node carries the quoted key scalars.
    const map = new YAMLMap();
    for (const [key, item] of entries) map.items.push(new Pair(readsAsNonString(key) ? quoted(key) : key, item));
    return map;
  }
  return value;
}

function quoted(text: string): Scalar<string> {
  const scalar = new Scalar(text);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

function toYamlDocument(object: unknown): string {
  return stringify(quoteAmbiguous(object), { version: '1.1', lineWidth: 0 });
}

/** One multi-document YAML stream, safe for YAML 1.1 and 1.2 readers alike. */
export function manifestsToYaml(docs: readonly unknown[]): string {
  return docs.map((doc) => toYamlDocument(doc)).join('---\n');
}

/** The chart's objects as one deterministic multi-document YAML stream. */
export function synthChartYaml(chart: Chart): string {
  return manifestsToYaml(sortManifests(chart.toJson() as ObjectIdentity[]));
}

/** Writes a file through a temporary sibling and a rename, so readers never see half a file. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes each chart of the app to `<outdir>/<chart id>.k8s.yaml`, replacing `outdir` as a whole:
 * everything is rendered and written to a sibling directory first and swapped in by renames, so a
 * failure anywhere leaves the previous output byte-identical.
 */
export function writeAppCharts(app: App, outdir: string): string[] {
  const files = app.charts.map((chart) => ({ name: `${chart.node.id}.k8s.yaml`, content: synthChartYaml(chart) }));
  const parent = dirname(outdir);
  mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.${basename(outdir)}.${process.pid}.staging`);
  const previous = join(parent, `.${basename(outdir)}.${process.pid}.previous`);
  rmSync(staging, { recursive: true, force: true });
  try {
    mkdirSync(staging);
    for (const file of files) writeFileSync(join(staging, file.name), file.content);
    swapDirectory(staging, outdir, previous);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return files.map((file) => join(outdir, file.name));
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

