import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../support/compose-text.ts';

const VPN = `services:
  vpn:
    image: qmcgaw/gluetun:v3.39
    ports: ["8080:8080"]
    volumes: ["shared:/gluetun"]
    depends_on: [db]
  torrent:
    image: linuxserver/qbittorrent:4.6.5
    network_mode: service:vpn
    expose: [8080, 6881]
    volumes: ["config:/config", "shared:/shared"]
    environment:
      DB_HOST: db
  db:
    image: postgres:16
  web:
    image: nginx:1.27
    environment:
      BACKEND: http://torrent:6881/api
volumes:
  shared: {}
  config: {}
`;

const containers = (workload: Json): string[] => workload.spec.template.spec.containers.map((container: Json) => container.name);

describe('network_mode: service:<other>', () => {
  const result = convertCompose(VPN);
  const vpn = result.object('Deployment', 'vpn');
  const pod = vpn.spec.template.spec;

  it("runs the service as a container of the other's pod: one workload, no Service, no policy of its own", () => {
    // The start order compose adds by itself for network_mode makes no sidecar: only a written depends_on does.
    expect(pod.initContainers.some((container: Json) => container.restartPolicy === 'Always')).toBe(false);
    expect(result.objects('Deployment').map((workload) => workload.metadata.name).sort()).toEqual(['db', 'vpn', 'web']);
    expect(containers(vpn)).toEqual(['vpn', 'torrent']);
    expect(result.objects('Service').map((service) => service.metadata.name)).not.toContain('torrent');
    expect(result.objects('NetworkPolicy').map((policy) => policy.metadata.name)).not.toContain('torrent-network');
    expect(result.plan.entries.find((entry) => (entry.manifest as Json).kind === 'Deployment' && (entry.manifest as Json).metadata.name === 'vpn')?.services).toEqual(['vpn', 'torrent']);
    expect(result.warningsAt('services.torrent.network_mode')).toEqual([expect.stringContaining("runs as container 'torrent' of the pod of service 'vpn'")]);
  });

  it("carries the joining service's ports on the pod's Service, each once", () => {
    expect(result.object('Service', 'vpn').spec.ports.map((port: Json) => port.port)).toEqual([8080, 6881]);
    const declared = pod.containers.flatMap((container: Json) => (container.ports ?? []).map((port: Json) => `${container.name}:${port.containerPort}`));
    expect(declared).toEqual(['vpn:8080', 'torrent:6881']);
    expect(result.warningsAt('services.torrent')).toContainEqual(expect.stringContaining("port 8080/tcp is declared by 'vpn' too"));
  });

  it("resolves references to the joining service to the pod's Service", () => {
    const env = result.object('Deployment', 'web').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'BACKEND', value: 'http://vpn:6881/api' });
  });

  it('merges the volumes into the one pod, a shared volume once, without keeping pods on one node', () => {
    expect(pod.volumes.map((volume: Json) => volume.name)).toEqual(['shared', 'config']);
    const mounts = pod.containers.map((container: Json) => container.volumeMounts.map((mount: Json) => `${mount.name}:${mount.mountPath}`));
    expect(mounts).toEqual([['shared:/gluetun'], ['config:/config', 'shared:/shared']]);
    expect(pod.affinity).toBeUndefined();
    expect(result.warnings.map((warning) => warning.message).join('\n')).not.toContain('is shared (');
  });

  it("waits for the pod's dependencies once, and never for a pod-mate", () => {
    expect(pod.initContainers.map((container: Json) => container.name)).toEqual(['wait-for-db']);
  });
});

describe('kompose.service.group', () => {
  it("puts the group's services into the pod of the one that publishes ports, a service joining a member with it", () => {
    const result = convertCompose(`services:
  nginx:
    image: nginx:1.27
    ports: ["8080:80"]
    depends_on: [logs]
    labels: [kompose.service.group=sidecar]
  logs:
    image: busybox:1.36
    command: ["tail", "-F", "/var/log/nginx/access.log"]
    labels: [kompose.service.group=sidecar]
  exporter:
    image: nginx/nginx-prometheus-exporter:1.3
    network_mode: service:logs
`);
    expect(result.objects('Deployment').map((workload) => workload.metadata.name)).toEqual(['nginx']);
    // nginx's depends_on starts logs first: a sidecar, not a wait for the pod's own Service.
    expect(containers(result.object('Deployment', 'nginx'))).toEqual(['nginx', 'exporter']);
    expect(result.object('Deployment', 'nginx').spec.template.spec.initContainers.map((container: Json) => `${container.name}:${container.restartPolicy}`)).toEqual(['logs:Always']);
    expect(result.warningsAt('services.logs.labels.kompose.service.group')).toEqual([expect.stringContaining("runs as container 'logs' of the pod of service 'nginx'")]);
  });
});

describe('a service that runs to completion', () => {
  it('keeps a pod of its own beside a server, said at its network_mode', () => {
    const result = convertCompose(`services:
  elasticsearch:
    image: elasticsearch:8.15.0
    expose: [9200]
  setup:
    image: busybox:1.36
    command: ["sh", "-c", "wget -qO- http://localhost:9200"]
    network_mode: service:elasticsearch
    deploy:
      mode: replicated-job
`);
    expect(result.objects('Job').map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^setup-/)]);
    expect(containers(result.object('Deployment', 'elasticsearch'))).toEqual(['elasticsearch']);
    expect(result.warningsAt('services.setup.network_mode')).toEqual([expect.stringContaining("'setup' runs to completion (a Job)")]);
  });
});

describe("a Job in a server's network namespace, keeping a pod of its own", () => {
  // mlflow's garage stack: garage-init (a build run once) joins storage's namespace and mounts its
  // volumes, and a volume mlflow reads. It was counted in storage's pod: it got no NetworkPolicy
  // (the default deny left it no egress, not even DNS), and its claims no common node group.
  const result = convertCompose(`services:
  storage:
    image: dxflrs/garage:v2.2.0
    volumes: ["meta:/var/lib/garage/meta"]
  init:
    image: alpine:3.19
    command: ["sh", "-c", "garage layout apply > /run/keys/env"]
    network_mode: service:storage
    restart: "no"
    volumes: ["meta:/var/lib/garage/meta", "keys:/run/keys"]
  app:
    image: ghcr.io/mlflow/mlflow:v3.8.1
    depends_on:
      init: {condition: service_completed_successfully}
    volumes: ["keys:/run/keys:ro"]
volumes:
  meta: {}
  keys: {}
`);
  const [job] = result.objects('Job');
  const group = (pod: Json): string | undefined => pod.spec.template.metadata.labels['storage.cdk8s-compose.io/node-group'];

  it('gets a NetworkPolicy of its own, on the networks of the server it joined', () => {
    const policy = result.object('NetworkPolicy', 'init-network');
    expect(policy.spec.podSelector.matchLabels['app.kubernetes.io/name']).toBe('init');
    expect(policy.spec.egress).toContainEqual({ to: [{ podSelector: { matchLabels: { 'network.cdk8s-compose.io/default': 'true' } } }] });
    expect(job.spec.template.metadata.labels['network.cdk8s-compose.io/default']).toBe('true');
  });

  it('runs on the node of every pod it shares a ReadWriteOnce claim with', () => {
    expect([group(job), group(result.object('Deployment', 'storage')), group(result.object('Deployment', 'app'))]).toEqual(['app', 'app', 'app']);
    expect(result.warnings.map((warning) => warning.message).filter((message) => message.includes("volume 'meta' is shared ("))).toEqual([expect.stringContaining('(init, storage)')]);
  });
});

describe('the pod security context of a shared pod', () => {
  // A tailscale sidecar running as root with nginx (uid 101) in its network namespace, serving port 80
  // and writing a claim: the pod's sysctls and fsGroup were the host's alone, so nginx could not bind
  // port 80 nor write its claim.
  const result = convertCompose(`services:
  ts:
    image: tailscale/tailscale:v1.80.0
    user: "0"
    cap_add: [NET_ADMIN]
    ports: ["80:80"]
  web:
    image: nginx:1.27
    network_mode: service:ts
    group_add: ["44"]
    volumes: ["html:/usr/share/nginx/html"]
volumes:
  html: {}
`);
  const pod = result.object('Deployment', 'ts').spec.template.spec;

  it("holds what each container needs: the joiner's unprivileged-port sysctl, fsGroup and groups", () => {
    expect(pod.containers.map((container: Json) => [container.name, container.securityContext.runAsUser])).toEqual([['ts', 0], ['web', 101]]);
    expect(pod.securityContext).toMatchObject({
      fsGroup: 101,
      fsGroupChangePolicy: 'OnRootMismatch',
      supplementalGroups: [44],
      sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
    });
  });
});

describe('the readiness of a pod other services join', () => {
  // The *arr apps behind gluetun: the VPN container publishes their ports and its own optional HTTP
  // proxy (8888, off by default); a probe guessed on 8888 kept the whole pod unready forever.
  const stack = `services:
  gluetun:
    image: qmcgaw/gluetun:v3.39
    cap_add: [NET_ADMIN]
    ports: ["8888:8888", "8080:8080", "7878:7878"]
  qbittorrent:
    image: linuxserver/qbittorrent:4.6.5
    network_mode: service:gluetun
  radarr:
    image: linuxserver/radarr:5.2.6
    network_mode: service:gluetun
`;

  it('is not guessed from the ports it publishes for them, and that is said', () => {
    const converted = convertCompose(stack);
    const containers: Json[] = converted.object('Deployment', 'gluetun').spec.template.spec.containers;
    expect(containers.map((container) => container.readinessProbe)).toEqual([undefined, undefined, undefined]);
    expect(converted.warningsAt('services.gluetun')).toContainEqual(
      'services.gluetun: no readiness probe: ports 8888, 8080, 7878 are published for the pod it shares with qbittorrent, radarr (network_mode: service:gluetun), and which of them answers is not known (add a healthcheck)',
    );
  });

  it('still comes from a healthcheck', () => {
    const converted = convertCompose(stack.replace('    cap_add: [NET_ADMIN]\n', '    cap_add: [NET_ADMIN]\n    healthcheck: {test: ["CMD", "/gluetun-entrypoint", "healthcheck"]}\n'));
    expect(converted.object('Deployment', 'gluetun').spec.template.spec.containers[0].readinessProbe).toMatchObject({ exec: { command: ['/gluetun-entrypoint', 'healthcheck'] } });
  });
});

describe('pod-mates a service waits for', () => {
  // An app in a VPN container's network namespace that compose starts once the VPN is healthy: its
  // containers started together, and its first connections left by the node's network.
  const result = convertCompose(`services:
  vpn:
    image: qmcgaw/gluetun:v3.39
    cap_add: [NET_ADMIN]
    healthcheck:
      test: ["CMD", "/gluetun-entrypoint", "healthcheck"]
      interval: 10s
      start_period: 30s
    depends_on: [db]
  proxy:
    image: nginx:1.27
    network_mode: service:vpn
    depends_on:
      vpn: {condition: service_healthy}
  torrent:
    image: linuxserver/qbittorrent:4.6.5
    network_mode: service:vpn
    depends_on:
      proxy: {condition: service_started}
      vpn: {condition: service_healthy}
  exporter:
    image: nginx/nginx-prometheus-exporter:1.3
    network_mode: service:vpn
  db:
    image: postgres:16
`);
  const pod = result.object('Deployment', 'vpn').spec.template.spec;

  it('starts them first, as sidecars after the mates they wait for themselves and after the pod\'s waits', () => {
    expect(pod.containers.map((container: Json) => container.name)).toEqual(['exporter', 'torrent']);
    expect(pod.initContainers.map((container: Json) => `${container.name}:${container.restartPolicy ?? '-'}`)).toEqual(['wait-for-db:-', 'vpn:Always', 'proxy:Always']);
  });

  it('gates service_healthy on a startupProbe of the healthcheck, service_started on the start alone', () => {
    const [, vpn, proxy] = pod.initContainers;
    expect(vpn.startupProbe).toMatchObject({ exec: { command: ['/gluetun-entrypoint', 'healthcheck'] }, periodSeconds: 10, failureThreshold: 6 });
    expect(vpn.readinessProbe.exec.command).toEqual(['/gluetun-entrypoint', 'healthcheck']);
    expect(proxy.startupProbe).toBeUndefined();
  });

  it('says so once per awaited service, at the first wait for it', () => {
    expect(result.warningsAt('services.proxy.depends_on.vpn')).toEqual([expect.stringContaining("'vpn' runs as a sidecar of the pod (an init container with restartPolicy: Always), so that 'proxy', 'torrent' start once its startupProbe")]);
    expect(result.warningsAt('services.torrent.depends_on.proxy')).toEqual([expect.stringContaining("'proxy' runs as a sidecar of the pod (an init container with restartPolicy: Always), so that 'torrent' starts after it")]);
  });

  it('says when a service_healthy mate has no healthcheck to gate on', () => {
    const plain = convertCompose(`services:
  ts:
    image: tailscale/tailscale:v1.80.0
  web:
    image: nginx:1.27
    network_mode: service:ts
    depends_on:
      ts: {condition: service_healthy}
`);
    const sidecar = plain.object('Deployment', 'ts').spec.template.spec.initContainers[0];
    expect(sidecar).toMatchObject({ name: 'ts', restartPolicy: 'Always' });
    expect(sidecar.startupProbe).toBeUndefined();
    expect(plain.warningsAt('services.web.depends_on.ts')).toEqual([expect.stringContaining("'ts' has no healthcheck the converter can see for service_healthy")]);
  });
});
