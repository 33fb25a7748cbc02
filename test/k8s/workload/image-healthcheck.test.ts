import { describe, expect, it } from 'vitest';
import type { Healthcheck } from '../../../lib/compose/model.ts';
import type { ImageFacts } from '../../../lib/images/facts.ts';
import { effectiveHealthcheck } from '../../../lib/k8s/workload/image-healthcheck.ts';
import { probesFor } from '../../../lib/k8s/workload/probes.ts';
import { makeService } from '../../support/model.ts';
import { contextFor, plain } from '../support/collecting-context.ts';

// MODAX python-control-layer/Dockerfile.
const status: Healthcheck = { test: ['CMD-SHELL', 'curl -f http://localhost:8000/status || exit 1'], disable: false, interval: 30_000, timeout: 5_000, retries: 3 };
const facts = (healthcheck: Healthcheck | undefined): ImageFacts => ({
  config: { exposedPorts: [], labels: {}, ...(healthcheck ? { healthcheck } : {}) },
  source: 'dockerfile',
  complete: false,
  file: 'Dockerfile',
});

describe('the image HEALTHCHECK where compose has none', () => {
  it('becomes the probes, exactly as a compose healthcheck would', () => {
    const context = contextFor(makeService('control', { ports: [] }), { image: facts(status) });
    const probes = plain(probesFor(context)) as Record<string, unknown>;
    expect(probes.readinessProbe).toEqual({ httpGet: { path: '/status', port: 8000, scheme: 'HTTP' }, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 });
    expect(probes.livenessProbe).toMatchObject({ initialDelaySeconds: 30 });
    expect(context.warnings).toEqual([]);
  });

  it('loses to any compose healthcheck with a test, and to disable', () => {
    const own: Healthcheck = { test: ['CMD', 'pg_isready'], disable: false };
    expect(effectiveHealthcheck(contextFor(makeService('s', { healthcheck: own }), { image: facts(status) }))).toBe(own);
    const off: Healthcheck = { test: ['NONE'], disable: true };
    expect(plain(probesFor(contextFor(makeService('s', { healthcheck: off }), { image: facts(status) })))).toEqual({});
  });

  it("a compose healthcheck without a test keeps the image's test with compose's timing", () => {
    const timing: Healthcheck = { test: [], disable: false, interval: 10_000, startPeriod: 20_000 };
    const context = contextFor(makeService('s', { healthcheck: timing }), { image: facts(status) });
    expect(effectiveHealthcheck(context)).toEqual({ ...status, interval: 10_000, startPeriod: 20_000 });
    const probes = plain(probesFor(context)) as Record<string, unknown>;
    expect(probes.startupProbe).toMatchObject({ httpGet: { path: '/status', port: 8000 }, periodSeconds: 10 });
    expect(probes.readinessProbe).toMatchObject({ timeoutSeconds: 5 });
    expect(context.warnings).toEqual([]);
  });

  it('HEALTHCHECK NONE leaves the service without one (a TCP readiness probe on its port)', () => {
    const context = contextFor(makeService('s', { expose: [{ port: 80, protocol: 'tcp' }] }), { image: facts({ test: ['NONE'], disable: true }) });
    expect(plain(probesFor(context))).toEqual({ readinessProbe: { tcpSocket: { port: 80 } } });
  });
});
