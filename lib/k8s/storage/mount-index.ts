import type { BindMount, ComposeProject, Service } from '../../compose/model.ts';
import { sourceCodeReason } from './bind-kinds.ts';

interface MountIndex {
  /** Named volume → compose names of the services mounting it, sorted. */
  readonly volumeUsers: ReadonlyMap<string, readonly string[]>;
  /** Host path → the services bind-mounting it, with the mount. */
  readonly binds: ReadonlyMap<string, readonly { readonly service: Service; readonly mount: BindMount }[]>;
}

/** Built once per project: looking users up per mount made every service scan all others (issue 7). */
const mountIndexes = new WeakMap<ComposeProject, MountIndex>();

function mountIndex(project: ComposeProject): MountIndex {
  const known = mountIndexes.get(project);
  if (known) return known;
  const volumeUsers = new Map<string, string[]>();
  const binds = new Map<string, { service: Service; mount: BindMount }[]>();
  for (const service of Object.values(project.services)) {
    for (const mount of service.volumes) {
      if (mount.type === 'volume' && mount.source !== undefined) {
        const users = volumeUsers.get(mount.source) ?? [];
        if (!users.includes(service.name)) users.push(service.name);
        volumeUsers.set(mount.source, users);
      } else if (mount.type === 'bind') {
        const users = binds.get(mount.source) ?? [];
        users.push({ service, mount });
        binds.set(mount.source, users);
      }
    }
  }
  for (const users of volumeUsers.values()) users.sort();
  const index = { volumeUsers, binds };
  mountIndexes.set(project, index);
  return index;
}

/** Compose names of the services that mount the named volume, sorted. */
export function servicesUsingVolume(project: ComposeProject, source: string): readonly string[] {
  return mountIndex(project).volumeUsers.get(source) ?? [];
}

/** Compose names of the services that bind-mount `source` as data (not as code), sorted. */
export function servicesBindingSource(project: ComposeProject, source: string): string[] {
  const users = (mountIndex(project).binds.get(source) ?? [])
    .filter(({ service, mount }) => sourceCodeReason(service, mount, project.hostFiles[source]) === undefined)
    .map(({ service }) => service.name);
  return [...new Set(users)].sort();
}

/** Every host path some service bind-mounts. */
export function boundSources(project: ComposeProject): readonly string[] {
  return [...mountIndex(project).binds.keys()];
}

/** Every named volume some service mounts. */
export function mountedVolumes(project: ComposeProject): readonly string[] {
  return [...mountIndex(project).volumeUsers.keys()];
}
