import type { Service } from '../../compose/model.ts';
import { imageDefaultPorts } from '../networking/service-default-ports.ts';

/** Ports that serve HTTP by convention. */
const WEB_PORTS = new Set([80, 443, 3000, 5000, 8000, 8080, 8443, 8888]);

/**
 * The port a synthesized readiness check may connect to: the service's only TCP port, or among
 * several its HTTP one (by app_protocol), the one its well-known image listens on, or its HTTP one
 * by convention. None when it is unknown which of
 * several ports the service really serves — a mail port compose publishes may have no listener
 * until the mail feature is configured, and a probe on it would keep the service unready forever.
 */
export function readinessPort(service: Service): number | undefined {
  const ports = [...new Set([
    ...service.ports.filter((mapping) => mapping.protocol === 'tcp').map((mapping) => mapping.target),
    ...service.expose.filter((exposed) => exposed.protocol === 'tcp').map((exposed) => exposed.port),
  ])];
  if (ports.length <= 1) return ports[0];
  const http = service.ports.find((mapping) => mapping.protocol === 'tcp' && /^https?$|^http2$/.test(mapping.appProtocol ?? ''));
  const usual = service.image === undefined ? [] : imageDefaultPorts(service.image);
  return http?.target ?? ports.find((port) => usual.includes(port)) ?? ports.find((port) => WEB_PORTS.has(port));
}
