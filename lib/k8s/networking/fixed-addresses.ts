import type { ComposeProject } from '../../compose/model.ts';

const ownersByProject = new WeakMap<ComposeProject, ReadonlyMap<string, readonly string[]>>();

/**
 * The services compose gives each fixed address (`ipv4_address`), sorted, built once per project:
 * settings that name such an address (`dns:`, Pi-hole's `PIHOLE_DNS_=172.20.0.2#5054`) mean those
 * services, whose pods get the cluster's addresses instead.
 */
export function fixedAddressOwners(project: ComposeProject): ReadonlyMap<string, readonly string[]> {
  const known = ownersByProject.get(project);
  if (known) return known;
  const owners = new Map<string, string[]>();
  for (const service of Object.values(project.services)) {
    for (const network of Object.values(service.networks)) {
      const address = network.ipv4Address;
      if (address === undefined) continue;
      const list = owners.get(address);
      if (list === undefined) owners.set(address, [service.name]);
      else if (!list.includes(service.name)) list.push(service.name);
    }
  }
  for (const list of owners.values()) list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  ownersByProject.set(project, owners);
  return owners;
}
