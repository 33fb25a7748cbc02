/**
 * A network alias several services hold (Loki's getting-started: read and write both answer to
 * `loki`, which their memberlist joins): compose's DNS answers the name with every holder's
 * container. On the real API server the alias Service is headless and its endpoints list the pods
 * of both services, so cluster DNS answers `loki` with each one's address; neither pod carries the
 * alias as its hostname (which would make each resolve it to itself alone: two rings).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAndWatch } from '../../tools/cluster/apply-and-watch.ts';
import { getItems } from '../../tools/cluster/kubectl.ts';
import { composeUnit } from '../../tools/cluster/units.ts';
import { scratchProject } from './support.ts';

const { kubectl, namespace, directory } = scratchProject('shared-network-alias');

interface Pod {
  readonly metadata: { readonly labels?: Readonly<Record<string, string>> };
  readonly spec: { readonly hostname?: string };
}
interface EndpointSlice {
  readonly endpoints?: readonly { readonly conditions?: { readonly ready?: boolean }; readonly targetRef?: { readonly name?: string } }[];
}

describe('a network alias two services share, on a real API server', () => {
  it("answers the alias with the pods of both through one headless Service", async () => {
    writeFileSync(
      join(directory, 'compose.yaml'),
      `services:
  read:
    image: grafana/loki:3.4.2
    command: ["-config.file=/etc/loki/config.yaml", "-target=read", "-memberlist.join=loki:7946"]
    networks: &loki-dns
      loki:
        aliases: [loki]
  write:
    image: grafana/loki:3.4.2
    command: ["-config.file=/etc/loki/config.yaml", "-target=write", "-memberlist.join=loki:7946"]
    networks:
      <<: *loki-dns
networks:
  loki:
`,
    );
    const unit = await composeUnit(namespace, directory, ['-f', 'compose.yaml'], namespace);
    const report = await applyAndWatch(kubectl, unit, { timeoutMs: 60_000, settleMs: 10_000 });
    expect(report.findings).toEqual([]);
    const [service] = await getItems<{ spec: { clusterIP?: string } }>(kubectl, ['service/loki', '-n', namespace]);
    expect(service?.spec.clusterIP).toBe('None');
    const pods = await getItems<Pod>(kubectl, ['pods', '-n', namespace, '-l', 'alias.cdk8s-compose.io/loki=true']);
    expect(pods.map((pod) => pod.metadata.labels?.['app.kubernetes.io/name']).sort()).toEqual(['read', 'write']);
    expect(pods.map((pod) => pod.spec.hostname)).not.toContain('loki');
    // The endpoints controller follows the pods' readiness a moment later.
    let ready: string[] = [];
    for (let attempt = 0; attempt < 30 && ready.length < 2; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
      const slices = await getItems<EndpointSlice>(kubectl, ['endpointslices', '-n', namespace, '-l', 'kubernetes.io/service-name=loki']);
      ready = slices.flatMap((slice) => slice.endpoints ?? []).filter((endpoint) => endpoint.conditions?.ready === true).map((endpoint) => endpoint.targetRef?.name ?? '');
    }
    expect(ready.map((name) => name.replace(/-[a-z0-9]+-[a-z0-9]+$/, '')).sort()).toEqual(['read', 'write']);
    expect(unit.warnings).toContain("network alias 'loki' is shared by services read, write");
  });
});
