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

/** The project's services by the host ports they publish (all interfaces or loopback, as the host sees them). */
function publishers(project: ComposeProject): Map<number, { readonly service: string; readonly target: number }> {
  const byPort = new Map<number, { readonly service: string; readonly target: number }>();
  for (const service of Object.values(project.services)) {
    for (const port of service.ports) {
      if (port.published !== undefined && port.protocol === 'tcp' && !byPort.has(port.published)) {
        byPort.set(port.published, { service: service.name, target: port.target });
      }
    }
  }
  return byPort;
}

export function reportHostNetworkLoopback(project: ComposeProject, service: Service, names: Readonly<Record<string, string>>, warn: Warn): void {
  if (service.networkMode !== 'host') return;
  const published = publishers(project);
  // The configuration files it reads as well: Telegraf's `urls = ["http://127.0.0.1:8086"]`.
  const files = configurationTexts(project, service).map(([text, key]) => ({ text, key, setting: key, settingKey: key }));
  const reported = new Set<string>();
  for (const { address, port, key } of [...loopbackAddresses(service), ...loopbackAddressesIn(files)]) {
    if (reported.has(`${key}\n${address}`)) continue;
    reported.add(`${key}\n${address}`);
    const publisher = published.get(port);
    if (publisher === undefined || publisher.service === service.name) continue;
    const name = names[publisher.service] ?? publisher.service;
    warn(
      `${address} reached the host's port ${port} under network_mode: host, which service '${publisher.service}' publishes; the pod has a network of its own, where it reaches nothing: write ${name}:${publisher.target}`,
      key,
    );
  }
}
