/** Standard labels (app.kubernetes.io/*). Selectors use only the stable pair `name` + `instance`. */

export const MANAGED_BY = 'cdk8s-compose';

/** Labels that select one service's pods; they never change for the life of the workload. */
export function selectorLabels(projectName: string, serviceName: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': labelValue(serviceName),
    'app.kubernetes.io/instance': labelValue(projectName),
  };
}

/** Labels of objects that belong to the project rather than one service (namespace, shared claims). */
export function projectLabels(projectName: string): Record<string, string> {
  return {
    'app.kubernetes.io/instance': labelValue(projectName),
    'app.kubernetes.io/part-of': labelValue(projectName),
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

/**
 * Every label an object of the service carries: the selector labels, the component, and the
 * project labels, in that order. Written out rather than spread from the other two: every service
 * builds it, and each value is checked once (issue 7).
 */
export function serviceLabels(projectName: string, serviceName: string): Record<string, string> {
  const service = labelValue(serviceName);
  const project = labelValue(projectName);
  return {
    'app.kubernetes.io/name': service,
    'app.kubernetes.io/instance': project,
    'app.kubernetes.io/component': service,
    'app.kubernetes.io/part-of': project,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A label value Kubernetes accepts: ≤63 characters, alphanumeric at both ends. */
export function labelValue(text: string): string {
  if (text.length <= 63 && LABEL_VALUE.test(text)) return text;
  return text
    .replace(/[^-A-Za-z0-9_.]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** Whether `key` may be a label or annotation key (`prefix/name`, name ≤63 characters). */
export function isQualifiedName(key: string): boolean {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const prefix = key.includes('/') ? key.slice(0, key.lastIndexOf('/')) : '';
  return name.length <= 63 && prefix.length <= 253 && QUALIFIED_NAME.test(key);
}
