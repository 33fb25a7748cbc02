/**
 * Rules B on a SCIP-like project, assembled into real objects: every object passes the Kubernetes
 * schema, Polaris finds no sensitive env var or ConfigMap content, and no secret value appears
 * anywhere in the manifests (they only reference Secrets).
 */
import { Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import type * as k8s from '../../../lib/k8s/plan/api-types.ts';
import type { HostPath, ServiceVolume } from '../../../lib/compose/model.ts';
import type { SecretPayload } from '../../../lib/k8s/plan/context.ts';
import { canonicalManifest } from '../../../lib/k8s/output/canonical-manifest.ts';
import { environmentFor, healthcheckTestFor } from '../../../lib/k8s/config-and-secrets/environment.ts';
import { fileObjectsFor } from '../../../lib/k8s/config-and-secrets/file-objects.ts';
import { selectorLabels } from '../../../lib/k8s/names/labels.ts';
import { networkLabelsFor, networkPoliciesFor } from '../../../lib/k8s/networking/network-policies.ts';
import { storageFor } from '../../../lib/k8s/storage/volumes.ts';
import { hostDirectory, hostFile, makeProject, makeService } from '../../support/model.ts';
import { k8sChecksAvailable, noticeSkip, runK8sChecks, validateManifests, type Manifest } from '../../support/k8s.ts';
import { contextFor } from '../support/recording-context.ts';

/** The secret values of the fixture: none may appear in a synthesized manifest. */
const SECRET_VALUES = ['scip_password', 'redis_password', 'jwt_secret_key', 'mqtt_password', 'file-secret-db', 'hashed$7$entry'];

const bind = (source: string, target: string, readOnly = false): ServiceVolume => ({ type: 'bind', source, target, readOnly, createHostPath: true });
const volume = (source: string, target: string): ServiceVolume => ({ type: 'volume', source, target, readOnly: false, nocopy: false });
const file = (content: string): HostPath => hostFile(content);
const onScip = { 'scip-network': { aliases: [] } };

function scipProject() {
  const topVolume = (name: string) => ({ name: `scip_${name}`, external: false, driverOpts: {}, labels: {}, extensions: {} });
  const databaseUrl = 'postgresql://scip_user:scip_password@postgres:5432/scip_v3';
  return makeProject(
    [
      makeService('postgres', {
        image: 'postgres:15-alpine',
        environment: { POSTGRES_DB: 'scip_v3', POSTGRES_USER: 'scip_user', POSTGRES_PASSWORD: 'scip_password' },
        interpolated: { 'environment.POSTGRES_PASSWORD': [{ name: 'DB_PASSWORD', value: 'scip_password' }] },
        volumes: [volume('postgres_data', '/var/lib/postgresql/data'), bind('/scip/scripts/init-db.sql', '/docker-entrypoint-initdb.d/01-init.sql')],
        networks: { ...onScip, data: { aliases: [] } },
      }),
      makeService('redis', {
        image: 'redis:7-alpine',
        command: ['redis-server', '--requirepass', 'redis_password', '--appendonly', 'yes'],
        interpolated: {
          command: [{ name: 'REDIS_PASSWORD', value: 'redis_password' }],
          'healthcheck.test.3': [{ name: 'REDIS_PASSWORD', value: 'redis_password' }],
        },
        healthcheck: { test: ['CMD', 'redis-cli', '-a', 'redis_password', 'ping'], disable: false },
        volumes: [volume('redis_data', '/data'), bind('/scip/redis/redis.conf', '/usr/local/etc/redis/redis.conf')],
        networks: onScip,
      }),
      makeService('mqtt', {
        image: 'eclipse-mosquitto:2.0',
        volumes: [
          bind('/scip/mqtt/mosquitto.conf', '/mosquitto/config/mosquitto.conf', true),
          bind('/scip/mqtt/passwd', '/mosquitto/config/passwd', true),
          volume('mqtt_data', '/mosquitto/data'),
        ],
        ports: [{ target: 1883, published: 1883, protocol: 'tcp', mode: 'ingress' }],
        networks: onScip,
      }),
      makeService('api', {
        build: { context: '/scip/api', args: {} },
        environment: {
          DATABASE_URL: databaseUrl,
          REDIS_URL: 'redis://:redis_password@redis:6379/0',
          JWT_SECRET: 'jwt_secret_key',
          MQTT_PASSWORD: 'mqtt_password',
          MQTT_HOST: 'mqtt',
          DB_PASSWORD_FILE: '/run/secrets/db_password',
        },
        command: ['uvicorn', 'main:app', '--host', '0.0.0.0', '--port', '8000'],
        volumes: [bind('/scip/api', '/app'), bind('/scip/media', '/media'), volume('api_cache', '/app/__pycache__')],
        secrets: [{ source: 'db_password', target: '/run/secrets/db_password' }],
        configs: [{ source: 'app_settings', target: '/etc/scip/settings.ini' }],
        ports: [{ target: 8000, published: 8000, protocol: 'tcp', mode: 'ingress' }],
        networks: { ...onScip, data: { aliases: [] } },
      }),
      makeService('nginx', {
        image: 'nginx:1.25-alpine',
        volumes: [
          bind('/scip/nginx/nginx.conf', '/etc/nginx/nginx.conf', true),
          bind('/scip/nginx/sites', '/etc/nginx/sites-enabled', true),
          bind('/scip/nginx/ssl', '/etc/nginx/ssl', true),
        ],
        ports: [{ target: 443, published: 443, protocol: 'tcp', mode: 'ingress' }],
        networks: onScip,
      }),
    ],
    {
      name: 'scip',
      workingDir: '/scip',
      networks: {
        'scip-network': { name: 'scip_scip-network', external: false, internal: false, attachable: false, labels: {}, extensions: {} },
        data: { name: 'scip_data', external: false, internal: true, attachable: false, labels: {}, extensions: {} },
      },
      volumes: Object.fromEntries(['postgres_data', 'redis_data', 'mqtt_data', 'api_cache'].map((n) => [n, topVolume(n)])),
      secrets: {
        db_password: { name: 'scip_db_password', source: { kind: 'file', path: '/scip/secrets/db_password.txt' }, value: 'file-secret-db', labels: {}, extensions: {} },
      },
      configs: {
        app_settings: { name: 'scip_app_settings', source: { kind: 'content' }, value: '[app]\nmqtt_host = mqtt\n', labels: {}, extensions: {} },
      },
      hostFiles: {
        '/scip/scripts/init-db.sql': file("ALTER USER scip_user WITH PASSWORD 'scip_password';\n"),
        '/scip/redis/redis.conf': file('appendonly yes\n'),
        '/scip/mqtt/mosquitto.conf': file('listener 1883\npassword_file /mosquitto/config/passwd\n'),
        '/scip/mqtt/passwd': file('scip_user:hashed$7$entry\n'),
        '/scip/nginx/nginx.conf': file('events {}\nhttp { include /etc/nginx/sites-enabled/*; }\n'),
        '/scip/nginx/sites': hostDirectory({ 'scip.conf': 'server { listen 443 ssl; }\n' }),
        '/scip/nginx/ssl': hostDirectory({ 'server.crt': 'CERT', 'server.key': '-----BEGIN PRIVATE KEY-----\nX\n' }),
        '/scip/api': hostDirectory({ 'main.py': 'app = None\n' }),
      },
    },
  );
}

interface Synthesized {
  readonly manifests: Manifest[];
  readonly secrets: SecretPayload[];
}

/** A minimal stand-in for ComposeChart: one workload per service built from rules B only. */
function synthesize(): Synthesized {
  const project = scipProject();
  const manifests: Manifest[] = [];
  const add = (manifest: Manifest) => manifests.push(canonicalManifest(manifest));
  const secrets: SecretPayload[] = [];
  const seen = new Set<string>();
  const once = (id: string, create: () => void) => {
    if (!seen.has(id)) create();
    seen.add(id);
  };
  for (const service of Object.values(project.services)) {
    const workload = service.name === 'postgres' ? 'StatefulSet' : 'Deployment';
    const { context } = contextFor(project, service.name, { workload });
    const environment = environmentFor(context);
    const storage = storageFor(context);
    const files = fileObjectsFor(context);
    secrets.push(...environment.secrets, ...storage.secrets, ...files.secrets);
    const labels = selectorLabels(project.name, service.name);
    const test = healthcheckTestFor(context);
    const probe = test?.[0] === 'CMD-SHELL' ? { readinessProbe: { exec: { command: ['sh', '-c', test[1] ?? ''] } } } : {};
    const container: k8s.Container = {
      name: service.name,
      image: service.image ?? `scip-${service.name}:latest`,
      env: [...environment.env],
      ...(environment.command ? { command: [...environment.command] } : {}),
      ...(environment.args ? { args: [...environment.args] } : {}),
      volumeMounts: [...storage.volumeMounts, ...files.volumeMounts],
      ...probe,
    };
    const template: k8s.PodTemplateSpec = {
      metadata: { labels: { ...labels, ...networkLabelsFor(project, service.name) } },
      spec: { containers: [container], volumes: [...storage.volumes, ...files.volumes] },
    };
    if (workload === 'StatefulSet') {
      add({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: service.name },
        spec: {
          serviceName: service.name,
          selector: { matchLabels: labels },
          template,
          volumeClaimTemplates: storage.volumeClaimTemplates.map((c) => ({ metadata: { name: c.name }, spec: c.spec })),
        },
      });
    } else {
      add({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: service.name }, spec: { selector: { matchLabels: labels }, template } });
    }
    for (const claim of storage.persistentVolumeClaims) {
      once(`pvc/${claim.name}`, () => add({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim.name, labels: { ...claim.labels } }, spec: claim.spec }));
    }
    for (const map of [...storage.configMaps, ...files.configMaps]) {
      once(`cm/${map.name}`, () => add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: map.name }, data: map.data, binaryData: map.binaryData }));
    }
  }
  for (const policy of networkPoliciesFor(project, Object.fromEntries(Object.keys(project.services).map((n) => [n, n])), {})) {
    add({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: policy.name }, spec: policy.spec });
  }
  return { manifests, secrets };
}

describe('rules B assembled on a SCIP-like project', () => {
  const { manifests, secrets } = synthesize();
  const text = JSON.stringify(manifests);

  it('never writes a secret value into a manifest', () => {
    for (const value of SECRET_VALUES) expect(text, value).not.toContain(value);
  });

  it('probes a secret through the shell', () => {
    const redis = manifests.find((m) => m.metadata.name === 'redis') as unknown as { spec: { template: { spec: { containers: k8s.Container[] } } } };
    expect(redis.spec.template.spec.containers[0]?.readinessProbe?.exec?.command).toEqual([
      'sh',
      '-c',
      `'redis-cli' '-a' "\${REDIS_PASSWORD}" 'ping'`,
    ]);
  });

  it('keeps every secret value in the Secret payloads that `secrets` prints', () => {
    const payloadText = JSON.stringify(secrets);
    for (const value of SECRET_VALUES) expect(payloadText, value).toContain(value);
    expect(secrets.map((s) => s.name).sort()).toEqual([
      'api-env',
      'db-password',
      'mqtt-mosquitto-config-passwd',
      'nginx-etc-nginx-ssl',
      'postgres-docker-entrypoint-initdb-d-01-init-sql',
      'postgres-env',
      'redis-env',
    ]);
  });

  it('produces objects that pass the Kubernetes schema', async () => {
    expect(await validateManifests(manifests)).toEqual([]);
  });

  noticeSkip(k8sChecksAvailable, 'k8s-checks on rules B manifests');
  describe.skipIf(!k8sChecksAvailable)('with ../shared/k8s-checks', () => {
    it('passes the strict 1.27 schema and has no Polaris sensitive-content finding', () => {
      const result = runK8sChecks(Yaml.stringify(...manifests));
      expect(result.output).toMatch(/schema\s+PASS/);
      expect(result.output).not.toMatch(/sensitiveContainerEnvVar|sensitiveConfigmapContent/);
    });

    it('would report those findings if a value were plain (control)', () => {
      const leaky = [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'leaky' }, data: { DB_PASSWORD: 'x' } },
        ...manifests.filter((m) => m.kind === 'Deployment').slice(0, 1).map((m) => ({
          ...m,
          spec: { ...(m.spec as object), template: { metadata: {}, spec: { containers: [{ name: 'c', image: 'i:1', env: [{ name: 'API_TOKEN', value: 'x' }] }] } } },
        })),
      ];
      const result = runK8sChecks(Yaml.stringify(...leaky));
      expect(result.output).toMatch(/sensitiveConfigmapContent/);
      expect(result.output).toMatch(/sensitiveContainerEnvVar/);
    });
  });
});
