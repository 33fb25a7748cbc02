/**
 * Compose `provider` services (`provider: {type: model}` and other plugins) run no container: the
 * plugin sets something up and hands variables to the services that depend on it. Nothing can be
 * deployed for them, so they are left out of the translation — not run as a build-only service
 * with an image nobody built — and their dependents do not wait for them.
 */
import type { ComposeProject, Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { withoutServices } from './left-out-services.ts';

function providerType(service: Service): string | undefined {
  const provider = service.raw['provider'];
  if (provider === undefined) return undefined;
  const type = typeof provider === 'object' && provider !== null ? (provider as Record<string, unknown>)['type'] : undefined;
  return typeof type === 'string' ? type : 'unknown';
}

/** The project without its provider services, each reported, and without the waits for them. */
export function withoutProviderServices(project: ComposeProject, warn: Warn): ComposeProject {
  const providers = new Map<string, string>();
  for (const service of Object.values(project.services)) {
    const type = providerType(service);
    if (type === undefined) continue;
    warn(
      `service '${service.name}' is a provider service (type ${type}), which runs no container: nothing is deployed for it; deploy what it provides and set the variables compose would give the services that depend on it`,
      `services.${service.name}.provider`,
    );
    providers.set(service.name, 'it is a provider service, for which nothing is deployed');
  }
  return withoutServices(project, providers, warn);
}
