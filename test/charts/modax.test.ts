/** The facts of the MODAX Containerization Guide that must survive the translation. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modax } from '../../charts/modax/index.ts';
import { findObject, findObjects, type Manifest } from '../support/k8s.ts';
import {
  container, envOf, externallyReachable, plainSensitiveVariables, podSpec, servicePorts, synthSystem, waitsFor, workload, workloads,
} from './manifests.ts';

/** Size of each StatefulSet volume claim template, by the path it is mounted at. */
function claimSizes(statefulSet: Manifest): Record<string, string> {
  expect(statefulSet.kind).toBe('StatefulSet');
  const templates = (statefulSet['spec'] as { volumeClaimTemplates: { metadata: { name: string }; spec: { resources: { requests: { storage: string } } } }[] })
    .volumeClaimTemplates;
  const mounts = podSpec(statefulSet).containers[0]?.volumeMounts ?? [];
  return Object.fromEntries(
    templates.map((t) => [mounts.find((m) => m.name === t.metadata.name)?.mountPath ?? t.metadata.name, t.spec.resources.requests.storage]),
  );
}

describe('modax dev (docker-compose.yml)', () => {
  const docs = synthSystem(modax, 'dev');

  it('runs the five documented services in namespace modax', () => {
    expect(workloads(docs).map((w) => w.metadata.name).sort()).toEqual(['ai-layer', 'control-layer', 'grafana', 'mosquitto', 'timescaledb']);
    expect(findObject(docs, 'Namespace', 'modax')).toBeDefined();
    for (const w of workloads(docs)) expect(w.metadata.namespace).toBe('modax');
  });

  it('keeps every documented port', () => {
    expect(servicePorts(docs, 'mosquitto')).toEqual([1883, 9001]);
    expect(servicePorts(docs, 'timescaledb')).toEqual([5432]);
    expect(servicePorts(docs, 'control-layer')).toEqual([8000]);
    expect(servicePorts(docs, 'ai-layer')).toEqual([8001]);
    expect(servicePorts(docs, 'grafana')).toEqual([3000]);
  });

  it('turns the healthchecks into probes with the documented timings', () => {
    const control = container(docs, 'control-layer').readinessProbe;
    expect(control?.httpGet).toMatchObject({ path: '/status', port: 8000 });
    expect(control).toMatchObject({ periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 });
    expect(container(docs, 'ai-layer').readinessProbe?.httpGet).toMatchObject({ path: '/models/info', port: 8001 });
    const db = container(docs, 'timescaledb').readinessProbe;
    expect(db?.exec?.command.join(' ')).toContain('pg_isready -U modax_user -d modax');
    expect(db).toMatchObject({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5 });
    // `$$SYS/#` in compose is the literal topic `$SYS/#`.
    expect(container(docs, 'mosquitto').readinessProbe?.exec?.command).toContain('$SYS/#');
  });

  it('starts the control layer after the broker and the database', () => {
    expect(waitsFor(docs, 'control-layer')).toEqual(['mosquitto', 'timescaledb']);
  });

  it('wires the control layer to the other services by their Service names', () => {
    const env = envOf(container(docs, 'control-layer'));
    expect(env['MQTT_BROKER_HOST']?.value).toBe('mosquitto');
    expect(env['DB_HOST']?.value).toBe('timescaledb');
    expect(env['AI_LAYER_URL']?.value).toBe('http://ai-layer:8001/analyze');
    expect(servicePorts(docs, 'ai-layer')).toContain(8001);
  });

  it('keeps passwords in Secrets and out of the manifests', () => {
    expect(plainSensitiveVariables(docs)).toEqual([]);
    expect(envOf(container(docs, 'grafana'))['GF_SECURITY_ADMIN_PASSWORD']?.valueFrom?.secretKeyRef).toBeDefined();
    expect(JSON.stringify(docs)).not.toContain('changeme');
    expect(findObjects(docs, 'Secret')).toEqual([]);
  });

  it('keeps the data stores\' data on persistent volumes of the chosen sizes', () => {
    expect(workload(docs, 'mosquitto').kind).toBe('StatefulSet');
    expect(claimSizes(workload(docs, 'timescaledb'))).toEqual({ '/var/lib/postgresql/data': '10Gi' });
    expect(findObject(docs, 'PersistentVolumeClaim', 'ai-models')['spec']).toMatchObject({ resources: { requests: { storage: '5Gi' } } });
  });

  it('lets ESP32 devices outside the cluster reach MQTT', () => {
    expect(externallyReachable(docs)).toEqual(['mosquitto']);
  });
});

describe('modax prod (docker-compose.prod.yml with the secrets variant)', () => {
  const docs = synthSystem(modax, 'prod');

  it('runs the four production services, without Grafana', () => {
    expect(workloads(docs).map((w) => w.metadata.name).sort()).toEqual(['ai-layer', 'control-layer', 'mosquitto', 'timescaledb']);
  });

  it('pins the images to a release, never latest', () => {
    for (const name of ['mosquitto', 'timescaledb', 'control-layer', 'ai-layer']) {
      expect(container(docs, name).image).toBe(`registry.example.com/modax/${name}:1.0.0`);
    }
  });

  it('keeps the database and broker data of the host directories on per-replica claims', () => {
    expect(claimSizes(workload(docs, 'timescaledb'))).toEqual({ '/var/lib/postgresql/data': '20Gi', '/backups': '20Gi' });
    expect(Object.keys(claimSizes(workload(docs, 'mosquitto')))).toEqual(['/mosquitto/data', '/mosquitto/log']);
  });

  it('runs two control-layer replicas with a disruption budget', () => {
    expect((workload(docs, 'control-layer')['spec'] as { replicas: number }).replicas).toBe(2);
    expect(findObject(docs, 'PodDisruptionBudget', 'control-layer')).toBeDefined();
  });

  it.each([
    ['mosquitto', '1', '512Mi', '500m', '256Mi'],
    ['timescaledb', '2', '2Gi', '1', '1Gi'],
    ['control-layer', '1', '1Gi', '500m', '512Mi'],
    ['ai-layer', '2', '2Gi', '1', '1Gi'],
  ])('%s has the documented limits and reservations', (name, cpu, memory, cpuRequest, memoryRequest) => {
    expect(container(docs, name).resources).toEqual({ limits: { cpu, memory }, requests: { cpu: cpuRequest, memory: memoryRequest } });
  });

  it('adds the TLS port and keeps the localhost-only database port inside the cluster', () => {
    // 9001: the mosquitto Dockerfile EXPOSEs its WebSocket listener too, and the Service carries what the image serves.
    expect(servicePorts(docs, 'mosquitto')).toEqual([1883, 8883, 9001]);
    expect(envOf(container(docs, 'control-layer'))['MQTT_BROKER_PORT']?.value).toBe('8883');
    expect(externallyReachable(docs)).not.toContain('timescaledb');
    expect(externallyReachable(docs)).toEqual(['ai-layer', 'control-layer', 'mosquitto']);
  });

  it('mounts the documented secret files at /run/secrets and points the *_FILE variables at them', () => {
    const control = container(docs, 'control-layer');
    const mounts = (control.volumeMounts ?? []).map((m) => m.mountPath);
    expect(mounts).toEqual(expect.arrayContaining(['/run/secrets/db_password', '/run/secrets/mqtt_password']));
    const volumes = podSpec(workload(docs, 'control-layer')).volumes ?? [];
    for (const path of ['/run/secrets/db_password', '/run/secrets/mqtt_password']) {
      const mount = control.volumeMounts?.find((m) => m.mountPath === path);
      expect(volumes.find((v) => v.name === mount?.name), path).toHaveProperty('secret');
    }
    const env = envOf(control);
    expect(env['DB_PASSWORD_FILE']).toBeDefined();
    expect(env['MQTT_PASSWORD_FILE']).toBeDefined();
  });

  it('never puts the secret files\' contents or passwords into the manifests', () => {
    expect(plainSensitiveVariables(docs)).toEqual([]);
    for (const file of ['db_password.txt', 'mqtt_password.txt']) {
      expect(JSON.stringify(docs)).not.toContain(readFileSync(join(modax.directory, 'secrets', file), 'utf8'));
    }
    expect(findObjects(docs, 'Secret')).toEqual([]);
  });

  it('runs every pod as non-root under the restricted Pod Security Standard', () => {
    const labels = findObject(docs, 'Namespace', 'modax').metadata['labels'] as Record<string, string>;
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const w of workloads(docs)) {
      for (const c of podSpec(w).containers) expect(c.securityContext?.['runAsNonRoot']).toBe(true);
    }
  });
});
