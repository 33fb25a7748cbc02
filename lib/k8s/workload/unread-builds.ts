import type { ComposeProject } from '../../compose/model.ts';
import type { ProjectImageFacts } from '../../images/project-facts.ts';
import type { Warn } from '../plan/context.ts';

/**
 * Builds whose Dockerfile the converter could not read (missing, remote, outside the project, too
 * large): their image is taken as built elsewhere, and what its Dockerfile would have said (user,
 * ports, command, healthcheck, files) is unknown, so the rules fall back to their defaults. Said once
 * per service at its `build:`; until 2026-12-07 only the user's default said anything
 * (WenhaoCao00/Intelligent-Lighting-system's ./mqtt_listener_service, absent from its repository).
 */
export function reportUnreadBuilds(project: ComposeProject, imageFacts: ProjectImageFacts | undefined, warn: Warn): void {
  for (const service of Object.values(project.services)) {
    const result = service.build ? imageFacts?.services[service.name] : undefined;
    if (result === undefined || result.facts !== undefined || result.reason === undefined) continue;
    warn(
      `${result.reason}: the image is taken as built elsewhere, and its user, ports, command, healthcheck and files are unknown to the converter, which uses its defaults for them`,
      `services.${service.name}.build`,
    );
  }
}
