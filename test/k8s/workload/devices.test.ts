import { describe, expect, it } from 'vitest';
import type { DeviceRequest } from '../../../lib/compose/model.ts';
import { devicesFor, resourceNameFor } from '../../../lib/k8s/workload/devices.ts';
import type { DeviceOptions } from '../../../lib/k8s/options/options.ts';
import { makeDeploy, makeService } from '../../support/model.ts';
import { contextFor } from '../support/collecting-context.ts';

const device = (source: string, target = source) => ({ source, target, permissions: 'rwm' });

function access(fields: Parameters<typeof makeService>[1], devices?: DeviceOptions) {
  const context = contextFor(makeService('agent', fields), { options: devices ? { devices } : {} });
  return { result: devicesFor(context), warnings: context.warnings };
}

function gpus(...requests: DeviceRequest[]) {
  return access({ deploy: makeDeploy({ resources: { limits: {}, reservations: { devices: requests } } }) });
}

describe('devicesFor', () => {
  it('requests one generic-device-plugin resource per device, never privileged', () => {
    const { result } = access({ devices: [device('/dev/ttyUSB0'), device('/dev/ttyACM0'), device('/dev/video0')] });
    expect(result).toEqual({
      extendedResources: { 'squat.ai/serial': 2, 'squat.ai/video': 1 },
      supplementalGroups: [20, 44],
      privileged: false,
      volumes: [],
      volumeMounts: [],
      pluginDevices: [
        { resource: 'squat.ai/serial', path: '/dev/ttyUSB0', service: 'agent', key: 'services.agent.devices.0' },
        { resource: 'squat.ai/serial', path: '/dev/ttyACM0', service: 'agent', key: 'services.agent.devices.1' },
        { resource: 'squat.ai/video', path: '/dev/video0', service: 'agent', key: 'services.agent.devices.2' },
      ],
    });
  });

  it('says at each device which resource a node must advertise, and what advertises it', () => {
    const { warnings } = access({ devices: [device('/dev/zigbee')] });
    expect(warnings.map((w) => [w.key, w.message])).toEqual([[
      'services.agent.devices.0',
      "device /dev/zigbee is requested as the extended resource squat.ai/zigbee: the pod schedules only on a node where a device plugin advertises it — the generic-device-plugin with a device 'zigbee' at /dev/zigbee (in the list to create before applying) — and stays Pending elsewhere (x-kubernetes.devices.mode: hostPath or privileged reach the device without a plugin)",
    ]]);
  });

  it('says nothing when the options chose the resource or the mode', () => {
    expect(access({ devices: [device('/dev/ttyUSB1')] }, { resourceNames: { '/dev/ttyUSB1': 'squat.ai/ttyusb1' } }).warnings).toEqual([]);
    expect(access({ devices: [device('/dev/ttyUSB1')] }, { mode: 'device-plugin' }).warnings).toEqual([]);
  });

  it('a privileged service reaches its devices as privileged and requests none, said once', () => {
    const { result, warnings } = access({ privileged: true, devices: [device('/dev/zigbee'), device('/dev/ttyACM0', '/dev/radio')] });
    expect(result.extendedResources).toEqual({});
    expect(result.pluginDevices).toEqual([]);
    expect(result.privileged).toBe(false);
    expect(warnings.map((w) => [w.key, w.message])).toEqual([[
      'services.agent.devices',
      "privileged: the container sees every host device, so /dev/zigbee, /dev/ttyACM0 are not requested from a device plugin (the request would only keep the pod Pending where no plugin advertises them); they are at their host paths, not at /dev/radio, and the pod may run on any node: pin it to the node with the devices (x-kubernetes.nodeSelector)",
    ]]);
    // The options may still ask for the request, e.g. to place the pod where the device is.
    expect(access({ privileged: true, devices: [device('/dev/zigbee')] }, { mode: 'device-plugin' }).result.extendedResources).toEqual({ 'squat.ai/zigbee': 1 });
  });

  it('leaves groups to group_add when compose gives one', () => {
    expect(access({ devices: [device('/dev/ttyUSB0')], groupAdd: ['dialout'] }).result.supplementalGroups).toEqual([]);
  });

  it('names resources from the options by exact path, then glob, else by device name', () => {
    const names = { '/dev/ttyUSB1': 'example.com/meshtastic', '/dev/ttyUSB*': 'example.com/usb-serial', '/dev/dri/*': 'gpu.intel.com/i915' };
    expect(resourceNameFor('/dev/ttyUSB1', names)).toBe('example.com/meshtastic');
    expect(resourceNameFor('/dev/ttyUSB0', names)).toBe('example.com/usb-serial');
    expect(resourceNameFor('/dev/dri/renderD128', names)).toBe('gpu.intel.com/i915');
    expect(resourceNameFor('/dev/ttyS0', {})).toBe('squat.ai/serial');
    expect(resourceNameFor('/dev/snd', {})).toBe('squat.ai/snd');
    expect(resourceNameFor('/dev/dri/renderD128', {})).toBe('squat.ai/renderD');
    expect(resourceNameFor('/dev/bus/usb/001/002', {})).toBe('squat.ai/usb');
    expect(resourceNameFor('/dev/net/tun', {})).toBe('squat.ai/tun');
  });

  it('warns when the device is mapped to another path in the container', () => {
    const { warnings } = access({ devices: [device('/dev/ttyUSB0', '/dev/radio')] }, { mode: 'device-plugin' });
    expect(warnings.map((w) => w.key)).toEqual(['services.agent.devices.0']);
  });

  it('goes privileged only on explicit opt-in, with a warning', () => {
    const { result, warnings } = access({ devices: [device('/dev/ttyUSB0')] }, { mode: 'privileged' });
    expect(result.privileged).toBe(true);
    expect(result.extendedResources).toEqual({});
    expect(warnings.map((w) => w.key)).toEqual(['services.agent.devices']);
    expect(access({}, { mode: 'privileged' }).result.privileged).toBe(false);
  });

  it('mounts hostPath devices only on explicit opt-in, with a warning', () => {
    const { result, warnings } = access({ devices: [device('/dev/ttyUSB0', '/dev/radio')] }, { mode: 'hostPath' });
    expect(result.volumes).toEqual([{ name: 'device-ttyusb0', hostPath: { path: '/dev/ttyUSB0' } }]);
    expect(result.volumeMounts).toEqual([{ name: 'device-ttyusb0', mountPath: '/dev/radio' }]);
    expect(result.privileged).toBe(false);
    expect(warnings).toHaveLength(1);
  });

  it('requests GPUs from the vendor device plugin', () => {
    const { result, warnings } = gpus(
      { capabilities: ['gpu'], driver: 'nvidia', count: 2, deviceIds: [] },
      { capabilities: ['gpu', 'utility'], count: 1, deviceIds: [] },
    );
    expect(result.extendedResources).toEqual({ 'nvidia.com/gpu': 3 });
    expect(warnings).toEqual([]);
  });

  it('warns where a GPU reservation cannot be expressed exactly', () => {
    const all = gpus({ capabilities: ['gpu'], driver: 'nvidia', count: 'all', deviceIds: [] });
    expect(all.result.extendedResources).toEqual({ 'nvidia.com/gpu': 1 });
    expect(all.warnings.map((w) => w.key)).toEqual(['services.agent.deploy.resources.reservations.devices.0.count']);
    const ids = gpus({ capabilities: ['gpu'], deviceIds: ['0', '3'] });
    expect(ids.result.extendedResources).toEqual({ 'nvidia.com/gpu': 2 });
    expect(ids.warnings[0]?.key).toBe('services.agent.deploy.resources.reservations.devices.0.device_ids');
    const tpu = gpus({ capabilities: ['tpu'], driver: 'acme', count: 1, deviceIds: [] });
    expect(tpu.result.extendedResources).toEqual({});
    expect(tpu.warnings).toHaveLength(1);
  });
});
