import type { Service } from '../../../compose/model.ts';
import { nameRecordOf } from '../../../name-records.ts';
import type { ServiceContext } from '../../plan/context.ts';

/** The downward API field that holds the pod's own address. */
export const POD_IP_FIELD = 'status.podIP' as const;

/**
 * The variables of the service's environment whose whole value is its own fixed address
 * (`ipv4_address`), which the wiring found (outcome 'pod address'): each is the pod's own address
 * from the downward API, which the cluster assigns. firezone's relay listens on and advertises
 * LISTEN_IP4_ADDR and PUBLIC_IP4_ADDR, both its ipv4_address, and parses them as IPv4 addresses:
 * rewritten to its Service name 'relay', they stopped it at start (until 2026-12-07).
 */
export function ownAddressFields(context: ServiceContext): Record<string, typeof POD_IP_FIELD> {
  const prefix = `services.${context.service.name}.environment.`;
  return nameRecordOf(
    (context.references ?? [])
      .filter((reference) => reference.outcome === 'pod address' && reference.key.startsWith(prefix))
      .map((reference) => [reference.key.slice(prefix.length), POD_IP_FIELD] as const),
  );
}

/**
 * Whether the variable of the service's environment is, whole, one of the fixed addresses compose
 * gives the service (`ipv4_address`): the address it listens on or advertises, which becomes the
 * pod's own (ownAddressFields), and no reference to a Service or a compose subnet.
 */
export function isOwnAddressSetting(service: Service, variable: string | undefined): boolean {
  if (variable === undefined || !Object.hasOwn(service.environment, variable)) return false;
  const value = service.environment[variable]?.trim();
  return value !== undefined && value !== '' && Object.values(service.networks).some((network) => network.ipv4Address === value);
}
