/** All A rules together on rich services: the pod they make is valid Kubernetes 1.27 and meets the level claimed. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as k8s from '../../../lib/k8s/plan/api-types.ts';
import type { Service } from '../../../lib/compose/model.ts';
import { initContainersFor } from '../../../lib/k8s/workload/dependencies.ts';
import { devicesFor } from '../../../lib/k8s/workload/devices.ts';
import type { ServiceOptions } from '../../../lib/k8s/options/options.ts';
import { placementFor } from '../../../lib/k8s/workload/placement.ts';
import { probesFor } from '../../../lib/k8s/workload/probes.ts';
import { resourcesFor } from '../../../lib/k8s/workload/resources.ts';
import { securityFor } from '../../../lib/k8s/security/security.ts';
import { validateManifests, type Manifest } from '../../support/k8s.ts';
import { makeDeploy, makeService } from '../../support/model.ts';
import { contextFor } from '../support/collecting-context.ts';
import { podManifest, pssScript, referenceLevels, strictSchemaProblems } from '../support/pss.ts';

const GiB = 1024 ** 3;
const db = makeService('db', { image: 'postgres:16-alpine', expose: [{ port: 5432, protocol: 'tcp' }] });

const cases: Record<string, { service: Service; options?: ServiceOptions }> = {
  agent: {
    service: makeService('agent', {
      user: '1000:20',
      groupAdd: ['dialout'],
      devices: [{ source: '/dev/ttyUSB0', target: '/dev/ttyUSB0', permissions: 'rwm' }],
      dependsOn: { db: { condition: 'service_healthy', required: true, restart: false } },
      healthcheck: { test: ['CMD-SHELL', 'curl -fsS http://localhost:8082/api/stats || exit 1'], disable: false, interval: 15_000, startPeriod: 30_000 },
      deploy: makeDeploy({
        mode: 'global',
        placement: { constraints: ['node.labels.meshtastic == true', 'node.role == worker'], preferences: [{ spread: 'node.labels.zone' }], maxReplicasPerNode: 1 },
        resources: { limits: { cpus: 0.5, memory: 256 * 1024 ** 2 }, reservations: { devices: [{ capabilities: ['gpu'], count: 1, deviceIds: [] }] } },
      }),
    }),
  },
  proxy: {
    service: makeService('proxy', {
      image: 'nginx:1.25-alpine',
      readOnly: true,
      ports: [{ target: 80, published: 8080, protocol: 'tcp', mode: 'ingress' }],
      dependsOn: { db: { condition: 'service_started', required: false, restart: false } },
      deploy: makeDeploy({ placement: { constraints: ['node.role == manager'], preferences: [] } }),
    }),
  },
  sniffer: {
    service: makeService('sniffer', {
      capAdd: ['NET_ADMIN'],
      securityOpt: ['label=type:container_t'],
      sysctls: { 'net.ipv4.ping_group_range': '0 2147483647' },
      devices: [{ source: '/dev/net/tun', target: '/dev/net/tun', permissions: 'rwm' }],
      deploy: makeDeploy({ resources: { limits: {}, reservations: { memory: GiB, devices: [] } } }),
    }),
    options: { devices: { mode: 'hostPath' } },
  },
};

function podFor(service: Service, options: ServiceOptions = {}) {
  const context = contextFor(service, { others: [db], options });
  const devices = devicesFor(context);
  const security = securityFor(context, devices);
  const placement = placementFor(context);
  const spec: k8s.PodSpec = {
    securityContext: security.podSecurityContext,
    initContainers: initContainersFor(context),
    containers: [{
      name: service.name,
      image: service.image as string,
      resources: resourcesFor(context, devices.extendedResources),
      securityContext: security.containerSecurityContext,
      volumeMounts: [...security.volumeMounts, ...devices.volumeMounts],
      ...probesFor(context),
    }],
    volumes: [...security.volumes, ...devices.volumes],
    ...(placement.nodeSelector ? { nodeSelector: { ...placement.nodeSelector } } : {}),
    ...(placement.affinity ? { affinity: placement.affinity } : {}),
    ...(placement.tolerations ? { tolerations: [...placement.tolerations] } : {}),
    ...(placement.topologySpreadConstraints ? { topologySpreadConstraints: [...placement.topologySpreadConstraints] } : {}),
  };
  return { spec, level: security.level };
}

const pods = Object.fromEntries(Object.entries(cases).map(([name, c]) => [name, podFor(c.service, c.options)]));

describe('the A rules together', () => {
  it('make valid Kubernetes 1.27 pods', async () => {
    const manifests = Object.entries(pods).map(([name, pod]) => podManifest(name, pod.spec) as unknown as Manifest);
    expect(await validateManifests(manifests)).toEqual([]);
  });

  it.skipIf(!existsSync(pssScript))('pass the strict 1.27 schema of k8s-checks', () => {
    expect(strictSchemaProblems(Object.fromEntries(Object.entries(pods).map(([name, pod]) => [name, pod.spec])))).toEqual([]);
  });

  it.skipIf(!existsSync(pssScript))('meet exactly the level securityFor claims, by pss.mjs', () => {
    const reference = referenceLevels(Object.fromEntries(Object.entries(pods).map(([name, pod]) => [name, pod.spec])));
    expect(reference).toEqual({ agent: 'restricted', proxy: 'restricted', sniffer: 'privileged' });
    expect(Object.fromEntries(Object.entries(pods).map(([name, pod]) => [name, pod.level]))).toEqual(reference);
  });
});
if (!existsSync(pssScript)) console.warn(`[skip] pss.mjs cross-check: ${pssScript} not found`);
