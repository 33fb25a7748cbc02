/**
 * Every stack we produce, applied for real to a Kubernetes 1.37 API server and scheduler on a
 * simulated managed cluster: the committed dist/ of the five systems (each environment, with the
 * Secrets their charts reference) and every project of ../shared/corpus converted by the CLI into a
 * namespace of its own. Each must be accepted and come up — replicas ready, claims Bound, Services
 * with ready endpoints, Jobs complete, nothing a kubelet would refuse — or have its findings
 * explained in expected-findings.yaml.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSystemPlan } from '../../charts/build.ts';
import { systems } from '../../charts/index.ts';
import { secretManifests } from '../../lib/k8s/output/secret-manifests.ts';
import { manifestsToYaml } from '../../lib/k8s/output/synth.ts';
import { applyAndWatch } from '../../tools/cluster/apply-and-watch.ts';
import { prerequisiteManifests } from '../../tools/cluster/prerequisites.ts';
import { composeUnit, projectArgs, UnitError, type Unit } from '../../tools/cluster/units.ts';
import { repoRoot, sharedDir } from '../support/k8s.ts';
import { adminKubectl, expectedUnits, unexplained } from './support.ts';

const kubectl = adminKubectl();

interface Verdict {
  readonly unexplainedFindings: readonly string[];
  readonly staleExpectedFindings: readonly string[];
}

async function verdict(unit: Unit | UnitError, name: string): Promise<Record<string, Verdict>> {
  const report = unit instanceof UnitError
    ? { findings: [{ object: 'conversion', namespace: '', problem: unit.message }] }
    : await applyAndWatch(kubectl, unit);
  const { findings, staleEntries } = unexplained(name, report.findings);
  return { [name]: { unexplainedFindings: findings, staleExpectedFindings: staleEntries } };
}

const working: Verdict = { unexplainedFindings: [], staleExpectedFindings: [] };

const distEnvironments = readdirSync(join(repoRoot, 'dist')).filter((name) => statSync(join(repoRoot, 'dist', name)).isDirectory()).sort();

function distUnit(system: (typeof systems)[number], environment: string): Unit {
  const manifests = readFileSync(join(repoRoot, 'dist', environment, `${system.name}.k8s.yaml`), 'utf8');
  const plan = buildSystemPlan(system, environment);
  // As the user would: the Secrets `secrets` prints, and the objects the plan lists to create.
  const secrets = [...secretManifests(plan), ...prerequisiteManifests(plan.toCreate, plan.namespace)];
  return { name: `dist/${environment}/${system.name}`, manifests, ...(secrets.length ? { secrets: manifestsToYaml(secrets) } : {}) };
}

describe.concurrent('dist/: the five documented systems', () => {
  // One test per system: its environments share the system's namespace, so they run one after another.
  for (const system of systems) {
    const environments = distEnvironments.filter((environment) => existsSync(join(repoRoot, 'dist', environment, `${system.name}.k8s.yaml`)));
    it(`${system.name} (${environments.join(', ')})`, async () => {
      const verdicts: Record<string, Verdict> = {};
      for (const environment of environments) {
        Object.assign(verdicts, await verdict(distUnit(system, environment), `dist/${environment}/${system.name}`));
      }
      expect(verdicts).toEqual(Object.fromEntries(Object.keys(verdicts).map((name) => [name, working])));
    });
  }
});

function corpusProjects(corpus: string): { name: string; dir: string; args: string[] }[] {
  const root = join(sharedDir, 'corpus', corpus);
  if (!existsSync(root)) return [];
  return readdirSync(root).sort().flatMap((name) => {
    const dir = join(root, name);
    const args = statSync(dir).isDirectory() ? projectArgs(dir) : undefined;
    return args ? [{ name, dir, args }] : [];
  });
}

function namespaceFor(corpus: string, name: string): string {
  return `${corpus === 'realworld' ? 'rw' : 'ac'}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 63).replace(/-+$/, '');
}

for (const corpus of ['awesome-compose', 'realworld']) {
  const projects = corpusProjects(corpus);
  describe.concurrent(`../shared/corpus/${corpus}`, () => {
    if (projects.length === 0) {
      it.skip(`../shared/corpus/${corpus} is absent: nothing to apply`, () => {});
      return;
    }
    for (const project of projects) {
      const name = `${corpus}/${project.name}`;
      it(project.name, async () => {
        const unit = await composeUnit(name, project.dir, project.args, namespaceFor(corpus, project.name)).catch((error: unknown) => {
          if (error instanceof UnitError) return error;
          throw error;
        });
        expect(await verdict(unit, name)).toEqual({ [name]: working });
      });
    }
  });
}

describe('expected-findings.yaml', () => {
  it('names only units this suite applies', () => {
    const known = new Set([
      ...systems.flatMap((system) => distEnvironments.map((environment) => `dist/${environment}/${system.name}`)),
      ...['awesome-compose', 'realworld'].flatMap((corpus) => corpusProjects(corpus).map((project) => `${corpus}/${project.name}`)),
    ]);
    // A corpus absent here (../shared not beside the checkout) is skipped above: its units cannot be known.
    const absent = ['awesome-compose', 'realworld'].filter((corpus) => corpusProjects(corpus).length === 0);
    expect(expectedUnits().filter((unit) => !known.has(unit) && !absent.some((corpus) => unit.startsWith(`${corpus}/`)))).toEqual([]);
  });
});
