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

  it("names each service's own device of a kind on its own, so a plugin cannot hand one pod the other's", () => {
    // A Zigbee and a Z-Wave stick (zigbee2mqtt, Z-Wave JS): as one squat.ai/serial pool either pod could get either stick.
    const zwave = makeService('zwave', { devices: [device('/dev/ttyACM0', '/dev/zwave')] });
    const zigbee = makeService('zigbee', { devices: [device('/dev/ttyUSB0')] });
    const zigbeeContext = contextFor(zigbee, { others: [zwave] });
    expect(devicesFor(zigbeeContext).extendedResources).toEqual({ 'squat.ai/serial-ttyusb0': 1 });
    expect(devicesFor(contextFor(zwave, { others: [zigbee] })).extendedResources).toEqual({ 'squat.ai/serial-ttyacm0': 1 });
    expect(zigbeeContext.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^device \/dev\/ttyUSB0 is requested as the extended resource squat\.ai\/serial-ttyusb0 \(not squat\.ai\/serial, which other services request for other devices/),
    ]);
    // Two services of one device share its name (its count is theirs), as does one service with every device.
    expect(devicesFor(contextFor(zigbee, { others: [makeService('backup', { devices: [device('/dev/ttyUSB0')] })] })).extendedResources).toEqual({ 'squat.ai/serial': 1 });
  });

  it("counts udev's /dev/serial/by-id links as serial devices, each named on its own within 63 characters when pooled", () => {
    // pedrolamas/docker-iot-stack's zigbee2mqtt: /dev/serial/by-id/usb-1a86_USB_Serial-if00-port0 was squat.ai/usb-a_USB_Serial-if-port.
    expect(resourceNameFor('/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0', {})).toBe('squat.ai/serial');
    const a = '/dev/serial/by-id/usb-ITead_Sonoff_Zigbee_3.0_USB_Dongle_Plus_4c004e9c53c9ef1194a2b4a6d2db9f52-if00-port0';
    const b = a.replace('4c004e9c', '5d115f0d');
    const [first, second] = [a, b].map((path) => resourceNameFor(path, {}, new Set(['squat.ai/serial'])));
    expect(first).not.toBe(second);
    for (const name of [first, second]) expect(name).toMatch(/^squat\.ai\/serial-[a-z0-9]([-a-z0-9]{0,54}[a-z0-9])?$/);
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

  it("gives dialout to a serial adapter named by udev's stable links, as to its tty", () => {
    expect(access({ devices: [device('/dev/serial/by-id/usb-ITead_Sonoff_Zigbee_3.0_USB_Dongle_Plus-if00-port0', '/dev/ttyACM0')] }).result.supplementalGroups).toEqual([20]);
    expect(access({ devices: [device('/dev/serial/by-path/platform-xhci-hcd.0-usb-0:1:1.0-port0')] }).result.supplementalGroups).toEqual([20]);
    expect(access({ devices: [device('/dev/zigbee')] }).result.supplementalGroups).toEqual([]);
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

  it('hands the device-plugin list the path compose puts the device at in the container, saying nothing here', () => {
    const { result, warnings } = access({ devices: [device('/dev/ttyUSB0', '/dev/radio'), device('/dev/ttyACM0')] }, { mode: 'device-plugin' });
    expect(warnings).toEqual([]);
    expect(result.pluginDevices).toEqual([
      { resource: 'squat.ai/serial', path: '/dev/ttyUSB0', target: '/dev/radio', service: 'agent', key: 'services.agent.devices.0' },
      { resource: 'squat.ai/serial', path: '/dev/ttyACM0', service: 'agent', key: 'services.agent.devices.1' },
    ]);
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
