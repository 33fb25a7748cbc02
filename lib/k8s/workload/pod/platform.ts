import type { ServiceContext } from '../../plan/context.ts';

/**
 * `platform: linux/arm64/v8` → nodeSelector `kubernetes.io/os: linux`, `kubernetes.io/arch: arm64`:
 * the image may exist for that platform only. The variant has no well-known node label.
 */
export function platformSelector(context: ServiceContext): Record<string, string> {
  const { service, warn } = context;
  if (service.platform === undefined) return {};
  const [os, arch, variant] = service.platform.toLowerCase().split('/');
  if (!os || !arch) {
    warn(`platform '${service.platform}' is not os/arch and is not translated`, `services.${service.name}.platform`);
    return {};
  }
  if (variant) warn(`platform variant '${variant}' has no node label; only ${os}/${arch} is required`, `services.${service.name}.platform`);
  return { 'kubernetes.io/os': os, 'kubernetes.io/arch': arch };
}
