import type { ComposeProject, Service, ServiceVolume } from '../../compose/model.ts';
import { withServices } from '../../compose/with-services.ts';
import type { Warn } from '../plan/context.ts';
import { own } from '../plan/own.ts';

/**
 * The service with the mounts its `volumes_from` entries give it, as Docker does: every mount of
 * each source service (including what that one has from its own `volumes_from`), read-only with
 * `:ro`, else in the source's mode, never over a path the service mounts itself. The storage rules
 * then translate them like the service's own: the same named volume is the same claim, the same
 * project file the same ConfigMap. What cannot be shared between two pods is reported: anonymous
 * volumes and tmpfs (each pod gets its own), and `container:` sources (not in the project). The
 * start order compose adds for `volumes_from` is a `depends_on` of the loader's.
 */
export function withVolumesFrom(project: ComposeProject, service: Service, warn: Warn): Service {
  const entries = volumesFromEntries(service);
  if (entries.length === 0) return service;
  const mounted = new Set(service.volumes.map((mount) => mount.target));
  const added: ServiceVolume[] = [];
  entries.forEach(({ source, readOnly }, index) => {
    const key = `services.${service.name}.volumes_from.${index}`;
    if (source.startsWith('container:')) {
      warn(`volumes_from '${source}' is not translated: the container is not part of the project; mount its volumes explicitly`, key);
      return;
    }
    const unshared = new Set<string>();
    for (const mount of mountsOf(project, source, new Set([service.name]))) {
      if (mounted.has(mount.target)) continue;
      if (!isShareable(mount)) {
        unshared.add(mount.target);
        continue;
      }
      mounted.add(mount.target);
      added.push(readOnly ? { ...mount, readOnly: true } : mount);
    }
    if (unshared.size > 0) {
      warn(`volumes_from '${source}': ${[...unshared].sort().join(', ')} ${unshared.size === 1 ? 'is' : 'are'} not shared: an anonymous volume or tmpfs belongs to one pod, so this pod gets its own (name the volume in both services to share it)`, key);
    }
  });
  return added.length === 0 ? service : { ...service, volumes: [...service.volumes, ...added] };
}

interface VolumesFromEntry {
  readonly source: string;
  readonly readOnly: boolean;
}

/** `service`, `service:ro`, `service:rw`, `container:name[:mode]`, from the resolved compose mapping. */
function volumesFromEntries(service: Service): VolumesFromEntry[] {
  const raw = service.raw['volumes_from'];
  if (!Array.isArray(raw)) return [];
  return raw.filter((entry): entry is string => typeof entry === 'string').map((entry) => {
    const parts = entry.split(':');
    const container = parts[0] === 'container';
    const source = container ? parts.slice(0, 2).join(':') : (parts[0] ?? '');
    return { source, readOnly: parts[container ? 2 : 1] === 'ro' };
  });
}

/** The mounts a source service has, its own first, then those of its volumes_from (cycles stop). */
function mountsOf(project: ComposeProject, name: string, seen: Set<string>): ServiceVolume[] {
  const source = own(project.services, name);
  if (!source || seen.has(name)) return [];
  seen.add(name);
  const inherited = volumesFromEntries(source)
    .filter((entry) => !entry.source.startsWith('container:'))
    .flatMap((entry) => mountsOf(project, entry.source, seen).map((mount) => (entry.readOnly ? { ...mount, readOnly: true } : mount)));
  return [...source.volumes, ...inherited];
}

function isShareable(mount: ServiceVolume): boolean {
  return (mount.type === 'volume' && mount.source !== undefined) || mount.type === 'bind';
}

/** The project with every service's `volumes_from` mounts added (see withVolumesFrom). */
export function withVolumesFromAll(project: ComposeProject, warn: Warn): ComposeProject {
  let services: Record<string, Service> | undefined;
  for (const [name, service] of Object.entries(project.services)) {
    const joined = withVolumesFrom(project, service, warn);
    if (joined === service) continue;
    services ??= { ...project.services };
    services[name] = joined;
  }
  return services === undefined ? project : withServices(project, services);
}
