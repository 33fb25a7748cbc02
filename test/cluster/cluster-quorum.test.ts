/**
 * An etcd cluster whose healthcheck (`etcdctl endpoint health`) passes only with a quorum. In
 * compose the members reach each other whatever their health; on Kubernetes a member reaches the
 * others through their Services, which until 2026-12-07 answered only with ready pods: a member was
 * ready only once the others were reachable, so none ever was. On the real API server and
 * controllers, a member whose pod is not ready still answers through its Service (its endpoint is
 * published), while the Service that what waits for it to be healthy dials lists it as not ready.
 */
import { describe, expect, it } from 'vitest';
import { getItems } from '../../tools/cluster/kubectl.ts';
import { appliedStack, adminKubectl } from './support.ts';

const namespace = 'cluster-quorum';
const etcd = (id: number): object => ({
  image: 'quay.io/coreos/etcd:v3.5.15',
  command: `etcd --name etcd${id} --listen-peer-urls http://0.0.0.0:2380 --listen-client-urls http://0.0.0.0:2379 --advertise-client-urls http://etcd${id}:2379 --initial-advertise-peer-urls http://etcd${id}:2380 --initial-cluster etcd1=http://etcd1:2380,etcd2=http://etcd2:2380,etcd3=http://etcd3:2380`,
  healthcheck: { test: ['CMD', 'etcdctl', 'endpoint', 'health'], interval: '5s' },
});

const stack = appliedStack(namespace, {
  services: {
    etcd1: etcd(1),
    etcd2: etcd(2),
    etcd3: etcd(3),
    app: { image: 'nginx:1.27', environment: { ETCD: 'http://etcd1:2379' }, depends_on: { etcd1: { condition: 'service_healthy' } } },
  },
});

interface EndpointSlice {
  readonly endpoints?: readonly { readonly conditions?: { readonly ready?: boolean } }[];
}

async function endpointReadiness(service: string): Promise<boolean[]> {
  const slices = await getItems<EndpointSlice>(adminKubectl(), ['endpointslices', '-n', namespace, '-l', `kubernetes.io/service-name=${service}`]);
  return slices.flatMap((slice) => slice.endpoints ?? []).map((endpoint) => endpoint.conditions?.ready === true);
}

/** Polls until `check` holds (the endpoint controllers follow a pod's readiness a moment later). */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 30; attempt++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}

describe('a cluster whose health needs a quorum, on a real API server', () => {
  it('comes up, and a member that is not ready still answers its peers by name', async () => {
    expect(stack.report().findings).toEqual([]);
    const kubectl = adminKubectl();
    const [pod] = await getItems<{ metadata: { name: string } }>(kubectl, ['pods', '-n', namespace, '-l', 'app.kubernetes.io/name=etcd1']);
    expect(pod).toBeDefined();
    // What a failing healthcheck does to the pod (kwok marks pods ready once, when they start).
    const notReady = JSON.stringify({ status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'ContainersReady', status: 'False' }] } });
    const patched = await kubectl(['patch', 'pod', pod!.metadata.name, '-n', namespace, '--subresource=status', '--type=strategic', '-p', notReady]);
    expect(patched.code, patched.stderr).toBe(0);
    expect(await eventually(async () => (await endpointReadiness('etcd1-ready')).join() === 'false')).toBe(true);
    expect(await endpointReadiness('etcd1')).toEqual([true]);
    expect(await endpointReadiness('etcd2')).toEqual([true]);
  });
});
