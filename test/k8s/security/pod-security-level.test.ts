import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as k8s from '../../../lib/k8s/plan/api-types.ts';
import { podSecurityLevel } from '../../../lib/k8s/security/pod-security-level.ts';
import { pssScript, referenceLevels } from '../support/pss.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Pod = Omit<Mutable<k8s.PodSpec>, 'securityContext' | 'containers'> & {
  securityContext: Mutable<k8s.PodSecurityContext>;
  containers: Container[];
};
type Container = Omit<Mutable<k8s.Container>, 'securityContext'> & { securityContext: Mutable<k8s.SecurityContext> };

/** A pod that meets restricted. */
function restrictedPod(): Pod {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: 'app', image: 'example/app:1.0', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
  };
}
const RESTRICTED: k8s.PodSpec = restrictedPod();

const app = (pod: Pod): Container => pod.containers[0] as Container;
const addCapability = (name: string) => (pod: Pod) => {
  app(pod).securityContext.capabilities = { drop: ['ALL'], add: [name] };
};
const addVolume = (volume: k8s.Volume) => (pod: Pod) => {
  pod.volumes = [...(pod.volumes ?? []), volume];
};
const addSysctl = (name: string) => (pod: Pod) => {
  pod.securityContext.sysctls = [...(pod.securityContext.sysctls ?? []), { name, value: '0' }];
};

/** One setting changed each, across every check either level makes. */
const MUTATIONS: Readonly<Record<string, (pod: Pod) => void>> = {
  hostNetwork: (pod) => { pod.hostNetwork = true; },
  hostPID: (pod) => { pod.hostPID = true; },
  podRunsAsRoot: (pod) => { pod.securityContext.runAsUser = 0; },
  podMayRunAsRoot: (pod) => { pod.securityContext.runAsNonRoot = false; },
  podNonRootUnset: (pod) => { delete pod.securityContext.runAsNonRoot; },
  containerNonRoot: (pod) => { app(pod).securityContext.runAsNonRoot = true; },
  containerMayRunAsRoot: (pod) => { app(pod).securityContext.runAsNonRoot = false; },
  containerRunsAsRoot: (pod) => { app(pod).securityContext.runAsUser = 0; },
  containerRunsAs1000: (pod) => { app(pod).securityContext.runAsUser = 1000; },
  podSeccompUnset: (pod) => { delete pod.securityContext.seccompProfile; },
  podSeccompUnconfined: (pod) => { pod.securityContext.seccompProfile = { type: 'Unconfined' }; },
  containerSeccompLocalhost: (pod) => { app(pod).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'audit.json' }; },
  containerSeccompUnconfined: (pod) => { app(pod).securityContext.seccompProfile = { type: 'Unconfined' }; },
  seLinuxContainerType: (pod) => { pod.securityContext.seLinuxOptions = { type: 'container_t', level: 's0:c1' }; },
  seLinuxSpcType: (pod) => { app(pod).securityContext.seLinuxOptions = { type: 'spc_t' }; },
  seLinuxUser: (pod) => { pod.securityContext.seLinuxOptions = { user: 'system_u' }; },
  privileged: (pod) => { app(pod).securityContext.privileged = true; },
  notPrivileged: (pod) => { app(pod).securityContext.privileged = false; },
  escalation: (pod) => { app(pod).securityContext.allowPrivilegeEscalation = true; },
  escalationUnset: (pod) => { delete app(pod).securityContext.allowPrivilegeEscalation; },
  procMount: (pod) => { app(pod).securityContext.procMount = 'Unmasked'; },
  noDrop: (pod) => { app(pod).securityContext.capabilities = { drop: ['NET_RAW'] }; },
  addBindService: addCapability('NET_BIND_SERVICE'),
  addChown: addCapability('CHOWN'),
  addNetRaw: addCapability('NET_RAW'),
  addNetAdmin: addCapability('NET_ADMIN'),
  hostPort: (pod) => { app(pod).ports = [{ containerPort: 80, hostPort: 80 }]; },
  emptyDir: addVolume({ name: 'scratch', emptyDir: {} }),
  configMap: addVolume({ name: 'config', configMap: { name: 'config' } }),
  nfs: addVolume({ name: 'nfs', nfs: { server: 'nfs.example', path: '/export' } }),
  hostPath: addVolume({ name: 'host', hostPath: { path: '/var/log' } }),
  safeSysctl: addSysctl('net.ipv4.ip_unprivileged_port_start'),
  unsafeSysctl: addSysctl('net.core.somaxconn'),
  restrictedInit: (pod) => { pod.initContainers = [{ ...app(restrictedPod()), name: 'init' }]; },
  rootInit: (pod) => { pod.initContainers = [{ ...app(restrictedPod()), name: 'init', securityContext: { runAsUser: 0 } }]; },
};

const mutatedPod: fc.Arbitrary<k8s.PodSpec> = fc
  .subarray(Object.keys(MUTATIONS), { maxLength: 3 })
  .chain((names) => fc.shuffledSubarray(names, { minLength: names.length }))
  .map((names) => {
    const pod = restrictedPod();
    for (const name of names) MUTATIONS[name]?.(pod);
    return pod;
  });

describe('podSecurityLevel', () => {
  it('finds restricted, baseline and privileged pods', () => {
    expect(podSecurityLevel(RESTRICTED)).toBe('restricted');
    expect(podSecurityLevel({ ...RESTRICTED, securityContext: {} })).toBe('baseline');
    expect(podSecurityLevel({ ...RESTRICTED, hostNetwork: true })).toBe('privileged');
  });

  it.skipIf(!existsSync(pssScript))('agrees with pss.mjs on 400 generated pods', () => {
    const pods = Object.fromEntries(fc.sample(mutatedPod, { numRuns: 400, seed: 20261125 }).map((spec, i) => [`pod-${i}`, spec]));
    const reference = referenceLevels(pods);
    const ours = Object.fromEntries(Object.entries(pods).map(([name, spec]) => [name, podSecurityLevel(spec)]));
    expect(ours).toEqual(reference);
    const counts = Object.values(reference).reduce<Record<string, number>>((n, level) => ({ ...n, [level]: (n[level] ?? 0) + 1 }), {});
    expect(Object.keys(counts).sort()).toEqual(['baseline', 'privileged', 'restricted']);
  });
});
if (!existsSync(pssScript)) console.warn(`[skip] pss.mjs cross-check: ${pssScript} not found`);
