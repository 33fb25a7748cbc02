/**
 * Local volumes that bind a host directory: `driver: local` with `driver_opts: {type: none, o: bind,
 * device: ${PWD}/redis-sentinel-base}`. Docker mounts that directory itself, as a bind mount: the
 * files in it are what the services read (a sentinel runs `/redis-sentinel-base/init-sentinel.sh`
 * from one). The loader reads such a directory as it reads a bind mount's source, and the
 * translation mounts it as one; the project model keeps the volume as compose wrote it, as
 * `docker compose config` prints it.
 */
import path from 'node:path';
import type { ComposeProject, Service, ServiceVolume, Volume } from './model.ts';
import { withServices } from './with-services.ts';

/** Whether a volume is a local one that binds a host directory (`o: bind` or `rbind`, and a `device`). */
export function isBoundVolume(volume: Volume): boolean {
  if (volume.external || (volume.driver !== undefined && volume.driver !== 'local')) return false;
  const type = volume.driverOpts['type'];
  if (type !== undefined && type !== '' && type !== 'none') return false;
  const options = (volume.driverOpts['o'] ?? '').split(',').map((option) => option.trim());
  return (volume.driverOpts['device'] ?? '') !== '' && options.some((option) => option === 'bind' || option === 'rbind');
}

/** The absolute host directory a bound volume mounts (a relative device is the project directory's), else undefined. */
function boundDirectory(volume: Volume | undefined, projectDirectory: string): string | undefined {
  if (volume === undefined || !isBoundVolume(volume)) return undefined;
  return path.resolve(projectDirectory, volume.driverOpts['device'] ?? '');
}

/** The service's mounts, each mount of a bound volume as the bind mount of the directory it binds. */
export function mountsWithBoundVolumes(service: Service, volumes: Readonly<Record<string, Volume>>, projectDirectory: string): readonly ServiceVolume[] {
  let changed = false;
  const mounts = service.volumes.map((mount): ServiceVolume => {
    if (mount.type !== 'volume' || mount.source === undefined || !Object.hasOwn(volumes, mount.source)) return mount;
    const directory = boundDirectory(volumes[mount.source], projectDirectory);
    if (directory === undefined) return mount;
    changed = true;
    const source = mount.subpath === undefined ? directory : path.join(directory, mount.subpath);
    const inside = source === projectDirectory || source.startsWith(projectDirectory + path.sep);
    return { type: 'bind', source, ...(inside ? { sourceRelativeTo: 'project' as const } : {}), target: mount.target, readOnly: mount.readOnly, createHostPath: false };
  });
  return changed ? mounts : service.volumes;
}

/** The project with every mount of a bound volume as a bind mount of its directory (see mountsWithBoundVolumes). */
export function withBoundVolumes(project: ComposeProject): ComposeProject {
  if (!Object.values(project.volumes).some(isBoundVolume)) return project;
  const services: Record<string, Service> = {};
  for (const [name, service] of Object.entries(project.services)) {
    const volumes = mountsWithBoundVolumes(service, project.volumes, project.workingDir);
    services[name] = volumes === service.volumes ? service : { ...service, volumes };
  }
  return withServices(project, services);
}
