import { refuseSecretIn } from '../../config-and-secrets/sensitive.ts';
import type { ServiceContext } from '../../plan/context.ts';

/** `working_dir` → the container's `workingDir`, which must not carry a secret (Kubernetes writes it in clear). */
export function workingDir(context: ServiceContext): string | undefined {
  const { project, service } = context;
  if (service.workingDir !== undefined) refuseSecretIn(project, service, 'working_dir', service.workingDir, 'a working directory');
  return service.workingDir;
}
