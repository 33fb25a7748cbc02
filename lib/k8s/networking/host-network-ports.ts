/**
 * A service on the host network listens on the machine's ports, which compose need not declare
 * (`ports:` is even ignored there). searxng-docker's Caddy, the stack's front door, serves the site on
 * the host's 80 and 443 and declares neither: converted, its Service carried no port, so no pod
 * reached it and the exposure option had nothing to expose, and only "network_mode is not
 * translated" was said (until 2026-12-07). The converter cannot know what the program opens; it says
 * so, and how to declare it.
 */
import type { Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import type { NamedPort } from './service-ports.ts';

export function reportHostNetworkPorts(service: Service, ports: readonly NamedPort[], warn: Warn): void {
  if (service.networkMode !== 'host' || ports.length > 0) return;
  warn(
    `on the host network the service listens on ports compose need not declare, and none is declared or known: its Service carries no port, so no pod reaches it and x-kubernetes.exposure has nothing to expose; declare the ports it serves with ports: (to expose them) or expose:`,
    `services.${service.name}.network_mode`,
  );
}
