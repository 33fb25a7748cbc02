/**
 * `node --import tsx bench/profile.ts [SERVICES]`: converts a generated estate under
 * `node --cpu-prof` and prints where the time goes — by function (self time), by our source file
 * and by package — so a slow step can be traced to its code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeComposeProject } from './generate.ts';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
}

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `our/file.ts`, `pkg:<package>`, or `node:internal` — what a hot spot belongs to. */
function owner(url: string): string {
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg) return `pkg:${pkg}`;
  if (path.startsWith(repo)) return relative(repo, path);
  return path === '' ? '(vm)' : 'node:internal';
}

function top(totals: Map<string, number>, count: number, msPerSample: number): string {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([what, hits]) => `${(hits * msPerSample).toFixed(0).padStart(7)} ms  ${what}`)
    .join('\n');
}

/**
 * Time spent inside each of our functions including what they call; a recursive function counts
 * once per sample.
 */
function inclusiveOfOurs(profile: CpuProfile): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  const active = new Map<string, number>();
  const visit = (node: ProfileNode): number => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = owner(url);
    const key = file.endsWith('.ts') ? `${functionName || '(anonymous)'}  ${file}:${lineNumber + 1}` : undefined;
    if (key) active.set(key, (active.get(key) ?? 0) + 1);
    let hits = node.hitCount ?? 0;
    for (const child of node.children ?? []) hits += visit(byId.get(child)!);
    if (key) {
      const depth = active.get(key)! - 1;
      active.set(key, depth);
      if (depth === 0) totals.set(key, (totals.get(key) ?? 0) + hits);
    }
    return hits;
  };
  visit(profile.nodes[0]!);
  return totals;
}

function report(profile: CpuProfile): string {
  const msPerSample = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = `${functionName || '(anonymous)'}  ${owner(url)}:${lineNumber + 1}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + hits);
    byOwner.set(owner(url), (byOwner.get(owner(url)) ?? 0) + hits);
  }
  const total = (profile.endTime - profile.startTime) / 1000;
  return [`profiled ${total.toFixed(0)} ms`, '', 'self time by function:', top(byFunction, 30, msPerSample),
    '', 'self time by file or package:', top(byOwner, 20, msPerSample),
    '', 'total time (with callees) of our functions:', top(inclusiveOfOurs(profile), 30, msPerSample)].join('\n');
}

const services = Number(process.argv[2] ?? 1000);
const work = mkdtempSync(join(tmpdir(), 'cdk8s-compose-profile-'));
try {
  writeComposeProject(work, services);
  const run = spawnSync(process.execPath,
    // From the TypeScript sources (through tsx), not the bundle, so that time is attributed to our
    // files and to packages; the start-up cost differs from the precompiled CLI's.
    ['--cpu-prof', '--cpu-prof-dir', join(work, 'prof'), '--import', import.meta.resolve('tsx'), join(repo, 'tools', 'cli-entry.ts'), 'convert', '-f', 'compose.yaml', '-q', '-o', 'out'],
    { cwd: work, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`convert failed: ${run.stderr}`);
  // tsx's loader thread writes a second profile; the main thread's sorts first (`CPU.<date>.<pid>.0.001`).
  const file = readdirSync(join(work, 'prof')).filter((name) => name.endsWith('.cpuprofile')).sort()[0]!;
  console.log(`convert of ${services} services\n${report(JSON.parse(readFileSync(join(work, 'prof', file), 'utf8')) as CpuProfile)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
