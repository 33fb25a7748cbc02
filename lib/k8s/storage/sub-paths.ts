import type * as k8s from '../plan/api-types.ts';
import type { ServiceContext } from '../plan/context.ts';
import { EXTENSION_KEY } from '../options/options-validation.ts';

/**
 * `x-kubernetes.subPaths`: the mount at each listed target shows one directory of its volume. A
 * target the container does not mount, or a mount that already shows one file of its volume (a
 * config or secret), is reported and left as it is.
 */
export function withSubPaths(context: ServiceContext, mounts: readonly k8s.VolumeMount[]): k8s.VolumeMount[] {
  const subPaths = context.options.subPaths ?? {};
  const key = `services.${context.service.name}.${EXTENSION_KEY}.subPaths`;
  for (const target of Object.keys(subPaths)) {
    const mount = mounts.find((candidate) => candidate.mountPath === target);
    if (mount === undefined) context.warn(`no volume is mounted at '${target}', so its subPath is unused`, `${key}.${target}`);
    else if (mount.subPath !== undefined) context.warn(`the mount at '${target}' has a subPath already (compose's volume.subpath, or one file of a config or secret); this one is unused`, `${key}.${target}`);
  }
  return mounts.map((mount) => {
    const subPath = Object.hasOwn(subPaths, mount.mountPath) ? subPaths[mount.mountPath] : undefined;
    return subPath === undefined || mount.subPath !== undefined ? mount : { ...mount, subPath };
  });
}
