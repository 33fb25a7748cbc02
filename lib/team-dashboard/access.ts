import type { Construct } from 'constructs';
import { k8s } from '../../imports/k8s.ts';
import { KubeRole, KubeRoleBinding, KubeServiceAccount } from '../k8s/kube-objects.ts';
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
];

/** The orchestration service's identity and the namespaced Role that lets it manage dashboards. */
export function addManagerAccess(scope: Construct, settings: AccessSettings): void {
  const metadata = { namespace: settings.namespace, labels: { ...settings.labels } };
  new KubeServiceAccount(scope, 'service-account', {
    metadata: { ...metadata, name: settings.serviceAccountName },
  });
  const roleName = `${TEMPLATE_NAME}-manager`;
  new KubeRole(scope, 'role', { metadata: { ...metadata, name: roleName }, rules: [...MANAGER_RULES] });
  new KubeRoleBinding(scope, 'role-binding', {
    metadata: { ...metadata, name: roleName },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
    subjects: [{ kind: 'ServiceAccount', name: settings.serviceAccountName, namespace: settings.namespace }],
  });
}
