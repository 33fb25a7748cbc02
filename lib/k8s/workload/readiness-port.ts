import type { ComposeProject, Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { imageDefaultPorts } from '../networking/service-default-ports.ts';
import { podJoiners } from './shared-pods.ts';

/** Ports that serve HTTP by convention. */
const WEB_PORTS = new Set([80, 443, 3000, 5000, 8000, 8080, 8443, 8888]);

/**
 * The port a synthesized readiness check may connect to: the service's only TCP port, or among
 * several its HTTP one (by app_protocol), the one its well-known image listens on, or its HTTP one
 * by convention. None when it is unknown which of
 * several ports the service really serves — a mail port compose publishes may have no listener
 * until the mail feature is configured, and a probe on it would keep the service unready forever —
 * and none for a pod other services join, whose ports may be theirs or features of its own.
 */
export function readinessPort(project: ComposeProject, service: Service, warn: Warn): number | undefined {
  const ports = [...new Set([
    ...service.ports.filter((mapping) => mapping.protocol === 'tcp').map((mapping) => mapping.target),
    ...service.expose.filter((exposed) => exposed.protocol === 'tcp').map((exposed) => exposed.port),
  ])];
  const joiners = ports.length === 0 ? [] : podJoiners(project, service.name);
  if (joiners.length > 0) {
    // A VPN container publishes its pod-mates' ports and its own optional ones (gluetun's HTTP proxy
    // on 8888, off by default): a probe on one nobody serves would keep the whole pod unready.
    warn(
      `no readiness probe: ports ${ports.join(', ')} are published for the pod it shares with ${joiners.join(', ')} (network_mode: service:${service.name}), and which of them answers is not known (add a healthcheck)`,
      `services.${service.name}`,
    );
    return undefined;
  }
  if (ports.length <= 1) return ports[0];
  const http = service.ports.find((mapping) => mapping.protocol === 'tcp' && /^https?$|^http2$/.test(mapping.appProtocol ?? ''));
  const usual = service.image === undefined ? [] : imageDefaultPorts(service.image);
  const chosen = http?.target ?? ports.find((port) => usual.includes(port)) ?? ports.find((port) => WEB_PORTS.has(port));
  // A choice among ports compose did not make, or none: said once, with how to decide it.
  warn(
    chosen === undefined
      ? `no readiness probe: which of ports ${ports.join(', ')} the service answers on is not known (add a healthcheck)`
      : `readiness probe on port ${chosen} of ${ports.join(', ')}, the one it most likely serves (add a healthcheck to decide)`,
    `services.${service.name}`,
  );
  return chosen;
}
