/** Standard labels (app.kubernetes.io/*). Selectors use only the stable pair `name` + `instance`. */

export const MANAGED_BY = 'cdk8s-compose';

/** Labels that select one service's pods; they never change for the life of the workload. */
export function selectorLabels(projectName: string, serviceName: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': serviceName,
    'app.kubernetes.io/instance': projectName,
  };
}

/** Every label an object of the service carries. */
export function serviceLabels(projectName: string, serviceName: string): Record<string, string> {
  return {
    ...selectorLabels(projectName, serviceName),
    'app.kubernetes.io/component': serviceName,
    'app.kubernetes.io/part-of': projectName,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}
