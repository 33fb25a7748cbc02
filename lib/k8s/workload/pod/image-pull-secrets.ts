import type * as k8s from '../../plan/api-types.ts';
import type { ServiceContext } from '../../plan/context.ts';

/** `x-kubernetes.imagePullSecrets`: the registry credentials the kubelet pulls the pod's images with. */
export function imagePullSecrets(context: ServiceContext): k8s.LocalObjectReference[] | undefined {
  const names = context.options.imagePullSecrets ?? [];
  return names.length === 0 ? undefined : [...new Set(names)].map((name) => ({ name }));
}
