import { refuseSecretIn } from '../../config-and-secrets/sensitive.ts';
import type { ServiceContext } from '../../plan/context.ts';

/** `working_dir` → the container's `workingDir`, which must not carry a secret (Kubernetes writes it in clear). */
export function workingDir(context: ServiceContext): string | undefined {
  const { workingDir } = context.service;
  if (workingDir !== undefined) refuseSecretIn(context, 'working_dir', workingDir, 'a working directory');
  return workingDir;
}
