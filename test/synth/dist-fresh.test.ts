/**
 * The committed dist/ is what `npm run synth` writes now: re-synthesize into a temp dir with the
 * same writer and compare byte by byte. The committed files were reviewed, so this doubles as the
 * snapshot test of every system and environment.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { environmentNames } from '../../charts/build.ts';
import { systems } from '../../charts/index.ts';
import { distDir, freshTree, readTree } from './dist.ts';

const STALE = 'dist/ is stale: run npm run synth';

describe('dist/', () => {
  const fresh = freshTree();
  const committed = readTree(distDir);

  it('holds exactly the files a synthesis writes', () => {
    expect(Object.keys(committed).sort(), STALE).toEqual(Object.keys(fresh).sort());
  });

  it('has every system in dev and prod, and a kustomization per environment', () => {
    for (const environment of ['dev', 'prod']) {
      for (const system of systems) expect(Object.keys(fresh)).toContain(`${environment}/${system.name}.k8s.yaml`);
    }
  });

  it.each(environmentNames(systems))('%s/kustomization.yaml lists exactly the manifests of its environment', (environment) => {
    const kustomization = parse(fresh[`${environment}/kustomization.yaml`] ?? '') as { kind: string; resources: string[] };
    const manifests = Object.keys(fresh)
      .filter((file) => file.startsWith(`${environment}/`) && file.endsWith('.k8s.yaml'))
      .map((file) => file.slice(environment.length + 1));
    expect(kustomization.kind).toBe('Kustomization');
    expect([...kustomization.resources].sort()).toEqual(manifests.sort());
  });

  it.each(Object.keys(fresh).sort())('%s is up to date', (file) => {
    expect(committed[file], STALE).toBe(fresh[file]);
  });
});
