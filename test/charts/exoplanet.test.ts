/** The facts of the exoplanet Docker Implementation Summary that must survive the translation. */
import { describe, expect, it } from 'vitest';
import { exoplanet } from '../../charts/exoplanet/index.ts';
import { findObject, type Manifest } from '../support/k8s.ts';
import {
  container, envOf, externallyReachable, plainSensitiveVariables, podSpec, servicePorts, synthSystem, waitsFor, workload, workloads,
} from './manifests.ts';

function args(docs: readonly Manifest[], name: string): string {
  const c = container(docs, name);
  return [...(c.command ?? []), ...(c.args ?? [])].join(' ');
}

function podLabels(docs: readonly Manifest[], name: string): Record<string, string> {
  return (workload(docs, name)['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
}

describe.each(['dev', 'prod'])('exoplanet %s', (environment) => {
  const docs = synthSystem(exoplanet, environment);

  it('keeps the ports of the services table', () => {
    expect(servicePorts(docs, 'redis')).toEqual([6379]);
    expect(servicePorts(docs, 'backend')).toEqual([8000]);
    expect(servicePorts(docs, 'frontend')).toEqual([3000]);
  });

  it('turns the documented health checks into probes with their timings', () => {
    const backend = container(docs, 'backend').readinessProbe;
    expect(backend?.httpGet).toMatchObject({ path: '/health', port: 8000 });
    expect(backend).toMatchObject({ periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 });
    expect(container(docs, 'frontend').readinessProbe).toMatchObject({ periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 });
    const redis = container(docs, 'redis').readinessProbe;
    expect(redis?.exec?.command.join(' ')).toContain('redis-cli');
    expect(redis).toMatchObject({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 5 });
  });

  it('starts each service once the one it depends on answers', () => {
    expect(waitsFor(docs, 'backend')).toEqual(['redis']);
    expect(waitsFor(docs, 'frontend')).toEqual(['backend']);
  });

  it('wires the backend to Redis and the models directory', () => {
    const env = envOf(container(docs, 'backend'));
    expect(env['REDIS_HOST']?.value).toBe('redis');
    expect(env['REDIS_PORT']?.value).toBe('6379');
    expect(env['MODEL_PATH']?.value).toBe('/app/models');
    expect(container(docs, 'backend').volumeMounts?.map((m) => m.mountPath)).toContain('/app/models');
  });

  it('runs the backend and the frontend as their Dockerfiles\' non-root users', () => {
    expect(container(docs, 'backend').securityContext).toMatchObject({ runAsUser: 1000, runAsNonRoot: true });
    // Dev runs the builder stage (node:18-alpine's node, 1000); prod the runner stage's nextjs (1001).
    expect(container(docs, 'frontend').securityContext).toMatchObject({ runAsUser: environment === 'dev' ? 1000 : 1001, runAsNonRoot: true });
  });
});

describe('exoplanet dev (docker-compose.yml)', () => {
  const docs = synthSystem(exoplanet, 'dev');

  it('runs the three development services with auto-reload', () => {
    expect(workloads(docs).map((w) => w.metadata.name).sort()).toEqual(['backend', 'frontend', 'redis']);
    expect(args(docs, 'backend')).toBe('uvicorn app.main:app --host 0.0.0.0 --port 8000 --reload');
    expect(args(docs, 'frontend')).toBe('npm run dev');
  });
});

describe('exoplanet prod (docker-compose.prod.yml)', () => {
  const docs = synthSystem(exoplanet, 'prod');

  it("leaves nginx's logs on stdout: nothing is mounted over /var/log/nginx", () => {
    expect((container(docs, 'nginx').volumeMounts ?? []).map((mount) => mount.mountPath)).not.toContain('/var/log/nginx');
  });

  it('adds nginx on 80 and 443 as the way in', () => {
    expect(workloads(docs).map((w) => w.metadata.name).sort()).toEqual(['backend', 'frontend', 'nginx', 'redis']);
    expect(servicePorts(docs, 'nginx')).toEqual([80, 443]);
    expect(externallyReachable(docs)).toEqual(['backend', 'nginx']);
  });

  it('runs the backend with 4 workers and read-only models', () => {
    expect(args(docs, 'backend')).toContain('--workers 4');
    expect(envOf(container(docs, 'backend'))['WORKERS']?.value).toBe('4');
    const models = container(docs, 'backend').volumeMounts?.find((m) => m.mountPath === '/app/models');
    expect(models?.readOnly).toBe(true);
  });

  it('password-protects Redis from a Secret shared with the backend', () => {
    expect(plainSensitiveVariables(docs)).toEqual([]);
    for (const name of ['redis', 'backend']) {
      expect(envOf(container(docs, name))['REDIS_PASSWORD']?.valueFrom?.secretKeyRef, name).toBeDefined();
    }
    expect(args(docs, 'redis')).toContain('--requirepass "$REDIS_PASSWORD"');
  });

  it('sets resource limits and reservations on every service', () => {
    for (const w of workloads(docs)) {
      const resources = podSpec(w).containers[0]?.resources;
      expect(resources?.limits?.['cpu'], w.metadata.name).toBeDefined();
      expect(resources?.requests?.['memory'], w.metadata.name).toBeDefined();
    }
    expect(container(docs, 'backend').resources).toEqual({ limits: { cpu: '2', memory: '2Gi' }, requests: { cpu: '1', memory: '1Gi' } });
  });

  it('isolates Redis on the backend network: the frontend cannot reach it', () => {
    const backendNetwork = Object.keys(podLabels(docs, 'redis')).find((label) => label.endsWith('/backend'));
    expect(backendNetwork).toBeDefined();
    expect(podLabels(docs, 'frontend')).not.toHaveProperty(backendNetwork ?? '');
    expect(podLabels(docs, 'backend')).toHaveProperty(backendNetwork ?? '');
    const policy = findObject(docs, 'NetworkPolicy', 'redis-network')['spec'] as {
      ingress: { from?: { podSelector?: { matchLabels: Record<string, string> } }[] }[];
    };
    const allowed = policy.ingress.flatMap((rule) => rule.from ?? []).map((peer) => Object.keys(peer.podSelector?.matchLabels ?? {}));
    expect(allowed).toEqual([[backendNetwork]]);
  });
});
