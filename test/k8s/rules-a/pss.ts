/** Runs ../shared/k8s-checks/pss.mjs on hand-made pods, to check our level against the reference. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { k8s } from '../../../imports/k8s.ts';
import type { SecuritySettings } from '../../../lib/k8s/security.ts';
import { sharedDir } from '../../support/k8s.ts';

export const pssScript = join(sharedDir, 'k8s-checks', 'pss.mjs');

/** A minimal pod spec that carries security settings the way the workload would. */
export function podWith(settings: SecuritySettings, extra: Partial<k8s.PodSpec> = {}): k8s.PodSpec {
  return {
    securityContext: settings.podSecurityContext,
    containers: [{ name: 'app', image: 'example/app:1.0', securityContext: settings.containerSecurityContext, volumeMounts: [...settings.volumeMounts] }],
    volumes: [...settings.volumes],
    ...extra,
  };
}

export function podManifest(name: string, spec: k8s.PodSpec): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: k8s.toJson_PodSpec(spec) };
}

/** The strictest level pss.mjs finds for each named pod spec. */
export function referenceLevels(pods: Readonly<Record<string, k8s.PodSpec>>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'rules-a-pss-'));
  try {
    const file = join(dir, 'pods.yaml');
    writeFileSync(file, Object.entries(pods).map(([name, spec]) => `---\n${JSON.stringify(podManifest(name, spec))}\n`).join(''));
    let output: string;
    try {
      output = execFileSync('node', [pssScript, '--level', 'strictest', '--json', file], { encoding: 'utf8' });
    } catch (error) {
      // Exit status 1 only means some pod meets neither level; the report is still complete.
      output = (error as { stdout: string }).stdout;
    }
    const report = JSON.parse(output) as { results: { name: string; strictest: string }[] };
    return Object.fromEntries(report.results.map((r) => [r.name, r.strictest]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
