/**
 * Applying the same manifests again, as a GitOps tool does at every sync, on the real API server:
 * it changes nothing, and it leaves the replicas of an autoscaled workload to its autoscaler.
 * Before, the Deployment of an autoscaled service carried `replicas`, and every apply scaled the
 * pods the HorizontalPodAutoscaler had added back down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeUnit, type Unit } from '../../tools/cluster/units.ts';
import { adminKubectl } from './support.ts';

const kubectl = adminKubectl();
const NAMESPACE = 'reapply';
const COMPOSE = `services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    deploy:
      replicas: 2
      resources: {reservations: {cpus: "0.1", memory: 64M}}
    x-kubernetes:
      autoscale: {max: 6, cpu: 70}
  worker:
    image: x/worker:1
    deploy:
      replicas: 2
`;

const directory = mkdtempSync(join(tmpdir(), 'reapply-'));
let unit: Unit;

async function apply(mode: 'client-side' | 'server-side'): Promise<string> {
  const args = mode === 'server-side' ? ['apply', '--server-side', '--field-manager', 'cdk8s-compose', '-f', '-'] : ['apply', '-f', '-'];
  const applied = await kubectl(args, unit.manifests);
  if (applied.code !== 0) throw new Error(`${mode} apply: ${applied.stderr}`);
  return applied.stdout;
}

async function replicas(name: string): Promise<number> {
  const got = await kubectl(['get', 'deployment', name, '-n', NAMESPACE, '-o', 'jsonpath={.spec.replicas}']);
  if (got.code !== 0) throw new Error(got.stderr);
  return Number(got.stdout);
}

/** Each object's generation, which counts the changes of its spec (status updates do not). */
async function generations(): Promise<string> {
  const kinds = 'deployments,services,poddisruptionbudgets,horizontalpodautoscalers,networkpolicies,configmaps';
  const got = await kubectl(['get', kinds, '-n', NAMESPACE, '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.generation}{"\\n"}{end}']);
  if (got.code !== 0) throw new Error(got.stderr);
  return got.stdout;
}

describe('applying the manifests again, on a real API server', () => {
  beforeAll(async () => {
    writeFileSync(join(directory, 'compose.yaml'), COMPOSE);
    unit = await composeUnit(NAMESPACE, directory, ['-f', 'compose.yaml'], NAMESPACE);
  });

  afterAll(async () => {
    await kubectl(['delete', 'namespace', NAMESPACE, '--wait=false', '--ignore-not-found']);
    rmSync(directory, { recursive: true, force: true });
  });

  it('changes no object, client-side or server-side, and keeps the replicas an autoscaler set', async () => {
    await apply('client-side');
    expect(await replicas('worker')).toBe(2);
    // The Deployment starts at Kubernetes' default of 1; the autoscaler's controller raises it to
    // its minimum, the replicas compose asks for.
    for (let waited = 0; (await replicas('web')) !== 2; waited += 500) {
      if (waited > 60_000) throw new Error(`the autoscaler did not raise web to 2 replicas (${await replicas('web')})`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // What the autoscaler does under load (no metrics here, so done by hand).
    const scaled = await kubectl(['scale', 'deployment', 'web', '-n', NAMESPACE, '--replicas=5']);
    expect(scaled.stderr).toBe('');
    const before = await generations();
    // kubectl reports a PodDisruptionBudget "configured" at every apply (it always sends its
    // selector, whose patch strategy is replace): the generations tell what really changed.
    await apply('client-side');
    expect(await generations()).toBe(before);
    expect(await replicas('web')).toBe(5);
    // The first server-side apply takes the objects over from client-side apply and drops its
    // last-applied annotation, which a Deployment's generation counts: the second must change nothing.
    await apply('server-side');
    const serverSide = await generations();
    await apply('server-side');
    expect(await generations()).toBe(serverSide);
    expect(await replicas('web')).toBe(5);
    expect(await replicas('worker')).toBe(2);
  });
});
