import { describe, expect, it } from 'vitest';
import { convertCompose, type Json } from '../support/compose-text.ts';

function mountAt(converted: ReturnType<typeof convertCompose>, service: string, path: string): Json {
  const container = converted.object('Deployment', service).spec.template.spec.containers[0];
  return container.volumeMounts.find((mount: Json) => mount.mountPath === path);
}

describe('bind propagation', () => {
  // buildbarn/bb-deployments: the privileged FUSE worker mounts its build directories below /worker
  // (propagation shared) and the runner sees them (propagation slave) on the same host folder.
  it("becomes mountPropagation on the claim both pods mount: Bidirectional for the privileged worker, HostToContainer for the runner", () => {
    const stack = convertCompose(`services:
  worker:
    image: ghcr.io/buildbarn/bb-worker:20240126T140954Z-fe4cf5d
    privileged: true
    volumes:
      - {type: bind, source: ./volumes/worker, target: /worker, bind: {propagation: shared}}
  runner:
    image: ghcr.io/catthehacker/ubuntu:act-22.04
    command: [sh, -c, "exec /bb/bb_runner /config/runner.jsonnet"]
    volumes:
      - ./volumes/worker:/worker:rslave
`);
    expect(mountAt(stack, 'worker', '/worker').mountPropagation).toBe('Bidirectional');
    expect(mountAt(stack, 'runner', '/worker').mountPropagation).toBe('HostToContainer');
    expect(stack.warnings.join('\n')).not.toContain('propagation');
  });

  it('receives only in a container that is not privileged, said once, and is not carried by a ConfigMap', () => {
    const stack = convertCompose(
      `services:
  app:
    image: example/app:1
    volumes:
      - {type: bind, source: ./data, target: /data, bind: {propagation: rshared}}
      - ./conf:/conf:rshared
      - ./other:/other:rprivate
`,
      { 'conf/app.conf': 'a=1\n' },
    );
    expect(mountAt(stack, 'app', '/data').mountPropagation).toBe('HostToContainer');
    expect(mountAt(stack, 'app', '/conf').mountPropagation).toBeUndefined();
    expect(mountAt(stack, 'app', '/other').mountPropagation).toBeUndefined();
    expect(stack.warningsAt('services.app.volumes.0')).toContain(
      'services.app.volumes.0.bind.propagation: bind.propagation rshared becomes mountPropagation: HostToContainer, as Kubernetes propagates a container\'s own mounts out (Bidirectional) only from a privileged container: mounts this container makes below /data stay in it (set privileged: true to propagate them)',
    );
    expect(stack.warningsAt('services.app.volumes.1')).toContain(
      "services.app.volumes.1: bind.propagation rshared is not translated: /conf is not mounted from a claim or hostPath of the node's storage (its files are shipped as a ConfigMap or Secret, it is an emptyDir, or it is not mounted), which holds no mounts of the host to propagate",
    );
    expect(stack.warningsAt('services.app.volumes.2').join('\n')).not.toContain('propagation');
  });

  // uptrace's node_exporter (rw17ua): `/:/host:ro,rslave`, the node's root, mounted only by opt-in.
  it("is HostToContainer on the node's root mounted as a hostPath (allowHostPath)", () => {
    const exporter = (options: string) =>
      convertCompose(`services:
  node_exporter:
    image: quay.io/prometheus/node-exporter:v1.9.1
    command: ['--path.rootfs=/host']
    volumes: ['/:/host:ro,rslave']
${options}`);
    const allowed = exporter('    x-kubernetes: {allowHostPath: true}\n');
    expect(mountAt(allowed, 'node-exporter', '/host')).toEqual({ name: expect.any(String), mountPath: '/host', readOnly: true, mountPropagation: 'HostToContainer' });
    expect(exporter('').warningsAt('services.node_exporter.volumes.0')).toContain(
      "services.node_exporter.volumes.0: bind.propagation rslave is not translated: /host is not mounted from a claim or hostPath of the node's storage (its files are shipped as a ConfigMap or Secret, it is an emptyDir, or it is not mounted), which holds no mounts of the host to propagate",
    );
  });
});
