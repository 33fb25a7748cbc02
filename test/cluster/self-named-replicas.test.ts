/**
 * A replicated service that calls itself by name (SonarQube's SONAR_CLUSTER_HOSTS=sonarqube): in
 * compose the name resolves to every replica. On the real API server the converted Service is
 * headless and its endpoints list every ready pod, so cluster DNS answers the name with each
 * replica's address; no pod carries the name as its hostname (which would answer with itself alone).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAndWatch } from '../../tools/cluster/apply-and-watch.ts';
import { getItems } from '../../tools/cluster/kubectl.ts';
import { composeUnit } from '../../tools/cluster/units.ts';
import { scratchProject } from './support.ts';

const { kubectl, namespace, directory } = scratchProject('self-named-replicas');

interface Pod {
  readonly spec: { readonly hostname?: string };
}
interface EndpointSlice {
  readonly endpoints?: readonly { readonly conditions?: { readonly ready?: boolean } }[];
}

describe('a replicated service that names itself, on a real API server', () => {
  it('answers its name with every ready pod through a headless Service', async () => {
    writeFileSync(
      join(directory, 'compose.yaml'),
      `services:
  sonarqube:
    image: sonarqube:10.7-datacenter-app
    expose: ["9000"]
    deploy: {replicas: 3}
    environment: {SONAR_CLUSTER_HOSTS: "sonarqube"}
`,
    );
    const unit = await composeUnit(namespace, directory, ['-f', 'compose.yaml'], namespace);
    expect(unit.warnings).toContain("Service 'sonarqube' is headless instead");
    const report = await applyAndWatch(kubectl, unit, { timeoutMs: 60_000, settleMs: 10_000 });
    expect(report.findings).toEqual([]);
    const [service] = await getItems<{ spec: { clusterIP?: string } }>(kubectl, ['service/sonarqube', '-n', namespace]);
    expect(service?.spec.clusterIP).toBe('None');
    const pods = await getItems<Pod>(kubectl, ['pods', '-n', namespace, '-l', 'app.kubernetes.io/name=sonarqube']);
    expect(pods.map((pod) => pod.spec.hostname)).toEqual([undefined, undefined, undefined]);
    // The endpoints controller follows the pods' readiness a moment later.
    let ready = 0;
    for (let attempt = 0; attempt < 30 && ready < 3; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
      const slices = await getItems<EndpointSlice>(kubectl, ['endpointslices', '-n', namespace, '-l', 'kubernetes.io/service-name=sonarqube']);
      ready = slices.flatMap((slice) => slice.endpoints ?? []).filter((endpoint) => endpoint.conditions?.ready === true).length;
    }
    expect(ready).toBe(3);
  });
});
