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
import { LISTEN_SETTING, loopbackAddresses, loopbackAddressesIn, namesPublicHost, type LoopbackText } from './loopback-addresses.ts';
import type { NamedPort } from './service-ports.ts';
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

/**
 * What a service on the host network writes on loopback, said at the value: a port another service
 * publishes or serves there (write its Service instead); a URL to a port no service of the project
 * declares, which reached a program on the host (nextcloud-spreed-signaling's `url =
 * ws://localhost:8188`, the Janus gateway beside it on the host network, which declares no port); and
 * where the service itself listens on loopback only (its gnatsd.conf's `listen: 127.0.0.1:4222`),
 * which the host's other programs reached and no other pod can. Until 2026-12-07 only the first was
 * said, and the stack's signaling server looked for its media gateway and its NATS in its own pod.
 */
export function reportHostNetworkLoopback(
  project: ComposeProject,
  service: Service,
  served: readonly NamedPort[],
  names: Readonly<Record<string, string>>,
  warn: Warn,
  leftOutPorts: ReadonlySet<number> = new Set(),
): void {
  if (service.networkMode !== 'host') return;
  const ports = hostPorts(project);
  const files = fileTexts(project, service);
  const found = [...loopbackAddresses(service), ...loopbackAddressesIn(files)];
  const own = new Set([...served.map((port) => port.port), ...listenPorts([...files, ...environmentTexts(service)])]);
  const name = names[service.name] ?? service.name;
  for (const { text, key } of files) {
    const bound = loopbackBind(text);
    if (bound === undefined) continue;
    const port = served[0]?.port;
    const reach = port === undefined ? ', and declare the port it serves (expose:)' : `, where the others reach it at ${name}:${port}`;
    warn(`\`${bound}\`: the service listens on its loopback address only, where the host's other programs reached it under network_mode: host; in its pod no other pod reaches that address, not even through its Service: make it listen on all addresses${reach}`, key);
  }
  const reported = new Set<string>();
  for (const loopback of found) {
    const { address, port, key, inUrl, listens } = loopback;
    if (reported.has(`${key}\n${address}`)) continue;
    reported.add(`${key}\n${address}`);
    const owner = ports.get(port);
    if (listens && (owner === undefined || owner.service === service.name)) {
      const reach = served.some((known) => known.port === port) ? `, where the others reach it at ${name}:${port}` : `, and declare the port (expose: ["${port}"])`;
      warn(
        `${address}: the service listens on its loopback address only, where the host's other programs reached it under network_mode: host; in its pod no other pod reaches that address, not even through its Service: make it listen on all addresses (0.0.0.0:${port})${reach}`,
        key,
      );
      continue;
    }
    // A port a left-out service published is said where it is left out (reportLoopbackToLeftOut).
    if (owner === undefined && leftOutPorts.has(port)) continue;
    if (owner === undefined) {
      // The site's own public name (searxng-docker's Caddy: SEARXNG_HOSTNAME=http://localhost:80) is where it serves.
      if (inUrl && !own.has(port) && !namesPublicHost(loopback)) warn(`${address} reached the host's port ${port} under network_mode: host, which no service of the project declares${undeclared(project, ports, service)}; the pod has a network of its own, where it reaches nothing: write the name and port of the service that serves it`, key);
      continue;
    }
    if (owner.service === service.name) continue;
    const target = names[owner.service] ?? owner.service;
    warn(
      `${address} reached the host's port ${port} under network_mode: host, which service '${owner.service}' ${owner.how}; the pod has a network of its own, where it reaches nothing: write ${target}:${owner.target}`,
      key,
    );
  }
}

/** The configuration files the service reads, as texts to search (Telegraf's `urls = ["http://127.0.0.1:8086"]`), each set at its own key. */
function fileTexts(project: ComposeProject, service: Service): LoopbackText[] {
  return configurationTexts(project, service).map(([text, key]) => ({ text, key, setting: key, settingKey: key }));
}

/** The other services on the host network that declare no port (` ('janus' and 'coturn' … may serve it)`), or ''. */
function undeclared(project: ComposeProject, ports: ReadonlyMap<number, HostPort>, service: Service): string {
  const serving = new Set([...ports.values()].map((port) => port.service));
  const silent = Object.values(project.services)
    .filter((other) => other.name !== service.name && other.networkMode === 'host' && !serving.has(other.name))
    .map((other) => `'${other.name}'`);
  if (silent.length === 0) return '';
  const list = silent.length === 1 ? silent[0] : `${silent.slice(0, -1).join(', ')} and ${silent.at(-1)}`;
  return ` (${list}, also on the host network, declare${silent.length === 1 ? 's' : ''} no port and may serve it)`;
}

/** Where a program is told to listen, on any address: `listen = 0.0.0.0:8080`, `bind: "[::]:9000"`, `HTTP_LISTEN=:3000`. */
const LISTEN_ADDRESS = /\b(?:listen|bind)[\w.-]*["']?[ \t]*[:=]?[ \t]*["']?(?:[\w.-]*|\[[^\]\s]*\]):(\d{1,5})(?!\d)/gi;

/** The ports the service's files and variables tell it to listen on: a URL to one of them is its own. */
function listenPorts(texts: readonly { readonly text: string; readonly setting: string }[]): number[] {
  const ports: number[] = [];
  for (const { text, setting } of texts) {
    const written = LISTEN_SETTING.test(setting) ? `listen=${text}` : text;
    for (const match of written.matchAll(LISTEN_ADDRESS)) ports.push(Number(match[1]));
  }
  return ports;
}

function environmentTexts(service: Service): { text: string; setting: string }[] {
  return Object.entries(service.environment).flatMap(([setting, text]) => (text ? [{ text, setting }] : []));
}

/**
 * A server configuration's directive that binds it to loopback addresses alone, with no port of
 * their own: Redis' `bind 127.0.0.1 ::1` (livekit-cli's generated redis.conf, on the host network
 * beside LiveKit), MySQL's and MariaDB's `bind-address = 127.0.0.1`, PostgreSQL's
 * `listen_addresses = 'localhost'`.
 */
const LOOPBACK_BINDS = [
  /^[ \t]*bind(?:[ \t]+-?(?:127\.\d+\.\d+\.\d+|::1|localhost))+[ \t]*$/im,
  /^[ \t]*bind[-_]address[ \t]*=[ \t]*["']?(?:127\.\d+\.\d+\.\d+|::1|localhost)["']?[ \t]*$/im,
  /^[ \t]*listen_addresses[ \t]*=[ \t]*'(?:localhost|127\.0\.0\.1|::1)(?:[ \t]*,[ \t]*(?:localhost|127\.0\.0\.1|::1))*'/im,
];

function loopbackBind(text: string): string | undefined {
  for (const pattern of LOOPBACK_BINDS) {
    const match = pattern.exec(text);
    if (match) return match[0].trim();
  }
  return undefined;
}

/**
 * The loopback addresses of a service on the host network that reached a port a service the
 * translation leaves out (`leftOut`: why, by service) published on the host, each said once at its
 * setting, as nothing answers there: Scrypted's `SCRYPTED_WEBHOOK_UPDATE=http://localhost:10444/…`
 * called the watchtower that publishes 10444 to update it, and watchtower is left out, which was said
 * only at watchtower (koush/scrypted, until 2026-12-07). `project` still holds the left-out services.
 */
export function reportLoopbackToLeftOut(project: ComposeProject, leftOut: ReadonlyMap<string, string>, warn: Warn): void {
  let ports: Map<number, HostPort> | undefined;
  for (const service of Object.values(project.services)) {
    if (service.networkMode !== 'host' || leftOut.has(service.name)) continue;
    ports ??= hostPorts(project);
    const reported = new Set<string>();
    for (const { address, port, key } of [...loopbackAddresses(service), ...loopbackAddressesIn(fileTexts(project, service))]) {
      const owner = ports.get(port);
      if (owner === undefined || !leftOut.has(owner.service) || reported.has(`${key}\n${address}`)) continue;
      reported.add(`${key}\n${address}`);
      warn(
        `${address} reached the host's port ${port} under network_mode: host, which service '${owner.service}' ${owner.how}; ${leftOut.get(owner.service) ?? ''}, so nothing answers there on Kubernetes (nor does the pod's own address, as the pod has a network of its own)`,
        key,
      );
    }
  }
}

/** The host ports that services left out of the translation published or served (`original` holds them, `translated` no longer). */
export function leftOutHostPorts(original: ComposeProject, translated: ComposeProject): Set<number> {
  const ports = new Set<number>();
  if (!Object.values(original.services).some((service) => service.networkMode === 'host')) return ports;
  for (const [port, owner] of hostPorts(original)) if (!Object.hasOwn(translated.services, owner.service)) ports.add(port);
  return ports;
}
