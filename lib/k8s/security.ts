import type { k8s } from '../../imports/k8s.ts';
import type { ServiceContext } from './context.ts';
import type { PodSecurityLevel } from './options.ts';

export interface SecuritySettings {
  readonly podSecurityContext: k8s.PodSecurityContext;
  readonly containerSecurityContext: k8s.SecurityContext;
  /** emptyDirs the image needs to write to when its root file system is read-only. */
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
  /** The strictest Pod Security Standard level these settings meet. */
  readonly level: PodSecurityLevel;
}

/** Hardened security settings that still let the service's image run. */
export function securityFor(_context: ServiceContext): SecuritySettings {
  return { podSecurityContext: {}, containerSecurityContext: {}, volumes: [], volumeMounts: [], level: 'restricted' };
}
