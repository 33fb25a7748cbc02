/** The facts of the MODAX Containerization Guide that must survive the translation. */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildSystemPlan } from '../../charts/build.ts';
import { modax } from '../../charts/modax/index.ts';
import { planManifests } from '../../lib/k8s/plan/plan.ts';
import { runCliCaptured } from '../evidence/helpers/cli.ts';
import { findObject, findObjects, type Manifest } from '../support/k8s.ts';
import {
  container, envOf, expandGrafanaVariables, externallyReachable, plainSensitiveVariables, podSpec, servicePorts, synthSystem, waitsFor, workload, workloads,
} from './manifests.ts';

const PROVISIONING = join(modax.directory, 'grafana', 'provisioning');

/** The project's provisioning files, by their path below grafana/provisioning. */
function provisioningFiles(): Record<string, string> {
  const files = readdirSync(PROVISIONING, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return Object.fromEntries(files.map((entry) => {
    const file = join(entry.parentPath, entry.name);
    return [relative(PROVISIONING, file), readFileSync(file, 'utf8')];
  }));
}

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

  it("gives Grafana its provisioning files from a ConfigMap, not an empty claim", () => {
    const files = provisioningFiles();
    expect(Object.keys(files).sort()).toEqual(['dashboards/modax.json', 'dashboards/modax.yaml', 'datasources/timescaledb.yaml']);
    const pod = podSpec(workload(docs, 'grafana'));
    const target = container(docs, 'grafana').volumeMounts?.find((m) => m.mountPath === '/etc/grafana/provisioning');
    // The document mounts the folder read-write: an init container copies the ConfigMap's files into the container's folder.
    const seed = pod.initContainers?.find((c) => c.volumeMounts?.some((m) => m.name === target?.name));
    const source = pod.volumes?.find((v) => seed?.volumeMounts?.some((m) => m.name === v.name && m.readOnly) === true);
    const configMap = source?.['configMap'] as { name: string; items: { key: string; path: string }[] } | undefined;
    expect(configMap, 'the ConfigMap volume the provisioning folder is filled from').toBeDefined();
    const data = findObject(docs, 'ConfigMap', configMap!.name)['data'] as Record<string, string>;
    expect(Object.fromEntries(configMap!.items.map((item) => [item.path, data[item.key]]))).toEqual(files);
    expect(findObjects(docs, 'PersistentVolumeClaim').map((claim) => claim.metadata.name)).not.toContainEqual(expect.stringContaining('provisioning'));
  });

  it("provisions a TimescaleDB datasource that reaches the database as the control layer does, with no password in the file", () => {
    const plan = buildSystemPlan(modax, 'dev');
    const env = Object.fromEntries((container(docs, 'grafana').env ?? []).map((variable) => {
      const ref = variable.valueFrom?.secretKeyRef;
      return [variable.name, variable.value ?? plan.secrets.find((secret) => secret.name === ref?.name)?.stringData[ref?.key ?? '']];
    }));
    const text = provisioningFiles()['datasources/timescaledb.yaml']!;
    expect(text).not.toMatch(/password:\s*[^$\s]/);
    const { datasources } = parse(expandGrafanaVariables(text, (name) => env[name])) as { datasources: { type: string; uid: string; url: string; user: string; jsonData: { database: string }; secureJsonData: { password: string } }[] };
    expect(datasources).toHaveLength(1);
    const [source] = datasources;
    expect(source?.type).toBe('postgres');
    const [host, port] = source!.url.split(':');
    expect(servicePorts(docs, host!)).toContain(Number(port));
    expect(container(docs, host!).ports?.map((p) => p.containerPort)).toContain(Number(port));
    const db = envOf(container(docs, 'timescaledb'));
    expect([source?.user, source?.jsonData.database]).toEqual([db['POSTGRES_USER']?.value, db['POSTGRES_DB']?.value]);
    const dbPassword = db['POSTGRES_PASSWORD']?.valueFrom?.secretKeyRef;
    expect(source?.secureJsonData.password).toBe(plan.secrets.find((secret) => secret.name === dbPassword?.name)?.stringData[dbPassword?.key ?? '']);
    expect(envOf(container(docs, 'grafana'))['DB_PASSWORD']?.valueFrom?.secretKeyRef).toBeDefined();
    // The dashboards provider reads the folder the files are mounted at, and the dashboard uses this datasource.
    const provider = parse(provisioningFiles()['dashboards/modax.yaml']!) as { providers: { options: { path: string } }[] };
    expect(provider.providers.map((p) => p.options.path)).toEqual(['/etc/grafana/provisioning/dashboards']);
    const dashboard = JSON.parse(provisioningFiles()['dashboards/modax.json']!) as { panels: { targets: { datasource: { uid: string } }[] }[] };
    const uids = new Set(dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.datasource.uid)));
    expect([...uids]).toEqual([source?.uid]);
  });
});

describe('modax prod (docker-compose.prod.yml with the secrets variant)', () => {
  const docs = synthSystem(modax, 'prod');

  // The document's prod file has no Grafana ("Optional - for monitoring" in the development file only).
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

  it("does not depend on whether /etc/modax/certs exists on the converting machine", () => {
    // The chart's project in a scratch folder, its certificate folder moved to a path outside it
    // that the test can create and remove: converted without the folder, then with certificates in it.
    const scratch = mkdtempSync(join(tmpdir(), 'modax-certs-'));
    try {
      const project = join(scratch, 'modax');
      const certs = join(scratch, 'host', 'etc', 'modax', 'certs');
      cpSync(modax.directory, project, { recursive: true });
      const prodFile = join(project, 'docker-compose.prod.yml');
      writeFileSync(prodFile, readFileSync(prodFile, 'utf8').replaceAll('/etc/modax/certs:', `${certs}:`));
      const convert = (): string => JSON.stringify(planManifests(buildSystemPlan({ ...modax, directory: project }, 'prod')));
      const without = convert();
      mkdirSync(certs, { recursive: true });
      for (const file of ['ca.crt', 'server.crt', 'server.key']) writeFileSync(join(certs, file), `-----BEGIN ${file}-----\n`);
      expect(convert() === without, 'the manifests differ once the folder exists').toBe(true);
      expect(without).not.toContain('BEGIN');
      expect(without).not.toContain('hostPath');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    // In the chart itself: one Secret name for both mounts, which the README tells operators to create.
    const certVolumes = ([['mosquitto', '/mosquitto/certs'], ['control-layer', '/app/certs']] as const).map(([name, path]) => {
      const mount = container(docs, name).volumeMounts?.find((m) => m.mountPath === path);
      return podSpec(workload(docs, name)).volumes?.find((v) => v.name === mount?.name)?.['secret'];
    });
    expect(certVolumes).toEqual([{ secretName: 'etc-modax-certs' }, { secretName: 'etc-modax-certs' }]);
  });

  it("keeps each control-layer replica's logs in its own emptyDir, never a ReadWriteMany claim", () => {
    const mount = container(docs, 'control-layer').volumeMounts?.find((m) => m.mountPath === '/app/logs');
    expect(podSpec(workload(docs, 'control-layer')).volumes?.find((v) => v.name === mount?.name)).toHaveProperty('emptyDir');
    const modes = [
      ...findObjects(docs, 'PersistentVolumeClaim').map((claim) => claim['spec']),
      ...workloads(docs).flatMap((w) => (w['spec'] as { volumeClaimTemplates?: { spec: unknown }[] }).volumeClaimTemplates ?? []).map((t) => t.spec),
    ].flatMap((spec) => (spec as { accessModes: string[] }).accessModes);
    expect(modes.length).toBeGreaterThan(0);
    expect(modes).not.toContain('ReadWriteMany');
  });

  it('`secrets` refuses to print blank passwords when the variables are unset: exit 1, one line each, nothing on stdout', async () => {
    const args = ['secrets', '-f', 'docker-compose.prod.yml', '-f', 'docker-compose.secrets.yml', '-p', 'modax', '-n', 'modax'];
    const users = { DB_USER: 'modax_user', MQTT_CONTROL_USER: 'control_layer' };
    const unset = await runCliCaptured(args, modax.directory, users);
    expect(unset.code).toBe(1);
    expect(unset.stdout).toBe('');
    const lines = unset.stderr.trim().split('\n');
    for (const line of lines) expect(line).toMatch(/^error: Secret '\S+' key '\S+' would be empty: set (DB_PASSWORD|MQTT_CONTROL_PASSWORD)$/);
    expect(new Set(lines.map((line) => line.split(' ').at(-1)))).toEqual(new Set(['DB_PASSWORD', 'MQTT_CONTROL_PASSWORD']));

    const one = await runCliCaptured(args, modax.directory, { ...users, DB_PASSWORD: 'db-test-password' });
    expect(one.code).toBe(1);
    expect(one.stdout).toBe('');
    expect(one.stderr).toBe("error: Secret 'control-layer-env' key 'MQTT_PASSWORD' would be empty: set MQTT_CONTROL_PASSWORD\n");
  });
});
