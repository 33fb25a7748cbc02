/**
 * `network_mode: host` is not translated: every pod has its own network. Under compose such a
 * service shares the machine's, so `127.0.0.1:8428` in its command reaches the port another
 * service publishes on the host (Grafana-VictoriaMetrics-Alertmanager's vmagent remote-wrote to
 * VictoriaMetrics that way), and so do the configuration files it reads; on Kubernetes the address is the pod itself and reaches nothing. The
 * converter does not guess a rewrite; it says, at the value, which Service and port reach the
 * publisher, so the one untranslated key does not hide a stack that sends its data nowhere.
 */
import type { ComposeProject, Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { loopbackAddresses, loopbackAddressesIn } from './loopback-addresses.ts';
import { configurationTexts } from './wiring/wiring.ts';

export interface HostPort {
  readonly service: string;
  readonly target: number;
  /** How the port is the host's: `publishes`, or `serves on the host network`. */
  readonly how: string;
}

/**
 * The project's services by the host ports they publish (all interfaces or loopback, as the host
 * sees them), then by the ports the other services on the host network serve: those are the host's
 * too (a home stack's zigbee2mqtt, on the host network, reaches mosquitto, also there, at
 * mqtt://localhost:1883).
 */
export function hostPorts(project: ComposeProject): Map<number, HostPort> {
  const byPort = new Map<number, HostPort>();
  for (const service of Object.values(project.services)) {
    for (const port of service.ports) {
      if (port.published !== undefined && port.protocol === 'tcp' && !byPort.has(port.published)) {
        byPort.set(port.published, { service: service.name, target: port.target, how: 'publishes' });
      }
    }
  }
  for (const service of Object.values(project.services)) {
    if (service.networkMode !== 'host') continue;
    const served = [...service.ports.map((port) => ({ port: port.target, protocol: port.protocol })), ...service.expose];
    for (const { port, protocol } of served) {
      if (protocol === 'tcp' && !byPort.has(port)) byPort.set(port, { service: service.name, target: port, how: 'serves on the host network' });
    }
  }
  return byPort;
}

export function reportHostNetworkLoopback(project: ComposeProject, service: Service, names: Readonly<Record<string, string>>, warn: Warn): void {
  if (service.networkMode !== 'host') return;
  const ports = hostPorts(project);
  // The configuration files it reads as well: Telegraf's `urls = ["http://127.0.0.1:8086"]`.
  const files = configurationTexts(project, service).map(([text, key]) => ({ text, key, setting: key, settingKey: key }));
  const reported = new Set<string>();
  for (const { address, port, key } of [...loopbackAddresses(service), ...loopbackAddressesIn(files)]) {
    if (reported.has(`${key}\n${address}`)) continue;
    reported.add(`${key}\n${address}`);
    const owner = ports.get(port);
    if (owner === undefined || owner.service === service.name) continue;
    const name = names[owner.service] ?? owner.service;
    warn(
      `${address} reached the host's port ${port} under network_mode: host, which service '${owner.service}' ${owner.how}; the pod has a network of its own, where it reaches nothing: write ${name}:${owner.target}`,
      key,
    );
  }
}
