import { mergedNameRecord } from '../../name-records.ts';
/**
 * Claims that bind on the cluster users have: a managed cluster's default StorageClass serves
 * ReadWriteOnce (often with WaitForFirstConsumer binding), so that is what every claim asks for by
 * default. Data several pods share read-write stays ReadWriteOnce, and the pods that share it are
 * kept on one node (ReadWriteOnce allows any number of pods on the node that mounts it) unless
 * `sharedStorageClass` names a class that serves ReadWriteMany.
 */
import type * as k8s from '../plan/api-types.ts';
import type { ComposeProject } from '../../compose/model.ts';
import type { ServiceContext } from '../plan/context.ts';
import type { AccessMode, ComposeKubernetesOptions, VolumeOptions } from '../options/options.ts';
import { labelValue } from '../names/labels.ts';
import { HOSTNAME_LABEL } from '../workload/placement.ts';
import { own } from '../plan/own.ts';
import { hostTreeUsers } from './host-trees.ts';
import { isTmpfsVolume } from './tmpfs-volumes.ts';
import { boundSources, mountedVolumes, servicesBindingSource, servicesUsingVolume } from './mount-index.ts';

export interface ClaimSettings {
  readonly size: string;
  readonly accessMode: AccessMode;
  readonly storageClass?: string;
}

/** The label that keeps the pods sharing a ReadWriteOnce claim on one node; the converter owns it. */
export const NODE_GROUP_LABEL = 'storage.cdk8s-compose.io/node-group';

const DEFAULT_VOLUME: ClaimSettings = { size: '1Gi', accessMode: 'ReadWriteOnce' };

/** Defaults < defaultVolume < the service's storage (own claims only) < the volume's options. */
export function claimSettings(context: ServiceContext, volumeName: string | undefined, ownClaim: boolean): ClaimSettings {
  const { chartOptions, options } = context;
  const layers = [chartOptions.defaultVolume, ownClaim ? options.storage : undefined, volumeName === undefined ? undefined : own(chartOptions.volumes, volumeName)];
  return layers.reduce<ClaimSettings>(
    (settings, layer) => ({
      size: layer?.size ?? settings.size,
      accessMode: layer?.accessMode ?? settings.accessMode,
      storageClass: layer?.storageClass ?? settings.storageClass,
    }),
    DEFAULT_VOLUME,
  );
}

/** The ReadWriteMany class for a shared volume: its own option, else the project-wide one. */
function sharedClass(options: ComposeKubernetesOptions, volumeName: string | undefined): string | undefined {
  const layers: (VolumeOptions | undefined)[] = [volumeName === undefined ? undefined : own(options.volumes, volumeName), options.defaultVolume];
  return layers.find((layer) => layer?.sharedStorageClass !== undefined)?.sharedStorageClass;
}

/** How a claim several pods mount read-write is shared: by a ReadWriteMany class, or on one node. */
export type Sharing = { readonly by: 'class'; readonly settings: ClaimSettings } | { readonly by: 'node'; readonly settings: ClaimSettings };

/**
 * Settings of a claim that `sharers` (other services, replicas) mount too. An explicit access mode
 * other than ReadWriteOnce is the user's word for what the class serves and is kept.
 */
export function sharedClaimSettings(context: ServiceContext, volumeName: string | undefined, settings: ClaimSettings): Sharing {
  const storageClass = sharedClass(context.chartOptions, volumeName);
  if (storageClass !== undefined) return { by: 'class', settings: { ...settings, accessMode: 'ReadWriteMany', storageClass } };
  if (settings.accessMode === 'ReadWriteMany' || settings.accessMode === 'ReadOnlyMany') return { by: 'class', settings };
  return { by: 'node', settings: { ...settings, accessMode: 'ReadWriteOnce' } };
}

export function claimSpec(settings: ClaimSettings): k8s.PersistentVolumeClaimSpec {
  return {
    accessModes: [settings.accessMode],
    resources: { requests: { storage: settings.size } },
    ...(settings.storageClass === undefined ? {} : { storageClassName: settings.storageClass }),
  };
}

export function claimVolume(claimName: string, readOnly: boolean): Omit<k8s.Volume, 'name'> {
  return { persistentVolumeClaim: { claimName, ...(readOnly ? { readOnly: true } : {}) } };
}

/** The pods of a node group: its label on each, and the required affinity to the others. */
export interface Colocation {
  readonly labels: Readonly<Record<string, string>>;
  readonly affinity: k8s.PodAffinity;
}

export function colocation(context: ServiceContext): Colocation {
  const group = labelValue(context.names[nodeGroupOf(context.project, context.service.name)] ?? context.service.name);
  const labels = { [NODE_GROUP_LABEL]: group };
  const selector = mergedNameRecord({ 'app.kubernetes.io/instance': labelValue(context.project.name) }, labels);
  return { labels, affinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: HOSTNAME_LABEL, labelSelector: { matchLabels: selector } }] } };
}

const nodeGroups = new WeakMap<ComposeProject, ReadonlyMap<string, string>>();

/** Per project: each claim group's services in compose order, by service (a map, not a search of every service per service: quadratic at 5,000). */
const claimGroups = new WeakMap<ComposeProject, ReadonlyMap<string, readonly string[]>>();

/**
 * The services that share a claim with the service, joined as node groups are (itself included, in
 * compose order), from compose alone: named volumes but tmpfs ones, and the host trees kept on
 * claims (host-trees.ts). Not project files or folders of keys several services bind, which are
 * ConfigMaps and Secrets, whose group is the pod's own business.
 */
export function claimGroupMembers(project: ComposeProject, service: string): readonly string[] {
  let members = claimGroups.get(project);
  if (!members) {
    const volumes = mountedVolumes(project).filter((volume) => {
      const declared = own(project.volumes, volume);
      return declared === undefined || !isTmpfsVolume(declared);
    });
    const groups = unionOf(project, [...volumes.map((volume) => servicesUsingVolume(project, volume)), ...hostTreeUsers(project)]);
    const byGroup = new Map<string, string[]>();
    for (const name of Object.keys(project.services)) {
      const group = groups.get(name) ?? name;
      const list = byGroup.get(group);
      if (list) list.push(name);
      else byGroup.set(group, [name]);
    }
    members = new Map(Object.keys(project.services).map((name) => [name, byGroup.get(groups.get(name) ?? name) ?? [name]]));
    claimGroups.set(project, members);
  }
  return members.get(service) ?? [service];
}

/** Each service's group (named after its first service) once the lists of services that share something are joined. */
function unionOf(project: ComposeProject, lists: readonly (readonly string[])[]): ReadonlyMap<string, string> {
  const parent = new Map<string, string>();
  const find = (name: string): string => {
    let root = name;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) ?? root;
    return root;
  };
  for (const list of lists) {
    const roots = list.map(find).sort();
    const first = roots[0];
    if (first !== undefined) for (const root of roots) parent.set(root, first);
  }
  return new Map(Object.keys(project.services).map((name) => [name, find(name)]));
}

/**
 * The services that share volumes or host directories, joined into groups (union-find over every
 * volume, path or host tree mounted by several services); each group is named after its first service. Read
 * from compose alone, so every service of a group computes the same name.
 */
function nodeGroupOf(project: ComposeProject, service: string): string {
  let groups = nodeGroups.get(project);
  if (!groups) {
    groups = unionOf(project, [
      ...mountedVolumes(project).map((volume) => servicesUsingVolume(project, volume)),
      ...boundSources(project).map((source) => servicesBindingSource(project, source)),
      ...hostTreeUsers(project),
    ]);
    nodeGroups.set(project, groups);
  }
  return groups.get(service) ?? service;
}
