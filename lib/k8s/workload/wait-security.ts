import type * as k8s from '../plan/api-types.ts';

/**
 * The securityContext of the init containers that wait for dependencies: they meet the restricted
 * Pod Security level whatever their image's default user (busybox and the kubectl image run as root).
 */
export const WAIT_SECURITY: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 65534,
  runAsGroup: 65534,
  seccompProfile: { type: 'RuntimeDefault' },
};
