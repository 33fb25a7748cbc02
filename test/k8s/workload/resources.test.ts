import { describe, expect, it } from 'vitest';
import { DEFAULT_RESOURCES, resourcesFor } from '../../../lib/k8s/workload/resources.ts';
import type { Resources } from '../../../lib/compose/model.ts';
import { makeDeploy, makeService } from '../../support/model.ts';
import { contextFor, plain } from '../support/collecting-context.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function withResources(resources: Partial<Resources>, options = {}) {
  const full: Resources = { limits: {}, reservations: { devices: [] }, ...resources };
  return contextFor(makeService('app', { deploy: makeDeploy({ resources: full }) }), { options });
}

describe('resourcesFor', () => {
  it('gives every container the documented defaults when compose sets nothing', () => {
    expect(plain(resourcesFor(withResources({})))).toEqual({
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    });
    expect(DEFAULT_RESOURCES.requests.cpu).toBe('100m');
  });

  it('translates limits and reservations into canonical quantities', () => {
    const context = withResources({
      limits: { cpus: 2, memory: GiB },
      reservations: { cpus: 0.5, memory: 512 * MiB, devices: [] },
    });
    expect(plain(resourcesFor(context))).toEqual({
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { cpu: '2', memory: '1Gi' },
    });
    expect(context.warnings).toEqual([]);
  });

  it('requests the limit when compose sets only a limit, as Kubernetes does', () => {
    const result = plain(resourcesFor(withResources({ limits: { cpus: 0.25, memory: 256 * MiB } })));
    expect(result).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '250m', memory: '256Mi' } });
  });

  it('keeps the default limit above a reservation-only request, or raises it to the reservation', () => {
    const small = plain(resourcesFor(withResources({ reservations: { cpus: 0.2, memory: 64 * MiB, devices: [] } })));
    expect(small).toEqual({ requests: { cpu: '200m', memory: '64Mi' }, limits: { cpu: '1', memory: '512Mi' } });
    const large = plain(resourcesFor(withResources({ reservations: { cpus: 4, memory: 2 * GiB, devices: [] } })));
    expect(large).toEqual({ requests: { cpu: '4', memory: '2Gi' }, limits: { cpu: '4', memory: '2Gi' } });
  });

  it('treats each resource on its own', () => {
    const result = plain(resourcesFor(withResources({ limits: { memory: GiB } })));
    expect(result).toEqual({ requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } });
  });

  it('never requests more than the limit and says why', () => {
    const context = withResources({ limits: { memory: 256 * MiB }, reservations: { memory: GiB, devices: [] } });
    expect(plain(resourcesFor(context))).toMatchObject({ requests: { memory: '256Mi' }, limits: { memory: '256Mi' } });
    expect(context.warnings).toEqual([
      expect.objectContaining({ key: 'services.app.deploy.resources.reservations', message: expect.stringMatching(/exceeds/) }),
    ]);
  });

  it('uses option defaults where compose is silent, and compose values over them', () => {
    const options = { resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } } };
    const result = plain(resourcesFor(withResources({ limits: { cpus: 1 } }, options)));
    expect(result).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } });
  });

  it('clamps an option request above the effective limit', () => {
    const options = { resources: { requests: { memory: '1Gi' } } };
    expect(plain(resourcesFor(withResources({}, options)))).toMatchObject({ requests: { memory: '512Mi' } });
  });

  it('rejects option values that are not quantities', () => {
    const options = { resources: { limits: { memory: '1GB' } } };
    expect(() => resourcesFor(withResources({}, options))).toThrow(/invalid memory quantity '1GB'/);
  });

  it('requests and limits extended resources with the same count', () => {
    const result = plain(resourcesFor(withResources({}), { 'squat.ai/serial': 2, 'nvidia.com/gpu': 1 }));
    expect(result).toMatchObject({
      requests: { 'nvidia.com/gpu': 1, 'squat.ai/serial': 2 },
      limits: { 'nvidia.com/gpu': 1, 'squat.ai/serial': 2 },
    });
  });

  it('warns that pids limits are not translated', () => {
    const context = withResources({ limits: { pids: 100 } });
    resourcesFor(context);
    expect(context.warnings.map((w) => w.key)).toEqual(['services.app.deploy.resources.limits.pids']);
  });
});
