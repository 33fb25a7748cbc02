import { ComposeError } from './errors.ts';
import type { ComposeProject, Service } from './model.ts';
import { withServices } from './with-services.ts';

/**
 * The project with only the named services and those they depend on (`depends_on`, which also holds
 * what `volumes_from` and `network_mode`/`ipc: service:` imply), as `docker compose up SERVICE…`
 * starts them. An unknown name is an error; no names keep the project as it is.
 */
export function selectServices(project: ComposeProject, names: readonly string[]): ComposeProject {
  if (names.length === 0) return project;
  const selected = new Set<string>();
  const visit = (name: string): void => {
    if (selected.has(name)) return;
    const service = Object.hasOwn(project.services, name) ? project.services[name] : undefined;
    if (!service) return;
    selected.add(name);
    for (const dependency of Object.keys(service.dependsOn)) visit(dependency);
  };
  for (const name of names) {
    if (!Object.hasOwn(project.services, name)) {
      const known = Object.keys(project.services).sort().join(', ');
      throw new ComposeError(`no such service: ${name} (the project has ${known || 'none'})`);
    }
    visit(name);
  }
  const services: Record<string, Service> = {};
  for (const [name, service] of Object.entries(project.services)) if (selected.has(name)) services[name] = service;
  return withServices(project, services);
}
