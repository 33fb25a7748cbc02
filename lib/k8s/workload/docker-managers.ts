/**
 * Services that manage the host's Docker containers through the Docker socket: watchtower and
 * ouroboros pull newer images and recreate the containers, autoheal and deunhealth restart the
 * unhealthy ones. No pod has a Docker socket: deployed, they crash or idle, and the stack looks broken
 * for a part it does not need (until 2026-12-07). Kubernetes does their work itself, so they are left
 * out, each said once with what does it instead.
 */
import type { ComposeProject } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { own } from '../plan/own.ts';
import { parseImage } from './image-profiles.ts';
import { withoutServices } from './left-out-services.ts';

const UPDATES = 'updates the other containers to newer images';
const HEALS = 'restarts unhealthy containers';

/** What each manager does, by its image's last path segment (containrrr/watchtower, its forks, willfarrell/autoheal). */
const MANAGERS: Readonly<Record<string, { readonly does: string; readonly instead: string }>> = {
  watchtower: {
    does: UPDATES,
    instead: "a workload changes when its manifest's image does: pin tags or digests and let an image updater (Renovate, Argo CD Image Updater, Flux's image automation) bump them",
  },
  ouroboros: {
    does: UPDATES,
    instead: "a workload changes when its manifest's image does: pin tags or digests and let an image updater (Renovate, Argo CD Image Updater, Flux's image automation) bump them",
  },
  autoheal: { does: HEALS, instead: 'the kubelet restarts a container whose liveness probe (its healthcheck) fails' },
  deunhealth: { does: HEALS, instead: 'the kubelet restarts a container whose liveness probe (its healthcheck) fails' },
};

/**
 * Managers known by their whole repository, whose last segment says nothing: AzuraCast's updater is
 * Watchtower under AzuraCast's name, scoped to the containers labelled
 * `com.centurylinklabs.watchtower.scope=azuracast` (AzuraCast/AzuraCast's docker-compose.sample.yml).
 */
const MANAGER_REPOSITORIES: Readonly<Record<string, string>> = { 'azuracast/updater': 'watchtower' };

export function withoutDockerManagers(project: ComposeProject, warn: Warn): ComposeProject {
  const leftOut = new Map<string, string>();
  for (const service of Object.values(project.services)) {
    if (service.image === undefined) continue;
    const { repository } = parseImage(service.image);
    const tool = own(MANAGER_REPOSITORIES, repository) ?? repository.slice(repository.lastIndexOf('/') + 1);
    const manager = own(MANAGERS, tool);
    if (manager === undefined) continue;
    warn(
      `service '${service.name}' runs ${tool}, which ${manager.does} through the Docker socket that no pod has: it is left out, as Kubernetes does its work: ${manager.instead}`,
      `services.${service.name}.image`,
    );
    leftOut.set(service.name, `'${service.name}' runs ${tool}, which is left out`);
  }
  return withoutServices(project, leftOut, warn);
}
