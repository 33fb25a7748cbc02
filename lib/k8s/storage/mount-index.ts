import type { BindMount, ComposeProject, Service } from '../../compose/model.ts';
import { sourceCodeReason } from './bind-kinds.ts';
import { podHostOf } from '../workload/shared-pods.ts';

/** The user a service counts as among a volume's users: the service whose pod runs it. */
export function userOf(context: { readonly project: ComposeProject; readonly service: Service }): string {
  return podHostOf(context.project, context.service.name);
}

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
        const pod = podHostOf(project, service.name);
        if (!users.includes(pod)) users.push(pod);
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

/** Compose names of the services that mount the named volume, sorted; a service in another's pod counts as that one (userOf). */
export function servicesUsingVolume(project: ComposeProject, source: string): readonly string[] {
  return mountIndex(project).volumeUsers.get(source) ?? [];
}

/** Compose names of the services that bind-mount `source` as data (not as code), sorted, counted as servicesUsingVolume does. */
export function servicesBindingSource(project: ComposeProject, source: string): string[] {
  const users = (mountIndex(project).binds.get(source) ?? [])
    .filter(({ service, mount }) => sourceCodeReason(service, mount, project.hostFiles[source], project.hostFiles, project.services) === undefined)
    .map(({ service }) => podHostOf(project, service.name));
  return [...new Set(users)].sort();
}

/** The services that bind-mount `source`, each with its mount, in service order. */
export function bindsOf(project: ComposeProject, source: string): readonly { readonly service: Service; readonly mount: BindMount }[] {
  return mountIndex(project).binds.get(source) ?? [];
}

/** Compose names of the services that bind-mount `source` read-write, sorted: they write there. */
export function servicesWritingSource(project: ComposeProject, source: string): string[] {
  const writers = (mountIndex(project).binds.get(source) ?? []).filter(({ mount }) => !mount.readOnly).map(({ service }) => service.name);
  return [...new Set(writers)].sort();
}

/** Every host path some service bind-mounts. */
export function boundSources(project: ComposeProject): readonly string[] {
  return [...mountIndex(project).binds.keys()];
}

/** Every named volume some service mounts. */
export function mountedVolumes(project: ComposeProject): readonly string[] {
  return [...mountIndex(project).volumeUsers.keys()];
}
