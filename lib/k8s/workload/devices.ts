import { createHash } from 'node:crypto';
import type * as k8s from '../plan/api-types.ts';
import type { ComposeProject, DeviceRequest } from '../../compose/model.ts';
import type { ServiceContext } from '../plan/context.ts';
import { COMMON_GROUPS } from './image-profiles.ts';
import { own } from '../plan/own.ts';
import { dnsLabel } from '../names/object-names.ts';
import { DEVICE_PLUGIN_DOMAIN, pluginDeviceWarning, privilegedDevicesWarning, type PluginDevice } from './device-plugin.ts';

export interface DeviceAccess {
  /** Extended resources to request and limit, e.g. `{ 'squat.ai/serial': 1 }`. */
  readonly extendedResources: Readonly<Record<string, number>>;
  /** Supplemental groups the container needs for the devices (e.g. dialout = 20). */
  readonly supplementalGroups: readonly number[];
  /** Only with an explicit opt-in: privileged mode or hostPath device volumes. */
  readonly privileged: boolean;
  readonly volumes: readonly k8s.Volume[];
  readonly volumeMounts: readonly k8s.VolumeMount[];
  /** What the pod requests from device plugins, for the list of what the cluster needs (device-plugin.ts). */
  readonly pluginDevices: readonly PluginDevice[];
}

/**
 * Host groups that own device nodes on Debian-like nodes, by device name prefix. udev's stable
 * names of serial adapters (`/dev/serial/by-id/usb-ITead_Sonoff_…-port0`, `/dev/serial/by-path/…`)
 * link to a tty, dialout's: supby/ha_server_setup's zigbee2mqtt, its stick given by id, ran as a
 * user outside dialout, which cannot open the tty, until 2026-12-07, while the same image given
 * /dev/ttyUSB1 had the group.
 */
const DEVICE_GROUPS: readonly (readonly [RegExp, number])[] = [
  [/^\/dev\/(tty|serial\/)/, COMMON_GROUPS.dialout as number],
  [/^\/dev\/(video|dri\/)/, COMMON_GROUPS.video as number],
  [/^\/dev\/snd(\/|$)/, COMMON_GROUPS.audio as number],
];

/** GPU vendors' device-plugin resources, by compose `driver`. */
const GPU_RESOURCES: Readonly<Record<string, string>> = {
  nvidia: 'nvidia.com/gpu',
  amd: 'amd.com/gpu',
  intel: 'gpu.intel.com/i915',
};

/**
 * How the container reaches the host devices listed in `devices:` (and the GPUs that
 * `deploy.resources.reservations.devices` reserves): device-plugin extended resources by default,
 * so the pod stays unprivileged; privileged mode or hostPath volumes only when the options opt in.
 */
export function devicesFor(context: ServiceContext): DeviceAccess {
  const { service } = context;
  const chosen = context.options.devices;
  const mode = chosen?.mode ?? 'device-plugin';
  // A privileged container sees every host device: a request would add nothing but a node it needs.
  const viaPrivileged = service.privileged && chosen?.mode === undefined && service.devices.length > 0;
  if (viaPrivileged) privilegedDevicesWarning(context);
  const counts: Record<string, number> = {};
  const pluginDevices: PluginDevice[] = [];
  const count = (resource: string, amount: number, key: string, path?: string, target?: string) => {
    counts[resource] = (counts[resource] ?? 0) + amount;
    pluginDevices.push({ resource, ...(path !== undefined ? { path } : {}), ...(target !== undefined && target !== path ? { target } : {}), service: service.name, key });
  };
  const volumes: k8s.Volume[] = [];
  const volumeMounts: k8s.VolumeMount[] = [];
  service.devices.forEach((device, index) => {
    const key = `services.${service.name}.devices.${index}`;
    if (viaPrivileged) return;
    if (mode === 'device-plugin') {
      const pooled = pooledDefaultNames(context.project);
      const resource = resourceNameFor(device.source, chosen?.resourceNames ?? {}, pooled);
      // The path in the container is the plugin's to give (its mountPath): device-plugin.ts says whether it can.
      count(resource, 1, key, device.source, device.target);
      // Compose said only "this device"; the resource, and the plugin it needs, are our choice.
      const pool = defaultResourceName(device.source);
      if (chosen === undefined) context.warn(pluginDeviceWarning(device.source, resource, resource !== pool && pooled.has(pool) ? pool : undefined), key);
    } else if (mode === 'hostPath') {
      const name = `device-${slug(device.source)}`;
      volumes.push({ name, hostPath: { path: device.source } });
      volumeMounts.push({ name, mountPath: device.target });
    }
  });
  if (service.devices.length > 0 && mode !== 'device-plugin') {
    context.warn(
      mode === 'privileged'
        ? 'devices: privileged mode gives the container every host device and capability'
        : 'devices: hostPath device volumes bypass the scheduler, and the container may still lack device cgroup access',
      `services.${service.name}.devices`,
    );
  }
  service.deploy.resources.reservations.devices.forEach((request, index) => {
    const key = `services.${service.name}.deploy.resources.reservations.devices.${index}`;
    const reserved = gpuReservation(context, request, key);
    if (reserved) count(reserved.resource, reserved.count, key);
  });
  return {
    extendedResources: Object.fromEntries(Object.keys(counts).sort().map((name) => [name, counts[name] as number])),
    supplementalGroups: service.groupAdd.length > 0 ? [] : deviceGroups(service.devices.map((d) => d.source)),
    privileged: mode === 'privileged' && service.devices.length > 0,
    volumes,
    volumeMounts,
    pluginDevices,
  };
}

/**
 * The extended resource for a host device: an exact path in `resourceNames`, else its first
 * matching glob, else `squat.ai/serial` for tty devices (udev's /dev/serial/by-id links included)
 * and `squat.ai/<name without digits>` — or, for a default name in `pooled`, one of the device's
 * own (`squat.ai/serial-ttyacm0`).
 */
export function resourceNameFor(path: string, resourceNames: Readonly<Record<string, string>>, pooled: ReadonlySet<string> = new Set()): string {
  const exact = own(resourceNames, path);
  if (exact) return exact;
  const glob = Object.keys(resourceNames).find((pattern) => globPattern(pattern).test(path));
  if (glob) return resourceNames[glob] as string;
  const name = defaultResourceName(path);
  return pooled.has(name) ? `${name}-${deviceSlug(name, path)}` : name;
}

function defaultResourceName(path: string): string {
  const segments = path.split('/').filter((s) => s !== '' && s !== 'dev');
  const basename = segments.at(-1) ?? '';
  if (basename.startsWith('tty') || segments[0] === 'serial') return `${DEVICE_PLUGIN_DOMAIN}/serial`;
  // Numbered nodes like /dev/bus/usb/001/002 are named after the nearest named directory.
  const named = [...segments].reverse().map((s) => s.replace(/\d+/g, '')).find((s) => /[a-z]/i.test(s)) ?? 'device';
  return `${DEVICE_PLUGIN_DOMAIN}/${named.replace(/[^-A-Za-z0-9_.]/g, '-').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')}`;
}

/**
 * The default names under which the project's services would request different host devices of
 * one kind: a plugin advertises a name as a pool and hands each pod any free device of it, so
 * zigbee2mqtt's /dev/ttyUSB0 and Z-Wave JS's /dev/ttyACM0, both `squat.ai/serial`, could each get
 * the other's stick. Such devices are named each on its own. One service asking for all of them
 * (one pod, every device), or several for the same one, keeps the pool's name. Computed once per project.
 */
const pooledNames = new WeakMap<ComposeProject, ReadonlySet<string>>();

function pooledDefaultNames(project: ComposeProject): ReadonlySet<string> {
  const known = pooledNames.get(project);
  if (known) return known;
  const pathsByName = new Map<string, Map<string, Set<string>>>();
  for (const service of Object.values(project.services)) {
    for (const device of service.devices) {
      const name = defaultResourceName(device.source);
      let byService = pathsByName.get(name);
      if (!byService) pathsByName.set(name, (byService = new Map()));
      let paths = byService.get(service.name);
      if (!paths) byService.set(service.name, (paths = new Set()));
      paths.add(device.source);
    }
  }
  const pooled = new Set<string>();
  for (const [name, byService] of pathsByName) {
    const sets = [...byService.values()].map((paths) => [...paths].sort().join('\n'));
    if (new Set(sets).size > 1) pooled.add(name);
  }
  pooledNames.set(project, pooled);
  return pooled;
}

/**
 * The device's own part of a pooled name (`ttyacm0`), within the 63 characters of an extended
 * resource's name: udev's /dev/serial/by-id names run longer, and differ at their end (the serial
 * number), so a shortened one keeps a hash of the whole path.
 */
function deviceSlug(name: string, path: string): string {
  const room = 63 - (name.length - DEVICE_PLUGIN_DOMAIN.length - 1) - 1;
  const label = dnsLabel(path.replace(/^\/dev\//i, ''), 'device', Infinity);
  if (label.length <= room) return label;
  const hash = createHash('sha256').update(path).digest('hex').slice(0, 6);
  return `${label.slice(0, room - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

function globPattern(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${source}$`);
}

/** Without `group_add`, the groups that usually own such device nodes on the node, so a non-root user can open them. */
function deviceGroups(paths: readonly string[]): number[] {
  const groups = DEVICE_GROUPS.filter(([pattern]) => paths.some((path) => pattern.test(path))).map(([, gid]) => gid);
  return [...new Set(groups)].sort((a, b) => a - b);
}

function gpuReservation(
  context: ServiceContext,
  request: DeviceRequest,
  key: string,
): { resource: string; count: number } | undefined {
  const resource = own(GPU_RESOURCES, request.driver ?? 'nvidia');
  if (!request.capabilities.includes('gpu') || !resource) {
    const what = `driver ${request.driver ?? '(none)'} with capabilities [${request.capabilities.join(', ')}]`;
    context.warn(`device reservation for ${what} has no known Kubernetes resource and is not translated`, key);
    return undefined;
  }
  if (request.deviceIds.length > 0) {
    context.warn(`device_ids cannot pin GPUs in Kubernetes; requesting ${request.deviceIds.length} ${resource}`, `${key}.device_ids`);
    return { resource, count: request.deviceIds.length };
  }
  if (typeof request.count === 'number') return { resource, count: request.count };
  context.warn(`a reservation of all GPUs cannot be expressed in Kubernetes; requesting 1 ${resource}`, `${key}.count`);
  return { resource, count: 1 };
}

/** The device path without `/dev/` as a label that leaves room for the `device-` prefix. */
function slug(path: string): string {
  return dnsLabel(path.replace(/^\/dev\//i, ''), '', 56);
}
