import type { ComposeProject, Service } from '../../../compose/model.ts';

/** Names of tasks that prepare a stack: `superset-init`, `db_migrate`, `createbuckets`, `seed`. */
const TASK_NAME = /(^|[-_.])(init|migrate|migration|migrations|setup|bootstrap|seed|provision|createbuckets)([-_.]|$)/i;

/**
 * A service that is a one-shot task by its shape, though nobody waits for its completion: its name
 * says it is a task, it asks for no restart after it exits (no `restart`, `no` or `on-failure`),
 * serves nothing (no ports, no healthcheck), and no service waits for it to be up. As a Deployment
 * Kubernetes would restart it after every exit: a migration run forever, an init script in a loop.
 */
export function isOneShotByShape(project: ComposeProject, service: Service): boolean {
  const restart = service.restart ?? 'no';
  if (restart !== 'no' && !restart.startsWith('on-failure')) return false;
  if (service.ports.length > 0 || service.expose.length > 0) return false;
  if (service.healthcheck !== undefined && !service.healthcheck.disable) return false;
  if (!TASK_NAME.test(service.name)) return false;
  return !Object.values(project.services).some((other) => {
    const dependency = other.dependsOn[service.name];
    return dependency !== undefined && dependency.condition !== 'service_completed_successfully';
  });
}
