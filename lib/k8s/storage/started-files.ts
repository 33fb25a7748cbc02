import { posix } from 'node:path';
import type { ServiceContext } from '../plan/context.ts';
import { containerCommand } from '../workload/container-command.ts';

/**
 * Whether the container starts the file mounted at `target` as its program: the first word of its
 * command (entrypoint, else command) names that file, absolute, or relative to the working
 * directory (compose's `working_dir`, else the image's). Where the working directory is unknown, a
 * relative word names the file when it is the end of the target's path: marquez runs
 * `./wait-for-it.sh` from the image's /usr/src/app, where compose mounts ./docker/wait-for-it.sh.
 * The kernel runs only an executable file: a file absent at conversion time has no mode to copy,
 * and Kubernetes mounts a ConfigMap's or Secret's keys 0644 unless the volume says otherwise.
 */
export function startsFileAt(context: ServiceContext, target: string): boolean {
  const program = containerCommand(context).words[0];
  if (program === undefined || !program.includes('/')) return false;
  if (program.startsWith('/')) return posix.normalize(program) === posix.normalize(target);
  const workingDir = context.service.workingDir ?? context.image?.config.workingDir;
  if (workingDir !== undefined) return posix.join(workingDir, program) === posix.normalize(target);
  const relative = posix.normalize(program);
  return relative !== '..' && !relative.startsWith('../') && posix.normalize(target).endsWith(`/${relative}`);
}
