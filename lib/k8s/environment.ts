import type { k8s } from '../../imports/k8s.ts';
import type { SecretPayload, ServiceContext } from './context.ts';

export interface ContainerEnvironment {
  readonly env: readonly k8s.EnvVar[];
  /** `command`/`entrypoint` with secret values replaced by `$(VAR)` references. */
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** Mounts of compose `secrets:` and `configs:` (e.g. at `/run/secrets/<name>`). */
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
  /** The Secrets the env and mounts reference, with their values (for `cdk8s-compose secrets`). */
  readonly secrets: readonly SecretPayload[];
}

/** Environment, secrets and configs of the service's container; sensitive values only by reference. */
export function environmentFor(_context: ServiceContext): ContainerEnvironment {
  return { env: [], volumes: [], volumeMounts: [], secrets: [] };
}
