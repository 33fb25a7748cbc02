/**
 * What a pod's device-plugin requests need from the cluster. Compose hands a container a host
 * device (`devices: [/dev/zigbee]`); on Kubernetes an unprivileged pod gets it as an extended
 * resource (`squat.ai/zigbee: 1`) that only a device plugin on the device's node advertises.
 * Without one the pod stays Pending ("Insufficient squat.ai/zigbee"), so the resource is a
 * prerequisite like a Secret the stack does not ship: said at each device, and listed, with the
 * plugin's own configuration, among what to create before applying.
 */
import type { ServiceContext, Warn } from '../plan/context.ts';

/** The generic device plugin's resource domain (github.com/squat/generic-device-plugin). */
export const DEVICE_PLUGIN_DOMAIN = 'squat.ai';

/** One extended resource a pod requests: for a host device (`path`), or a GPU reservation. */
export interface PluginDevice {
  readonly resource: string;
  readonly path?: string;
  /** Where compose puts the device in the container, when not at its host path (`/dev/ttyUSB0:/dev/ttyACM0`). */
  readonly target?: string;
  readonly service: string;
  /** The compose key that asks for it (`services.x.devices.0`). */
  readonly key: string;
}

/** The resource a node must advertise, for the list of what to create before applying. */
export interface ResourcePrerequisite {
  readonly name: string;
  readonly why: string;
  readonly how: string;
  readonly key: string;
}

/** Who advertises a GPU vendor's resource. */
const GPU_PLUGINS: Readonly<Record<string, string>> = {
  'nvidia.com/gpu': "a GPU node running NVIDIA's device plugin (k8s-device-plugin, or the NVIDIA GPU Operator)",
  'amd.com/gpu': "a GPU node running AMD's device plugin (ROCm k8s-device-plugin, or the AMD GPU Operator)",
  'gpu.intel.com/i915': "a GPU node running Intel's GPU device plugin (intel-device-plugins-for-kubernetes)",
};

/** The generic-device-plugin's device name of a resource of its domain. */
function genericDeviceName(resource: string): string | undefined {
  return resource.startsWith(`${DEVICE_PLUGIN_DOMAIN}/`) ? resource.slice(DEVICE_PLUGIN_DOMAIN.length + 1) : undefined;
}

/**
 * The warning at a device whose resource the converter chose (no `x-kubernetes.devices`); `pool`:
 * the name the device was given one of its own instead of, as other services use other such devices.
 */
export function pluginDeviceWarning(path: string, resource: string, pool?: string): string {
  const name = genericDeviceName(resource);
  const plugin = name === undefined ? `a device plugin that advertises it for ${path}` : `the generic-device-plugin with a device '${name}' at ${path}`;
  const own = pool === undefined ? '' : ` (not ${pool}, which other services request for other devices: a plugin hands each pod any device of a name, so each could get the other's)`;
  return `device ${path} is requested as the extended resource ${resource}${own}: the pod schedules only on a node where a device plugin advertises it — ${plugin} (in the list to create before applying) — and stays Pending elsewhere (x-kubernetes.devices.mode: hostPath or privileged reach the device without a plugin)`;
}

/**
 * A privileged container sees every host device at its host path (as `docker run --privileged`
 * does), so its devices are requested from no plugin: the request would only keep it Pending on a
 * cluster without one. What it loses is the placement the request gave.
 */
export function privilegedDevicesWarning(context: ServiceContext): void {
  const { service } = context;
  const paths = service.devices.map((device) => device.source).join(', ');
  const moved = service.devices.filter((device) => device.target !== device.source).map((device) => device.target);
  const where = moved.length > 0 ? `they are at their host paths, not at ${moved.join(', ')}, and` : 'they are at their host paths, and';
  context.warn(
    `privileged: the container sees every host device, so ${paths} ${service.devices.length === 1 ? 'is' : 'are'} not requested from a device plugin (the request would only keep the pod Pending where no plugin advertises ${service.devices.length === 1 ? 'it' : 'them'}); ${where} the pod may run on any node: pin it to the node with the devices (x-kubernetes.nodeSelector)`,
    `services.${service.name}.devices`,
  );
}

const quoted = (names: readonly string[]): string => names.map((name) => `'${name}'`).join(', ');

/**
 * Where the generic-device-plugin puts a host device in the container (its `mountPath`): where
 * compose's `devices:` puts it (`/dev/ttyUSB0:/dev/ttyACM0`, as zigbee2mqtt's `serial.port` then
 * names it), when every service requesting the device puts it at one path; the plugin gives all
 * of them that path. Services that put it at different paths get it at its host path (said at each
 * that moved it). supby/ha_server_setup's two zigbee2mqtt sticks, each at /dev/ttyACM0 in its
 * container, were at their host paths until 2026-12-07, where neither bridge found its stick.
 */
function containerPath(path: string, devices: readonly PluginDevice[], warn: Warn): string | undefined {
  const targets = [...new Set(devices.map((device) => device.target ?? path))].sort();
  if (targets.length === 1) return targets[0] === path ? undefined : targets[0];
  for (const device of devices) {
    if (device.target === undefined) continue;
    warn(
      `the generic-device-plugin mounts ${path} at one path in every container that requests it, and the services requesting it put it at ${targets.join(', ')}: it is at its host path, not at ${device.target}; set the device's path in the service's configuration to ${path}`,
      device.key,
    );
  }
  return undefined;
}

/** The device-plugin requests of every pod of the project, and what the cluster needs for them. */
export class DevicePluginNeeds {
  private readonly devices: PluginDevice[] = [];

  add(devices: readonly PluginDevice[]): void {
    this.devices.push(...devices);
  }

  /**
   * One prerequisite per resource, in name order. A device several services request needs as
   * many slots (the generic-device-plugin's `count`, default 1, else only one of them schedules):
   * said at the devices of all but the first service, since under compose they share it.
   */
  prerequisites(warn: Warn): ResourcePrerequisite[] {
    const byResource = new Map<string, PluginDevice[]>();
    for (const device of this.devices) {
      const devices = byResource.get(device.resource);
      if (devices) devices.push(device);
      else byResource.set(device.resource, [device]);
    }
    return [...byResource.keys()].sort().map((resource) => this.prerequisite(resource, byResource.get(resource) ?? [], warn));
  }

  private prerequisite(resource: string, devices: readonly PluginDevice[], warn: Warn): ResourcePrerequisite {
    const services = [...new Set(devices.map((device) => device.service))].sort();
    const one = services.length === 1;
    const key = devices[0]?.key ?? '';
    const usersOf = new Map<string, string[]>();
    for (const device of devices) {
      if (device.path === undefined) continue;
      const users = usersOf.get(device.path) ?? [];
      if (!users.includes(device.service)) users.push(device.service);
      usersOf.set(device.path, users);
    }
    if (usersOf.size === 0) {
      return {
        name: resource,
        why: `the GPUs service${one ? '' : 's'} ${quoted(services)} reserve${one ? 's' : ''} (deploy.resources.reservations.devices), which ${one ? 'its pod requests' : 'their pods request'} from the vendor's device plugin`,
        how: GPU_PLUGINS[resource] ?? `a node whose device plugin advertises ${resource}`,
        key,
      };
    }
    for (const [path, users] of usersOf) {
      const sorted = [...users].sort();
      for (const later of sorted.slice(1)) {
        const device = devices.find((candidate) => candidate.service === later && candidate.path === path);
        warn(
          `${quoted(sorted.filter((user) => user !== later))} request${sorted.length === 2 ? 's' : ''} the device ${path} (${resource}) too: a device plugin gives a device to one container at a time unless it offers more slots, so the list to create gives it "count": ${sorted.length}; the containers then open ${path} at once, as under compose`,
          device?.key ?? key,
        );
      }
    }
    const paths = [...usersOf.keys()];
    const name = genericDeviceName(resource);
    const groups = paths.map((path) => {
      const slots = usersOf.get(path)?.length ?? 1;
      const mountPath = name === undefined ? undefined : containerPath(path, devices.filter((device) => device.path === path), warn);
      return { paths: [{ path, ...(mountPath === undefined ? {} : { mountPath }) }], ...(slots > 1 ? { count: slots } : {}) };
    });
    if (name === undefined) {
      for (const device of devices) {
        if (device.target !== undefined) warn(`device plugins expose ${device.path ?? resource} at its host path, not at ${device.target}, unless the one that advertises ${resource} is configured to mount it there`, device.key);
      }
    }
    return {
      name: resource,
      why: `the host device${paths.length === 1 ? '' : 's'} ${paths.join(', ')} of service${one ? '' : 's'} ${quoted(services)} (devices), which ${one ? 'its pod requests' : 'their pods request'} from a device plugin`,
      how: name === undefined
        ? `on the node with the device, a device plugin that advertises ${resource} for ${paths.join(', ')}`
        : `on the node with the device, the generic-device-plugin (github.com/squat/generic-device-plugin) with --device '${JSON.stringify({ name, groups })}'`,
      key,
    };
  }
}
