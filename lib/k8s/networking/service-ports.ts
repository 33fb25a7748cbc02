import type { PortMapping, Protocol, Service } from '../../compose/model.ts';
import { portName } from '../names/names.ts';
import { inPortRuns, unlistedPortRuns } from './port-runs.ts';

/** One port the container listens on, named the same on the container and on every Service. */
export interface NamedPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly appProtocol?: string;
}

/** Stable order whatever the locale: by port, then protocol. */
function byPort(a: NamedPort, b: NamedPort): number {
  return a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0);
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

export function isLoopbackOnly(mapping: PortMapping): boolean {
  return mapping.hostIp !== undefined && (LOOPBACK.has(mapping.hostIp) || mapping.hostIp.startsWith('127.'));
}

/**
 * Every container port of `ports:` and `expose:`, once per protocol and port, in a stable order; but
 * the ports of a long run (port-runs.ts), which no container or Service lists.
 */
export function containerPorts(service: Service): NamedPort[] {
  const byName = new Map<string, NamedPort>();
  const runs = unlistedPortRuns(service);
  const add = (port: number, protocol: Protocol, appProtocol?: string): void => {
    if (inPortRuns(runs, port, protocol)) return;
    const name = portName(protocol, port);
    if (!byName.has(name)) byName.set(name, { name, port, protocol, ...(appProtocol ? { appProtocol } : {}) });
  };
  for (const mapping of service.ports) add(mapping.target, mapping.protocol, mapping.appProtocol);
  for (const exposed of service.expose) add(exposed.port, exposed.protocol);
  return [...byName.values()].sort(byPort);
}

/** A port published on the host: reachable from outside the cluster when exposure allows it. */
export interface PublishedPort extends NamedPort {
  /** The host port compose publishes it on, when fixed. */
  readonly published?: number;
}

/**
 * Ports compose publishes on a non-loopback address, once per container port (the first host port
 * wins when one container port is published twice); but the ports of a long run (port-runs.ts).
 */
export function publishedPorts(service: Service): PublishedPort[] {
  const byName = new Map<string, PublishedPort>();
  const runs = unlistedPortRuns(service);
  for (const mapping of service.ports) {
    if (isLoopbackOnly(mapping) || inPortRuns(runs, mapping.target, mapping.protocol)) continue;
    const name = portName(mapping.protocol, mapping.target);
    if (byName.has(name)) continue;
    byName.set(name, {
      name,
      port: mapping.target,
      protocol: mapping.protocol,
      ...(mapping.published !== undefined ? { published: mapping.published } : {}),
      ...(mapping.appProtocol ? { appProtocol: mapping.appProtocol } : {}),
    });
  }
  return [...byName.values()].sort(byPort);
}

const API_PROTOCOLS = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' } as const;

/** The protocol as the Kubernetes API spells it. */
export function apiProtocol(protocol: Protocol): (typeof API_PROTOCOLS)[Protocol] {
  return API_PROTOCOLS[protocol];
}
