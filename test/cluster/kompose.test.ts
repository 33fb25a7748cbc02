/**
 * A project written for Kompose (issue 19 item 4), converted by the CLI and applied to a real
 * Kubernetes 1.37 API server, controller manager and scheduler with kwok nodes: services sharing a
 * pod (`network_mode: service:x`, `kompose.service.group`), Kompose's labels for a NodePort with
 * its node port and traffic policy, an Ingress with several hosts and its own TLS Secret, a
 * HorizontalPodAutoscaler, an image pull Secret and a volume subPath. The stack must come up
 * without findings, and the objects the API server stores must say what the labels asked.
 * kwok simulates containers: that the two containers of a pod reach each other on localhost is
 * the kernel's doing and not shown here; that they are one pod, scheduled once, with one Service
 * carrying both containers' ports and endpoints, is.
 */
import { describe, expect, it } from 'vitest';
import { getItems, type KubeObject } from '../../tools/cluster/kubectl.ts';
import { adminKubectl, appliedStack } from './support.ts';

const kubectl = adminKubectl();
const NAMESPACE = 'kompose';

const compose = {
  services: {
    vpn: {
      image: 'qmcgaw/gluetun:v3.39.1',
      ports: ['8080:8080'],
      labels: {
        'kompose.service.type': 'nodeport',
        'kompose.service.nodeport.port': '30080',
        'kompose.service.external-traffic-policy': 'local',
        'kompose.image-pull-secret': 'registry-key',
      },
    },
    torrent: { image: 'linuxserver/qbittorrent:4.6.5', network_mode: 'service:vpn', expose: [6881] },
    web: {
      image: 'nginx:1.27.3',
      ports: ['8081:80'],
      environment: { BACKEND: 'http://torrent:6881/api' },
      labels: [
        'kompose.service.expose=shop.example.com,www.example.com/shop',
        'kompose.service.expose.tls-secret=shop-tls',
        'kompose.hpa.cpu=70',
        'kompose.hpa.replicas.min=2',
        'kompose.hpa.replicas.max=4',
        'kompose.service.group=front',
      ],
    },
    exporter: { image: 'nginx/nginx-prometheus-exporter:1.3.0', labels: ['kompose.service.group=front'] },
    db: {
      image: 'postgres:16.6',
      environment: { POSTGRES_PASSWORD_FILE: '/run/secrets/db' },
      volumes: ['data:/var/lib/postgresql/data'],
      labels: { 'kompose.volume.sub-path': 'pgdata', 'kompose.volume.size': '2Gi', 'kompose.security-context.fsgroup': '999' },
    },
  },
  volumes: { data: {} },
};

describe('a Kompose project on a real cluster', () => {
  const stack = appliedStack(NAMESPACE, compose);
  const get = async (kind: string, name: string): Promise<KubeObject> => (await getItems(kubectl, [kind, name, '-n', NAMESPACE]))[0] as KubeObject;

  it('comes up without findings', () => {
    expect(stack.report().findings).toEqual([]);
  });

  it('runs the services that share a pod as one pod each, with both containers, ready', async () => {
    const deployments = await getItems(kubectl, ['deployments', '-n', NAMESPACE]);
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual(['vpn', 'web']);
    for (const [name, containers] of [['vpn', ['vpn', 'torrent']], ['web', ['web', 'exporter']]] as const) {
      const pods = await getItems(kubectl, ['pods', '-n', NAMESPACE, '-l', `app.kubernetes.io/name=${name}`]);
      expect(pods.length).toBeGreaterThan(0);
      for (const pod of pods) {
        expect(pod.spec.containers.map((container: { name: string }) => container.name)).toEqual(containers);
        expect(pod.status.containerStatuses.every((status: { ready: boolean }) => status.ready)).toBe(true);
      }
    }
  });

  it("carries the joining service's port on the pod's Service, with ready endpoints, and points references at it", async () => {
    const service = await get('service', 'vpn');
    expect(service.spec.ports.map((port: { port: number }) => port.port).sort()).toEqual([6881, 8080]);
    const slices = await getItems(kubectl, ['endpointslices', '-n', NAMESPACE, '-l', 'kubernetes.io/service-name=vpn']);
    const ports = slices.flatMap((slice) => (slice.ports ?? []).map((port: { port: number }) => port.port)).sort();
    expect(ports).toEqual([6881, 8080]);
    expect(slices.flatMap((slice) => slice.endpoints ?? []).every((endpoint: { conditions: { ready: boolean } }) => endpoint.conditions.ready)).toBe(true);
    const web = await get('deployment', 'web');
    expect(web.spec.template.spec.containers[0].env).toContainEqual({ name: 'BACKEND', value: 'http://vpn:6881/api' });
  });

  it('allocates the node port the label names, with the traffic policy it names', async () => {
    const service = await get('service', 'vpn-public');
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.externalTrafficPolicy).toBe('Local');
    expect(service.spec.ports.map((port: { nodePort: number }) => port.nodePort)).toEqual([30080]);
  });

  it('stores one Ingress with both hosts, each path, and the TLS Secret', async () => {
    const ingress = await get('ingress', 'web');
    expect(ingress.spec.rules.map((rule: { host: string }) => rule.host)).toEqual(['shop.example.com', 'www.example.com']);
    expect(ingress.spec.rules[1].http.paths[0].path).toBe('/shop');
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com', 'www.example.com'], secretName: 'shop-tls' }]);
  });

  it('stores an autoscaling/v2 HorizontalPodAutoscaler of the Deployment, which the controller takes up', async () => {
    const hpa = await get('hpa', 'web');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 4, scaleTargetRef: { kind: 'Deployment', name: 'web' } });
    // The controller reads the target's scale subresource; without a metrics server it cannot compute CPU use.
    await expect.poll(async () => ((await get('hpa', 'web')).status?.conditions ?? []).map((condition: { type: string }) => condition.type), { timeout: 60_000, interval: 2000 }).toContain('AbleToScale');
  });

  it('mounts the volume subPath, pulls with the pull Secret, and sets the fsGroup', async () => {
    const db = (await get('statefulset', 'db')).spec.template.spec;
    expect(db.containers[0].volumeMounts).toContainEqual(expect.objectContaining({ mountPath: '/var/lib/postgresql/data', subPath: 'pgdata' }));
    expect(db.securityContext.fsGroup).toBe(999);
    expect((await get('pvc', 'data-db-0')).spec.resources.requests.storage).toBe('2Gi');
    expect((await get('deployment', 'vpn')).spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-key' }]);
    await get('secret', 'registry-key');
  });
});
