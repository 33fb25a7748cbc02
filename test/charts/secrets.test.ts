/**
 * Every Secret the manifests reference is either printed by `cdk8s-compose secrets` (the chart's
 * `secrets`, with every referenced key) or one the system's README tells operators to create
 * (certificates). A mismatch would leave pods waiting for a Secret nobody can produce.
 */
import { describe, expect, it } from 'vitest';
import { buildSystemPlan } from '../../charts/build.ts';
import { planManifests } from '../../lib/k8s/plan/plan.ts';
import { systems } from '../../charts/index.ts';
import type { Manifest } from '../support/k8s.ts';
import { podSpec, workloads } from './manifests.ts';

/** Secrets the READMEs ask operators to create from certificate files. */
const CREATED_BY_HAND: Readonly<Record<string, readonly string[]>> = {
  'prod/modax': ['etc-modax-certs', 'modax-tls'],
  'prod/scip': ['nginx-ssl'],
  'prod/exoplanet': ['exoplanet-tls', 'nginx-ssl'],
  'prod/meshymcmapface': ['meshymcmapface-tls'],
  'prod/carbon-nexus': ['carbon-nexus-tls'],
};

interface Reference {
  readonly secret: string;
  readonly key?: string;
}

function references(docs: readonly Manifest[]): Reference[] {
  const fromPods = workloads(docs).flatMap((doc) => {
    const pod = podSpec(doc);
    const keys = pod.containers.flatMap((c) => (c.env ?? []).flatMap((v) => {
      const ref = v.valueFrom?.secretKeyRef;
      return ref ? [{ secret: ref.name, key: ref.key }] : [];
    }));
    const volumes = (pod.volumes ?? []).flatMap((v) => {
      const secret = v['secret'] as { secretName: string; items?: { key: string }[] } | undefined;
      if (!secret) return [];
      return secret.items ? secret.items.map((item) => ({ secret: secret.secretName, key: item.key })) : [{ secret: secret.secretName }];
    });
    return [...keys, ...volumes];
  });
  const fromIngresses = docs
    .filter((d) => d.kind === 'Ingress')
    .flatMap((d) => ((d['spec'] as { tls?: { secretName: string }[] }).tls ?? []).map((tls) => ({ secret: tls.secretName })));
  return [...fromPods, ...fromIngresses];
}

const cases = systems.flatMap((system) => Object.keys(system.environments).map((environment) => ({ system, environment })));

describe('Secrets referenced by the manifests', () => {
  it.each(cases.map((c) => [`${c.environment}/${c.system.name}`, c] as const))('%s: all can be created', (label, { system, environment }) => {
    const plan = buildSystemPlan(system, environment);
    const manifests = planManifests(plan) as unknown as Manifest[];
    const printed = new Map(plan.secrets.map((secret) => [secret.name, Object.keys(secret.stringData)]));
    const byHand = CREATED_BY_HAND[label] ?? [];
    for (const reference of references(manifests)) {
      if (byHand.includes(reference.secret)) continue;
      expect([...printed.keys()], `${label}: Secret ${reference.secret}`).toContain(reference.secret);
      if (reference.key !== undefined) expect(printed.get(reference.secret), `${label}: ${reference.secret}.${reference.key}`).toContain(reference.key);
    }
    // The hand-made list holds nothing the manifests no longer use.
    const referenced = new Set(references(manifests).map((r) => r.secret));
    for (const name of byHand) expect([...referenced], label).toContain(name);
  });
});
