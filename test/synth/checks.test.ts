/**
 * The committed dist/ passes the offline Kubernetes 1.27 checks: no schema error, no Polaris danger
 * finding (unless exempted by an explained annotation), and every namespace enforces the strictest
 * Pod Security level that all of its workloads meet.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { k8sChecksAvailable, noticeSkip, sharedDir, type Manifest } from '../support/k8s.ts';
import { distDir, readTree } from './dist.ts';

noticeSkip(k8sChecksAvailable, 'k8s-checks of dist/');
const checks = join(sharedDir, 'k8s-checks');

interface PssResult {
  readonly file: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly strictest: 'restricted' | 'baseline' | 'privileged';
}

const LEVELS = ['privileged', 'baseline', 'restricted'] as const;
const manifestFiles = Object.keys(readTree(distDir)).filter((file) => file.endsWith('.k8s.yaml'));

function run(args: readonly string[]): { status: number; output: string } {
  try {
    return { status: 0, output: execFileSync(args[0] ?? '', args.slice(1), { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    return { status: failed.status ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

let pss: readonly PssResult[] | undefined;

/** One checker run for all files (each run costs a Node start), on first use. */
function pssResults(): readonly PssResult[] {
  const files = manifestFiles.map((f) => join(distDir, f));
  pss ??= (JSON.parse(run(['node', join(checks, 'pss.mjs'), '--level', 'strictest', '--json', ...files]).output) as {
    results: PssResult[];
  }).results;
  return pss;
}

describe.skipIf(!k8sChecksAvailable)('k8s-checks on dist/', () => {
  it('finds no schema error and no unexplained Polaris danger', () => {
    const result = run([join(checks, 'check'), '--quiet', distDir]);
    expect(result.output).not.toMatch(/^schema\s+FAIL/m);
    expect(result.output).not.toMatch(/DANGER/);
    expect(result.status, result.output).toBe(0);
  });

  // The charts need no exemption today; a new one must come with its reason in the chart's README.
  it('exempts nothing from Polaris', () => {
    for (const file of manifestFiles) expect(readTree(distDir)[file], file).not.toContain('polaris.fairwinds.com/');
  });

  it.each(manifestFiles)('%s: the namespace enforces the strictest level its workloads meet', (file) => {
    const results = pssResults().filter((r) => r.file.endsWith(file));
    const docs = parseAllDocuments(readTree(distDir)[file] ?? '').map((d) => d.toJS() as Manifest);
    const namespace = docs.find((d) => d.kind === 'Namespace');
    const labels = (namespace?.metadata['labels'] ?? {}) as Record<string, string>;
    const weakest = Math.min(...results.map((r) => LEVELS.indexOf(r.strictest)));
    expect(results.length).toBeGreaterThan(0);
    expect(labels['pod-security.kubernetes.io/enforce']).toBe(LEVELS[weakest]);
  });
});
