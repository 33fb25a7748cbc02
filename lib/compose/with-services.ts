import type { ComposeProject, Service } from './model.ts';

/**
 * The project with other services, everything else shared. Property by property, so that fields the
 * loader computes on first read (the locations of every key) stay unread (issue 7).
 */
export function withServices(project: ComposeProject, services: Readonly<Record<string, Service>>): ComposeProject {
  const descriptors = Object.getOwnPropertyDescriptors(project);
  return Object.defineProperties({}, { ...descriptors, services: { ...descriptors.services, value: services } }) as ComposeProject;
}
