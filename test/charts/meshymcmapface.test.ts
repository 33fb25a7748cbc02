/** The facts of the MeshyMcMapface Docker Container Architecture Plan that must survive the translation. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshymcmapface } from '../../charts/meshymcmapface/index.ts';
import type { Manifest } from '../support/k8s.ts';
import { container, envOf, podSpec, servicePorts, synthSystem, waitsFor, workload, workloads } from './manifests.ts';

const DIALOUT = 20;

/** What the agent needs for its radio: the device-plugin resource, non-root in dialout, never privileged. */
function expectUnprivilegedRadioAccess(docs: readonly Manifest[], agent: string, resource: string): void {
  const c = container(docs, agent);
  expect(c.resources?.limits?.[resource]).toBe(1);
  expect(c.resources?.requests?.[resource]).toBe(1);
  // The Dockerfile's system user (999), whose home holds the Python packages, in Option 3's dialout group.
  expect(c.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: DIALOUT, runAsNonRoot: true, allowPrivilegeEscalation: false });
  expect(c.securityContext?.['privileged']).not.toBe(true);
  expect(podSpec(workload(docs, agent)).securityContext?.supplementalGroups).toContain(DIALOUT);
  const volumes = JSON.stringify(podSpec(workload(docs, agent)).volumes ?? []);
  expect(volumes).not.toContain('hostPath');
}

function expectReadOnlyConfig(docs: readonly Manifest[], name: string, path: string): void {
  const mount = container(docs, name).volumeMounts?.find((m) => m.mountPath === path);
  expect(mount?.readOnly, `${name} ${path}`).toBe(true);
  expect(podSpec(workload(docs, name)).volumes?.find((v) => v.name === mount?.name), `${name} ${path}`).toHaveProperty('configMap');
}

function expectServerHealthcheck(docs: readonly Manifest[]): void {
  const server = container(docs, 'server');
  expect(server.readinessProbe?.httpGet).toMatchObject({ path: '/api/stats', port: 8082 });
  expect(server.readinessProbe).toMatchObject({ periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 });
  expect(server.startupProbe?.httpGet).toMatchObject({ path: '/api/stats', port: 8082 });
}

describe.each(['dev', 'prod'])('meshymcmapface %s (section 3.1 with Option 3 device permissions)', (environment) => {
  const docs = synthSystem(meshymcmapface, environment);

  it('serves the dashboard on 8082 with the documented health check', () => {
    expect(servicePorts(docs, 'server')).toEqual([8082]);
    expectServerHealthcheck(docs);
  });

  it('gives the agent its USB radio through the device plugin, as a non-root dialout member', () => {
    expectUnprivilegedRadioAccess(docs, 'agent', 'squat.ai/serial');
  });

  it('starts the agent once the server answers', () => {
    expect(waitsFor(docs, 'agent')).toEqual(['server']);
  });

  it('mounts the configuration files read-only', () => {
    expectReadOnlyConfig(docs, 'server', '/config/server_config.ini');
    expectReadOnlyConfig(docs, 'agent', '/config/multi_agent_config.ini');
  });

  it('keeps the time zone of the document', () => {
    expect(envOf(container(docs, 'server'))['TZ']?.value).toBe('America/Chicago');
  });

  it('keeps the server\'s SQLite data (/data) on a persistent volume', () => {
    const mount = container(docs, 'server').volumeMounts?.find((m) => m.mountPath === '/data');
    expect(mount).toBeDefined();
    const spec = workload(docs, 'server')['spec'] as { volumeClaimTemplates?: { metadata: { name: string } }[] };
    const claim = podSpec(workload(docs, 'server')).volumes?.find((v) => v.name === mount?.name)?.['persistentVolumeClaim'] ??
      spec.volumeClaimTemplates?.find((t) => t.metadata.name === mount?.name);
    expect(claim).toBeDefined();
  });
});

describe('meshymcmapface prod (Swarm placement of section 9.3, secret of section 8.3)', () => {
  const docs = synthSystem(meshymcmapface, 'prod');

  it('runs one agent on every node labelled meshtastic=true', () => {
    const agent = workload(docs, 'agent');
    expect(agent.kind).toBe('DaemonSet');
    expect(podSpec(agent).nodeSelector).toEqual({ meshtastic: 'true' });
  });

  it("names each agent after its node (AGENT_ID from the downward API), not all agent-001", () => {
    expect(envOf(container(docs, 'agent'))['AGENT_ID']).toEqual({ name: 'AGENT_ID', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
  });

  it('prefers a control-plane node for the single server without requiring one (managed clusters have none)', () => {
    const server = workload(docs, 'server');
    expect((server['spec'] as { replicas: number }).replicas).toBe(1);
    const { nodeAffinity } = podSpec(server).affinity as { nodeAffinity: Record<string, unknown> };
    expect(nodeAffinity['requiredDuringSchedulingIgnoredDuringExecution']).toBeUndefined();
    expect(JSON.stringify(nodeAffinity['preferredDuringSchedulingIgnoredDuringExecution'])).toContain('node-role.kubernetes.io/control-plane');
    expect(JSON.stringify(podSpec(server).tolerations)).toContain('node-role.kubernetes.io/control-plane');
  });

  it('mounts the agent API key from a Secret at the path API_KEY_FILE names', () => {
    const agent = container(docs, 'agent');
    expect(envOf(agent)['API_KEY_FILE']?.value).toBe('/run/secrets/agent_api_key');
    const mount = agent.volumeMounts?.find((m) => m.mountPath === '/run/secrets/agent_api_key');
    expect(podSpec(workload(docs, 'agent')).volumes?.find((v) => v.name === mount?.name)).toHaveProperty('secret');
    const key = readFileSync(join(meshymcmapface.directory, 'secrets', 'agent_api_key.txt'), 'utf8');
    expect(JSON.stringify(docs)).not.toContain(key);
  });
});

describe('meshymcmapface multi-agent (section 3.2)', () => {
  const docs = synthSystem(meshymcmapface, 'multi-agent');

  it('runs two agents, each with its own radio resource, id and configuration', () => {
    expect(workloads(docs).map((w) => w.metadata.name).sort()).toEqual(['agent-001', 'agent-002', 'server']);
    expectUnprivilegedRadioAccess(docs, 'agent-001', 'squat.ai/ttyusb0');
    expectUnprivilegedRadioAccess(docs, 'agent-002', 'squat.ai/ttyusb1');
    for (const agent of ['agent-001', 'agent-002']) {
      expect(envOf(container(docs, agent))['AGENT_ID']?.value).toBe(agent);
      expectReadOnlyConfig(docs, agent, '/config/multi_agent_config.ini');
    }
  });
});
