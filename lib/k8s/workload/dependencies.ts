import type * as k8s from '../plan/api-types.ts';
import type { Dependency, Service } from '../../compose/model.ts';
import type { ServiceContext } from '../plan/context.ts';
import { firstTcpPort } from './first-tcp-port.ts';
import { cpuText, memoryText } from '../plan/quantities.ts';
import { own } from '../plan/own.ts';

/** Small, pinned, and with `nc`, `sh` and `timeout`. */
export const WAIT_IMAGE = 'busybox:1.36.1';
/** How long an optional (`required: false`) dependency is waited for before starting anyway. */
export const OPTIONAL_WAIT_SECONDS = 60;

/**
 * Builds the container of a compose service (as the workload would run it), so that a
 * `service_completed_successfully` dependency can run to completion before the dependent starts.
 */
export type DependencyContainer = (dependency: string) => k8s.Container | undefined;

const MiB = 1024 ** 2;
/** Also the seed containers' (storage/shipped-files.ts): nobody, nothing writable, no privileges. */
export const WAIT_SECURITY: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 65534,
  runAsGroup: 65534,
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * Init containers that keep `depends_on` start order. `service_started` and `service_healthy`
 * wait until the dependency's Service accepts TCP connections on its first TCP port: a Service
 * only routes to ready pods, and readiness is the dependency's healthcheck. A
 * `service_completed_successfully` dependency runs to completion as an init container built by
 * `runDependency`, after the waits its own dependencies need.
 */
export function initContainersFor(context: ServiceContext, runDependency?: DependencyContainer): k8s.Container[] {
  const { service } = context;
  const waits = new Map<string, k8s.Container>();
  const runs: k8s.Container[] = [];
  for (const [name, dependency] of sortedDependencies(service)) {
    const key = `services.${service.name}.depends_on.${name}`;
    const target = own(context.project.services, name);
    if (!target) {
      context.warn(`depends_on '${name}' is not an enabled service; not waited for`, key);
      continue;
    }
    if (dependency.restart) {
      context.warn('depends_on restart is not translated: Kubernetes does not restart dependents', `${key}.restart`);
    }
    if (dependency.condition !== 'service_completed_successfully') {
      addWait(context, waits, target, dependency.required, key);
      continue;
    }
    if (!dependency.required) {
      context.warn(`optional depends_on '${name}' (service_completed_successfully) is not run before this service`, key);
      continue;
    }
    const container = runDependency?.(name);
    if (!container) {
      context.warn(`depends_on '${name}' (service_completed_successfully) is not enforced: its container cannot be built here`, key);
      continue;
    }
    for (const [inner, innerDependency] of sortedDependencies(target)) {
      const innerTarget = own(context.project.services, inner);
      if (innerTarget && innerDependency.condition !== 'service_completed_successfully') {
        addWait(context, waits, innerTarget, innerDependency.required, `services.${name}.depends_on.${inner}`);
      }
    }
    runs.push({ ...container, name: containerName('run-', kubernetesName(context, name)) });
  }
  return [...waits.values(), ...runs];
}

function sortedDependencies(service: Service): [string, Dependency][] {
  return Object.entries(service.dependsOn).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function kubernetesName(context: ServiceContext, service: string): string {
  return own(context.names, service) ?? service;
}

function addWait(
  context: ServiceContext,
  waits: Map<string, k8s.Container>,
  target: Service,
  required: boolean,
  key: string,
): void {
  const host = kubernetesName(context, target.name);
  const name = containerName('wait-for-', host);
  if (waits.has(name)) return;
  const port = firstTcpPort(target);
  if (port === undefined) {
    context.warn(`depends_on '${target.name}' is not waited for: it declares no TCP port, so it has no Service to wait on`, key);
    return;
  }
  const loop = `until nc -z -w 2 ${host} ${port}; do echo waiting for ${host}:${port}; sleep 2; done`;
  const script = required
    ? loop
    : `timeout ${OPTIONAL_WAIT_SECONDS} sh -c '${loop}' || echo ${host}:${port} not reachable after ${OPTIONAL_WAIT_SECONDS}s, starting anyway`;
  waits.set(name, {
    name,
    image: WAIT_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    command: ['sh', '-c', script],
    resources: {
      requests: { cpu: cpuText(0.01), memory: memoryText(16 * MiB) },
      limits: { cpu: cpuText(0.1), memory: memoryText(32 * MiB) },
    },
    securityContext: WAIT_SECURITY,
  });
}

/** A DNS label of at most 63 characters, as container names must be. */
function containerName(prefix: string, name: string): string {
  return `${prefix}${name}`.slice(0, 63).replace(/-+$/, '');
}
