import type * as k8s from '../k8s/plan/api-types.ts';
import type { Named } from '../k8s/plan/plan.ts';
import { TEMPLATE_NAME } from './names.ts';

export interface AccessSettings {
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Exactly the calls TeamDashboardManager makes, in this namespace only; test/cluster shows that
 * each verb is needed.
 */
const MANAGER_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: ['batch'], resources: ['cronjobs'], resourceNames: [TEMPLATE_NAME], verbs: ['get'] },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'list', 'delete'] },
  { apiGroups: [''], resources: ['services'], verbs: ['create', 'get', 'list', 'delete'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  // The per-team routes (the manager's `route`); never listed: they go with their Jobs.
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['create', 'get', 'delete'] },
];

/** The orchestration service's identity and the namespaced Role that lets it manage dashboards. */
export function managerAccess(settings: AccessSettings): [Named<k8s.ServiceAccount>, Named<k8s.Role>, Named<k8s.RoleBinding>] {
  const metadata = { namespace: settings.namespace, labels: { ...settings.labels } };
  const roleName = `${TEMPLATE_NAME}-manager`;
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { ...metadata, name: settings.serviceAccountName } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { ...metadata, name: roleName }, rules: [...MANAGER_RULES] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { ...metadata, name: roleName },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
      subjects: [{ kind: 'ServiceAccount', name: settings.serviceAccountName, namespace: settings.namespace }],
    },
  ];
}
