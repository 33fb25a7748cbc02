/** The facts of the Carbon Nexus Docker Architecture Diagram that must survive the translation. */
import { describe, expect, it } from 'vitest';
import { carbonNexus } from '../../charts/carbon-nexus/index.ts';
import { container, envOf, servicePorts, synthSystem, waitsFor, workloads } from './manifests.ts';

const HEALTH: readonly (readonly [string, number, string])[] = [
  ['ml-engine', 8001, '/health'],
  ['data-core', 8002, '/health'],
  ['orchestration-engine', 8003, '/health'],
  ['rag-chatbot', 8004, '/api/health'],
];

describe.each(['dev', 'prod'])('carbon-nexus %s', (environment) => {
  const docs = synthSystem(carbonNexus, environment);

  it('keeps the five services and their port mappings', () => {
    for (const [name, port] of [...HEALTH, ['frontend-ui', 5173] as const]) expect(servicePorts(docs, name), name).toEqual([port]);
  });

  it.each(HEALTH)('%s: health endpoint every 30 s, 3 retries, 40 s start period', (name, port, path) => {
    const c = container(docs, name);
    expect(c.readinessProbe?.httpGet).toMatchObject({ path, port });
    expect(c.livenessProbe?.httpGet).toMatchObject({ path, port });
    expect(c.readinessProbe).toMatchObject({ periodSeconds: 30, failureThreshold: 3 });
    const startup = c.startupProbe;
    expect(startup?.httpGet).toMatchObject({ path, port });
    // The start period is covered before liveness failures count.
    expect((startup?.periodSeconds ?? 0) * (startup?.failureThreshold ?? 0)).toBeGreaterThanOrEqual(40 + 30 * 3);
  });

  it('keeps the dependency chain: each service starts once the previous one is healthy', () => {
    expect(waitsFor(docs, 'ml-engine')).toEqual([]);
    expect(waitsFor(docs, 'data-core')).toEqual(['ml-engine']);
    expect(waitsFor(docs, 'orchestration-engine')).toEqual(['data-core', 'ml-engine']);
    expect(waitsFor(docs, 'rag-chatbot')).toEqual(['orchestration-engine']);
    expect(waitsFor(docs, 'frontend-ui')).toEqual(['orchestration-engine', 'rag-chatbot']);
  });

  it('wires the orchestration engine to the other services by their Service names and ports', () => {
    const env = envOf(container(docs, 'orchestration-engine'));
    for (const [variable, service, port] of [
      ['ML_ENGINE_URL', 'ml-engine', 8001],
      ['DATA_CORE_URL', 'data-core', 8002],
      ['RAG_SERVICE_URL', 'rag-chatbot', 8004],
    ] as const) {
      expect(env[variable]?.value).toBe(`http://${service}:${port}`);
      expect(servicePorts(docs, service)).toContain(port);
    }
  });
});

describe('carbon-nexus dev', () => {
  const docs = synthSystem(carbonNexus, 'dev');

  it('leaves the optional monitoring stack out', () => {
    expect(workloads(docs).map((w) => w.metadata.name).sort()).toEqual(
      ['data-core', 'frontend-ui', 'ml-engine', 'orchestration-engine', 'rag-chatbot'],
    );
  });

  it('runs the ml engine in debug mode', () => {
    expect(envOf(container(docs, 'ml-engine'))['DEBUG']?.value).toBe('true');
  });
});

describe('carbon-nexus prod (monitoring profile)', () => {
  const docs = synthSystem(carbonNexus, 'prod');

  it("publishes grafana only with an admin password from a Secret, not the image's default", () => {
    expect(envOf(container(docs, 'grafana'))['GF_SECURITY_ADMIN_PASSWORD']?.valueFrom?.secretKeyRef).toEqual({ name: 'grafana-env', key: 'GF_SECURITY_ADMIN_PASSWORD' });
  });

  it('adds Prometheus and Grafana with pinned images', () => {
    expect(servicePorts(docs, 'prometheus')).toEqual([9090]);
    expect(servicePorts(docs, 'grafana')).toEqual([3000]);
    for (const name of ['prometheus', 'grafana']) expect(container(docs, name).image).toMatch(/:v?\d+\.\d+\.\d+$/);
  });

  it('gives the ml engine its documented limits and reservations', () => {
    expect(container(docs, 'ml-engine').resources).toEqual({ limits: { cpu: '2', memory: '4Gi' }, requests: { cpu: '1', memory: '2Gi' } });
  });

  it('runs registry images pinned to a release', () => {
    for (const w of workloads(docs)) expect(container(docs, w.metadata.name).image, w.metadata.name).not.toMatch(/:latest$|^[^:]+$/);
  });
});

describe.each(['dev', 'prod'])('carbon-nexus %s: no invented limits', (environment) => {
  const docs = synthSystem(carbonNexus, environment);

  it('limits only the ml engine in prod, as documented; the ML and RAG services get requests only', () => {
    const limited = workloads(docs)
      .filter((doc) => container(docs, doc.metadata.name).resources?.limits !== undefined)
      .map((doc) => doc.metadata.name);
    expect(limited).toEqual(environment === 'prod' ? ['ml-engine'] : []);
    expect(container(docs, 'rag-chatbot').resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' } });
  });
});
