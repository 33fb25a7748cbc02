/**
 * Capabilities compose adds that a non-root container can never use. Kubernetes puts them in the
 * process's bounding set only: a process that is not root gains none of them at exec, having no
 * ambient capabilities (kubernetes/kubernetes#56374), and under no_new_privs
 * (allowPrivilegeEscalation: false) not even through a binary's file capabilities. Kept in the
 * spec they gave nothing, yet Pod Security's baseline level forbids most of them, so one such
 * capability labelled the whole Namespace privileged: jonhowe/joplinserver's caddy (NET_ADMIN, for
 * QUIC's buffers) runs as uid 1000 from its profile (rw18vd; until 2026-12-07).
 */
import type { Service } from '../../compose/model.ts';
import type { ImageProfile } from '../workload/image-profiles.ts';
import { capabilityName } from './pod-security-level.ts';

/**
 * The capabilities of `cap_add` left out, sorted: none unless the container runs as a known
 * non-root user without privilege escalation. NET_BIND_SERVICE stays (the restricted level allows
 * it), and so do the image's own file capabilities, which exec needs in the bounding set.
 */
export function voidCapabilities(service: Service, profile: ImageProfile, runAsUser: number | undefined, escalates: boolean): string[] {
  if (runAsUser === undefined || runAsUser === 0 || escalates || service.capAdd.length === 0) return [];
  const kept = new Set(['NET_BIND_SERVICE', ...(profile.fileCapabilities ?? [])]);
  return [...new Set(service.capAdd.map(capabilityName))].filter((name) => !kept.has(name)).sort();
}

export function voidCapabilitiesMessage(names: readonly string[], runAsUser: number): string {
  const list = names.join(', ');
  return `cap_add ${list} is left out: the container runs as uid ${runAsUser} without privilege escalation, and Kubernetes grants a process that is not root no added capability (it reaches the bounding set only), so ${names.length > 1 ? 'they' : 'it'} would give nothing and only lower the Namespace's Pod Security level; set x-kubernetes securityContext.runAsUser: 0 if the service needs ${list} (as root it gets ${names.length > 1 ? 'them' : 'it'}, and the Namespace allows privileged pods)`;
}
