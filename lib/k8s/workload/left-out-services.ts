/**
 * Services the translation leaves out: provider services, ofelia's scheduler, the managers of Docker's
 * own containers. Nothing is deployed for them, and the services that depend on them do not wait for
 * them; each such wait is said, with why the service is left out.
 */
import type { ComposeProject, Service } from '../../compose/model.ts';
import { withServices } from '../../compose/with-services.ts';
import type { Warn } from '../plan/context.ts';
import { reportLoopbackToLeftOut } from '../networking/host-network-loopback.ts';

/** `leftOut`: each service left out, with why a wait for it is dropped (`it is a provider service, …`). */
export function withoutServices(project: ComposeProject, leftOut: ReadonlyMap<string, string>, warn: Warn): ComposeProject {
  if (leftOut.size === 0) return project;
  reportLoopbackToLeftOut(project, leftOut, warn);
  const services: Record<string, Service> = {};
  for (const service of Object.values(project.services)) {
    if (leftOut.has(service.name)) continue;
    const waits = Object.keys(service.dependsOn).filter((dependency) => leftOut.has(dependency));
    for (const dependency of waits) {
      warn(`depends_on '${dependency}' is not waited for: ${leftOut.get(dependency) ?? ''}`, `services.${service.name}.depends_on.${dependency}`);
    }
    services[service.name] = waits.length === 0 ? service : { ...service, dependsOn: Object.fromEntries(Object.entries(service.dependsOn).filter(([dependency]) => !leftOut.has(dependency))) };
  }
  return withServices(project, services);
}
