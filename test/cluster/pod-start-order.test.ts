/**
 * Apps in a VPN container's network namespace (`network_mode: service:gluetun`) that compose starts
 * only once the VPN is healthy. On the real API server the VPN container is a native sidecar (an
 * init container with restartPolicy: Always and a startupProbe from its healthcheck), which the
 * kubelet starts and probes before the apps; the pod's Service still routes the port the sidecar
 * declares by name.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAndWatch } from '../../tools/cluster/apply-and-watch.ts';
import { getItems } from '../../tools/cluster/kubectl.ts';
import { composeUnit } from '../../tools/cluster/units.ts';
import { scratchProject } from './support.ts';

const { kubectl, namespace, directory } = scratchProject('pod-start-order');

interface Container {
  readonly name: string;
  readonly restartPolicy?: string;
  readonly startupProbe?: { readonly exec?: { readonly command: readonly string[] } };
}
interface Pod {
  readonly spec: { readonly containers: readonly Container[]; readonly initContainers?: readonly Container[] };
}
interface EndpointSlice {
  readonly ports?: readonly { readonly name?: string; readonly port?: number }[];
  readonly endpoints?: readonly { readonly conditions?: { readonly ready?: boolean } }[];
}

describe('pod-mates one waits for, on a real API server', () => {
  it('starts the awaited VPN container first as a sidecar, and its Service still routes its port', async () => {
    writeFileSync(
      join(directory, 'compose.yaml'),
      `services:
  gluetun:
    image: qmcgaw/gluetun:v3.39
    cap_add: [NET_ADMIN]
    ports: ["8080:8080"]
    healthcheck:
      test: ["CMD", "/gluetun-entrypoint", "healthcheck"]
      interval: 10s
  qbittorrent:
    image: linuxserver/qbittorrent:4.6.5
    network_mode: service:gluetun
    expose: [8989]
    depends_on:
      gluetun: {condition: service_healthy, restart: true}
`,
    );
    const unit = await composeUnit(namespace, directory, ['-f', 'compose.yaml'], namespace);
    expect(unit.warnings).toContain("'gluetun' runs as a sidecar of the pod");
    const report = await applyAndWatch(kubectl, unit, { timeoutMs: 60_000, settleMs: 5_000 });
    expect(report.findings).toEqual([]);
    const [pod] = await getItems<Pod>(kubectl, ['pods', '-n', namespace, '-l', 'app.kubernetes.io/name=gluetun']);
    expect(pod?.spec.containers.map((container) => container.name)).toEqual(['qbittorrent']);
    const sidecar = pod?.spec.initContainers?.at(-1);
    expect(sidecar?.name).toBe('gluetun');
    expect(sidecar?.restartPolicy).toBe('Always');
    expect(sidecar?.startupProbe?.exec?.command).toEqual(['/gluetun-entrypoint', 'healthcheck']);
    // The endpoints controller resolves the named target port in the sidecar, a moment after the pod is ready.
    let slices: EndpointSlice[] = [];
    for (let attempt = 0; attempt < 30; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
      slices = await getItems<EndpointSlice>(kubectl, ['endpointslices', '-n', namespace, '-l', 'kubernetes.io/service-name=gluetun']);
      if (slices.some((slice) => slice.endpoints?.some((endpoint) => endpoint.conditions?.ready === true))) break;
    }
    expect(slices.flatMap((slice) => slice.ports ?? []).map((port) => `${port.name}:${port.port}`).sort()).toEqual(['tcp-8080:8080', 'tcp-8989:8989']);
    expect(slices.flatMap((slice) => slice.endpoints ?? []).filter((endpoint) => endpoint.conditions?.ready === true)).toHaveLength(1);
  });
});
