import type * as k8s from '../plan/api-types.ts';
import type { ServiceContext } from '../plan/context.ts';
import { EXTENSION_KEY } from '../options/options-validation.ts';

/**
 * `x-kubernetes.subPaths`: the mount of a volume at each listed target shows one directory of it.
 * Only volumes (compose `type: volume`): a bind mount's claim is filled by an init container at its
 * root. A target with no such mount, or one with a subPath already (compose's `volume.subpath`),
 * is reported and left as it is.
 */
export function withSubPaths(context: ServiceContext, mounts: readonly k8s.VolumeMount[]): k8s.VolumeMount[] {
  const subPaths = context.options.subPaths ?? {};
  const key = `services.${context.service.name}.${EXTENSION_KEY}.subPaths`;
  const applied = new Map<string, string>();
  for (const [target, subPath] of Object.entries(subPaths)) {
    const compose = context.service.volumes.find((mount) => mount.target === target);
    const mount = mounts.find((candidate) => candidate.mountPath === target);
    if (compose === undefined || mount === undefined) context.warn(`no volume is mounted at '${target}', so its subPath is unused`, `${key}.${target}`);
    else if (compose.type !== 'volume') context.warn(`the mount at '${target}' is a ${compose.type} mount; subPaths apply to volumes (type: volume)`, `${key}.${target}`);
    else if (mount.subPath !== undefined) context.warn(`the mount at '${target}' has a subPath already (compose's volume.subpath); this one is unused`, `${key}.${target}`);
    else applied.set(target, subPath);
  }
  return mounts.map((mount) => {
    const subPath = applied.get(mount.mountPath);
    return subPath === undefined ? mount : { ...mount, subPath };
  });
}
