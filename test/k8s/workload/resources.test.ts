import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUESTS, resourcesFor } from '../../../lib/k8s/workload/resources.ts';
import type { Resources } from '../../../lib/compose/model.ts';
import type { ImageFacts } from '../../../lib/images/facts.ts';
import { makeDeploy, makeService } from '../../support/model.ts';
import { contextFor, plain } from '../support/collecting-context.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function withResources(resources: Partial<Resources>, options = {}, service: Parameters<typeof makeService>[1] = {}, image?: ImageFacts) {
  const full: Resources = { limits: {}, reservations: { devices: [] }, ...resources };
  return contextFor(makeService('app', { ...service, deploy: makeDeploy({ resources: full }) }), { options, ...(image ? { image } : {}) });
}

describe('resourcesFor', () => {
  it('requests the documented defaults and invents no limit when compose sets nothing', () => {
    expect(plain(resourcesFor(withResources({})))).toEqual({ requests: { cpu: '100m', memory: '128Mi' } });
    expect(DEFAULT_REQUESTS.cpu).toBe('100m');
  });

  it('limits only where the resources.limits option asks', () => {
    const options = { resources: { limits: { memory: '1Gi' } } };
    expect(plain(resourcesFor(withResources({}, options)))).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '1Gi' } });
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

  // edgexfoundry/edgex-compose: the OpenBao secret store's memory limit is 4190176804864 bytes
  // (3.8 TiB); requested in full, its pod fitted no node and the whole stack waited on it.
  it('requests the default, keeps the limit and says so, when a memory limit alone is too large for any node (1 TiB or more)', () => {
    const context = withResources({ limits: { memory: 4190176804864 } });
    expect(plain(resourcesFor(context))).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '3996064Mi' } });
    expect(context.warnings).toEqual([
      expect.objectContaining({ key: 'services.app.deploy.resources.limits.memory', message: expect.stringMatching(/^memory limit 3996064Mi alone is not requested in full.*no node holds that much.*requests 128Mi/) }),
    ]);
    const asked = withResources({ limits: { memory: 4190176804864 } }, { resources: { requests: { memory: '2Gi' } } });
    expect(plain(resourcesFor(asked))).toMatchObject({ requests: { memory: '2Gi' } });
    expect(asked.warnings).toEqual([]);
    const large = withResources({ limits: { memory: 512 * GiB } });
    expect(plain(resourcesFor(large))).toMatchObject({ requests: { memory: '512Gi' } });
  });

  it('requests a reservation without limiting it; an option limit below it is raised to it', () => {
    const alone = plain(resourcesFor(withResources({ reservations: { cpus: 0.2, memory: 64 * MiB, devices: [] } })));
    expect(alone).toEqual({ requests: { cpu: '200m', memory: '64Mi' } });
    const options = { resources: { limits: { cpu: '1', memory: '512Mi' } } };
    const large = plain(resourcesFor(withResources({ reservations: { cpus: 4, memory: 2 * GiB, devices: [] } }, options)));
    expect(large).toEqual({ requests: { cpu: '4', memory: '2Gi' }, limits: { cpu: '4', memory: '2Gi' } });
  });

  it('treats each resource on its own', () => {
    const result = plain(resourcesFor(withResources({ limits: { memory: GiB } })));
    expect(result).toEqual({ requests: { cpu: '100m', memory: '1Gi' }, limits: { memory: '1Gi' } });
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
    expect(result).toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } });
  });

  // deploy-sourcegraph-docker caps every service (cpus: 8, mem_limit: 50g …, ~80 CPUs in all) and
  // reserves nothing; the option is how an operator schedules it on a few nodes.
  it("requests what the requests option asks below a compose limit alone, and never more than the limit", () => {
    const options = { resources: { requests: { cpu: '250m', memory: '512Mi' } } };
    const capped = plain(resourcesFor(withResources({ limits: { cpus: 8, memory: 50 * GiB } }, options)));
    expect(capped).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '8', memory: '50Gi' } });
    const small = plain(resourcesFor(withResources({ limits: { cpus: 0.1, memory: 256 * MiB } }, options)));
    expect(small).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '100m', memory: '256Mi' } });
    const reserved = plain(resourcesFor(withResources({ limits: { memory: 50 * GiB }, reservations: { memory: 4 * GiB, devices: [] } }, options)));
    expect(reserved).toMatchObject({ requests: { memory: '4Gi' } });
  });

  it('clamps an option request above the effective limit', () => {
    const options = { resources: { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } } };
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

  it('warns when the service plans more memory than its limit: redis --maxmemory, JVM -Xmx, node --max-old-space-size', () => {
    const redis = withResources({ limits: { memory: 512 * MiB } }, {}, { command: ['redis-server', '--maxmemory', '2gb', '--maxmemory-policy', 'allkeys-lru'] });
    resourcesFor(redis);
    expect(redis.warnings).toEqual([
      { key: 'services.app.deploy.resources.limits.memory', message: expect.stringContaining('(--maxmemory 2gb, 2Gi) above its memory limit 512Mi') },
    ]);
    const jvm = withResources({}, { resources: { limits: { memory: '1Gi' } } }, { environment: { JAVA_OPTS: '-Xms512m -Xmx4g' } });
    resourcesFor(jvm);
    expect(jvm.warnings).toEqual([{ key: 'services.app.x-kubernetes.resources.limits.memory', message: expect.stringContaining('-Xmx4g, 4Gi') }]);
    const node = withResources({ limits: { memory: GiB } }, {}, { command: ['sh', '-c', 'node --max-old-space-size=4096 server.js'] });
    resourcesFor(node);
    expect(node.warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('--max-old-space-size=4096, 4Gi') })]);
  });

  it('reads the budget from the image CMD the facts give, and says nothing under the limit or without one', () => {
    const facts: ImageFacts = { config: { exposedPorts: [], labels: {}, cmd: ['redis-server', '--maxmemory', '1000mb'] }, source: 'lock', complete: true, file: 'lock' };
    const fromImage = withResources({ limits: { memory: 512 * MiB } }, {}, {}, facts);
    resourcesFor(fromImage);
    expect(fromImage.warnings).toEqual([expect.objectContaining({ message: expect.stringContaining('--maxmemory 1000mb') })]);
    const under = withResources({ limits: { memory: 2 * GiB } }, {}, { command: ['redis-server', '--maxmemory', '2gb'] });
    const unlimited = withResources({}, {}, { command: ['redis-server', '--maxmemory', '2gb'] });
    resourcesFor(under);
    resourcesFor(unlimited);
    expect([...under.warnings, ...unlimited.warnings]).toEqual([]);
  });

  it('warns that pids limits are not translated', () => {
    const context = withResources({ limits: { pids: 100 } });
    resourcesFor(context);
    expect(context.warnings.map((w) => w.key)).toEqual(['services.app.deploy.resources.limits.pids']);
  });
});
