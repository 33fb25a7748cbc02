/**
 * Compose `provider` services (`provider: {type: model}` and other plugins) run no container: the
 * plugin sets something up and hands variables to the services that depend on it. Nothing can be
 * deployed for them, so they are left out of the translation — not run as a build-only service
 * with an image nobody built — and their dependents do not wait for them.
 */
import type { ComposeProject, Service } from '../../compose/model.ts';
import { withServices } from '../../compose/with-services.ts';
import type { Warn } from '../plan/context.ts';

function providerType(service: Service): string | undefined {
  const provider = service.raw['provider'];
  if (provider === undefined) return undefined;
  const type = typeof provider === 'object' && provider !== null ? (provider as Record<string, unknown>)['type'] : undefined;
  return typeof type === 'string' ? type : 'unknown';
}

/** The project without its provider services, each reported, and without the waits for them. */
export function withoutProviderServices(project: ComposeProject, warn: Warn): ComposeProject {
  const providers = new Set(Object.values(project.services).filter((service) => providerType(service) !== undefined).map((service) => service.name));
  if (providers.size === 0) return project;
  const services: Record<string, Service> = {};
  for (const service of Object.values(project.services)) {
    if (providers.has(service.name)) {
      warn(
        `service '${service.name}' is a provider service (type ${providerType(service)}), which runs no container: nothing is deployed for it; deploy what it provides and set the variables compose would give the services that depend on it`,
        `services.${service.name}.provider`,
      );
      continue;
    }
    const waits = Object.keys(service.dependsOn).filter((dependency) => providers.has(dependency));
    for (const dependency of waits) {
      warn(`depends_on '${dependency}' is not waited for: it is a provider service, for which nothing is deployed`, `services.${service.name}.depends_on.${dependency}`);
    }
    services[service.name] = waits.length === 0 ? service : { ...service, dependsOn: Object.fromEntries(Object.entries(service.dependsOn).filter(([dependency]) => !providers.has(dependency))) };
  }
  return withServices(project, services);
}
