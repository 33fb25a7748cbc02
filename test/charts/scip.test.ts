/** The facts of the SCIP v3 Docker Configuration Guide that must survive the translation. */
import { describe, expect, it } from 'vitest';
import { scip } from '../../charts/scip/index.ts';
import { findObject, findObjects, type Manifest } from '../support/k8s.ts';
import {
  container, envOf, externallyReachable, plainSensitiveVariables, podSpec, servicePorts, synthSystem, waitsFor, workload, workloads,
} from './manifests.ts';

interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

function commandLine(docs: readonly Manifest[], name: string): string {
  const c = container(docs, name);
  return [...(c.command ?? []), ...(c.args ?? [])].join(' ');
}

describe.each(['dev', 'prod'])('scip %s', (environment) => {
  const docs = synthSystem(scip, environment);

  it('keeps the core services, their ports and the start order', () => {
    expect(servicePorts(docs, 'postgres')).toEqual([5432]);
    expect(servicePorts(docs, 'redis')).toEqual([6379]);
    expect(servicePorts(docs, 'mqtt')).toEqual([1883, 9001]);
    expect(servicePorts(docs, 'api')).toEqual([8000]);
    expect(servicePorts(docs, 'orchestration')).toEqual([8001]);
    expect(servicePorts(docs, 'client-dashboard')).toEqual([3000]);
    expect(waitsFor(docs, 'api')).toEqual(['mqtt', 'postgres', 'redis']);
    expect(waitsFor(docs, 'orchestration')).toEqual(['mqtt', 'redis']);
    expect(waitsFor(docs, 'client-dashboard')).toEqual(['api']);
  });

  it('turns the postgres healthcheck into probes, with a startup probe for its 60 s start period', () => {
    const postgres = container(docs, 'postgres');
    expect(postgres.readinessProbe?.exec?.command.join(' ')).toContain('pg_isready -U scip_user -d scip_v3');
    expect(postgres.readinessProbe).toMatchObject({ periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 });
    const startup = postgres.startupProbe;
    expect((startup?.periodSeconds ?? 0) * (startup?.failureThreshold ?? 0)).toBeGreaterThanOrEqual(60);
  });

  it('keeps credentials in Secrets: connection URLs, passwords and the JWT secret', () => {
    expect(plainSensitiveVariables(docs)).toEqual([]);
    const api = envOf(container(docs, 'api'));
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET']) expect(api[name]?.valueFrom?.secretKeyRef, name).toBeDefined();
    expect(JSON.stringify(docs)).not.toMatch(/scip_password|redis_password|jwt_secret_key|mqtt_password/);
  });

  it('passes the Redis password to redis-server from its Secret', () => {
    expect(commandLine(docs, 'redis')).toContain('--requirepass $(REDIS_PASSWORD)');
    expect(envOf(container(docs, 'redis'))['REDIS_PASSWORD']?.valueFrom?.secretKeyRef).toBeDefined();
  });

  it('gives the orchestration service the team-dashboard ServiceAccount and a namespaced Role only', () => {
    expect(podSpec(workload(docs, 'orchestration')).serviceAccountName).toBe('orchestration');
    expect(findObject(docs, 'ServiceAccount', 'orchestration')).toBeDefined();
    expect(findObjects(docs, 'ClusterRole')).toEqual([]);
    expect(findObjects(docs, 'ClusterRoleBinding')).toEqual([]);
    const rules = findObjects(docs, 'Role').flatMap((role) => role['rules'] as PolicyRule[]);
    const jobs = rules.find((rule) => rule.resources.includes('jobs'));
    expect(jobs?.verbs).toEqual(['create', 'get', 'list', 'delete']);
    expect(rules.flatMap((rule) => rule.resources)).not.toContain('secrets');
    const binding = findObjects(docs, 'RoleBinding')[0]?.['subjects'] as { name: string }[];
    expect(binding.map((s) => s.name)).toEqual(['orchestration']);
  });

  it('holds the team dashboards as a suspended Job template with their own NetworkPolicies', () => {
    const template = findObject(docs, 'CronJob', 'team-dashboard');
    expect((template['spec'] as { suspend: boolean }).suspend).toBe(true);
    const dashboard = podSpec(template).containers[0];
    expect(dashboard?.ports?.map((p) => p.containerPort)).toEqual([3000]);
    expect(dashboard?.resources?.limits).toMatchObject({ cpu: '250m', memory: '256Mi' });
    const policies = findObjects(docs, 'NetworkPolicy').map((p) => p.metadata.name);
    expect(policies.filter((name) => name.includes('team-dashboard')).length).toBeGreaterThan(0);
  });
});

describe('scip dev (docker-compose.yml + docker-compose.dev.yml, profile dev-tools)', () => {
  const docs = synthSystem(scip, 'dev');

  it('runs mailhog from the dev-tools profile and no nginx', () => {
    expect(workloads(docs).map((w) => w.metadata.name).sort()).toEqual(
      ['api', 'client-dashboard', 'mailhog', 'mqtt', 'orchestration', 'postgres', 'redis'],
    );
    expect(servicePorts(docs, 'mailhog')).toEqual([1025, 8025]);
  });

  it('uses the development commands and debug settings', () => {
    expect(commandLine(docs, 'api')).toBe('uvicorn main:app --host 0.0.0.0 --port 8000 --reload --log-level debug');
    expect(commandLine(docs, 'orchestration')).toBe('python main.py --debug');
    expect(commandLine(docs, 'client-dashboard')).toBe('npm run dev');
    expect(envOf(container(docs, 'api'))['LOG_LEVEL']?.value).toBe('DEBUG');
    expect(envOf(container(docs, 'orchestration'))['DEBUG']?.value).toBe('true');
  });

  it('keeps everything inside the cluster', () => {
    expect(externallyReachable(docs)).toEqual([]);
  });
});

describe('scip prod (docker-compose.yml + docker-compose.prod.yml + docker-stack.yml, profile production)', () => {
  const docs = synthSystem(scip, 'prod');

  it('runs nginx (profiles: [] override) and no mailhog', () => {
    expect(workloads(docs).map((w) => w.metadata.name).sort()).toEqual(
      ['api', 'client-dashboard', 'mqtt', 'nginx', 'orchestration', 'postgres', 'redis'],
    );
    expect(servicePorts(docs, 'nginx')).toEqual([80, 443]);
  });

  it('runs the api with gunicorn, 4 workers, 3 replicas rolled one at a time, and the documented resources', () => {
    expect(commandLine(docs, 'api')).toBe('gunicorn main:app -w 4 -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:8000');
    const spec = workload(docs, 'api')['spec'] as { replicas: number; strategy: { rollingUpdate: { maxUnavailable: number } } };
    expect(spec.replicas).toBe(3);
    expect(spec.strategy.rollingUpdate.maxUnavailable).toBe(1);
    expect(findObject(docs, 'PodDisruptionBudget', 'api')).toBeDefined();
    expect(container(docs, 'api').resources).toEqual({ limits: { cpu: '2', memory: '2Gi' }, requests: { cpu: '1', memory: '1Gi' } });
    expect(envOf(container(docs, 'api'))['APP_DEBUG']?.value).toBe('false');
  });

  it('serves the client dashboard with nginx and pins every built image', () => {
    expect(commandLine(docs, 'client-dashboard')).toBe("nginx -g daemon off;");
    for (const name of ['api', 'orchestration', 'client-dashboard']) {
      expect(container(docs, name).image).toBe(`registry.example.com/scip-${name}:1.0.0`);
    }
  });

  it('exposes only the reverse proxy and the MQTT broker', () => {
    expect(externallyReachable(docs)).toEqual(['mqtt', 'nginx']);
  });
});
