/**
 * Addresses in a subnet compose gives a network (`ipam.config[].subnet`), written in a setting: a
 * trusted proxy range, an allow-list, a container's fixed address. Pods get the cluster's addresses,
 * never these, so such a setting matches no pod. PeerTube's production stack pins its network to
 * 172.18.0.0/16 and trusts its nginx by `PEERTUBE_TRUST_PROXY=["127.0.0.1", "loopback",
 * "172.18.0.0/16"]`: on Kubernetes the proxy's address lies outside it, so every client looked like
 * the proxy. `ipam` was said to be untranslated, the settings that depend on it not at all (until
 * 2026-12-07). What to write instead differs per cluster (its pod range, or a Service's name), so
 * each setting is reported, not rewritten.
 */
import type { ComposeProject, Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { reportAddress } from './docker-dns.ts';
import { isOwnAddressSetting } from '../workload/pod/own-address.ts';
import { fixedAddressOwners } from './fixed-addresses.ts';

/** An IPv4 address, with a prefix length or not, standing alone (not in `1.172.18.0.5`, a version `v1.2.3.4.5`). */
const IPV4 = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?(?![\w.]|\/\d)/g;

interface Subnet {
  readonly network: string;
  readonly text: string;
  readonly base: number;
  readonly mask: number;
}

function parseIpv4(text: string): { readonly address: number; readonly prefix: number } | undefined {
  const [address = '', prefix] = text.split('/');
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet > 255)) return undefined;
  const bits = prefix === undefined ? 32 : Number(prefix);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  return { address: octets.reduce((value, octet) => value * 256 + octet, 0), prefix: bits };
}

const maskOf = (prefix: number): number => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);

function subnetsOf(project: ComposeProject): Subnet[] {
  const subnets: Subnet[] = [];
  for (const [network, settings] of Object.entries(project.networks).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const text of settings.subnets ?? []) {
      const parsed = parseIpv4(text);
      // A /0 holds every address: it says nothing of compose's network.
      if (parsed === undefined || parsed.prefix === 0) continue;
      const mask = maskOf(parsed.prefix);
      subnets.push({ network, text, base: (parsed.address & mask) >>> 0, mask });
    }
  }
  return subnets;
}

/** The compose subnet an address or range lies in (a range as wide or wider than the subnet counts as the subnet's). */
function subnetHolding(subnets: readonly Subnet[], text: string): Subnet | undefined {
  const parsed = parseIpv4(text);
  if (parsed === undefined) return undefined;
  return subnets.find((subnet) => ((parsed.address & subnet.mask) >>> 0) === subnet.base && maskOf(parsed.prefix) >= subnet.mask);
}

/**
 * One warning per compose subnet the service's settings and files write, at the first of them, with
 * the others named (an env_file shares one range with every service, in several variables).
 */
export function reportComposeSubnets(project: ComposeProject, service: Service, warn: Warn): void {
  const subnets = subnetsOf(project);
  if (subnets.length === 0) return;
  const found = new Map<Subnet, { address: string; key: string }[]>();
  const ownEnvironment = `services.${service.name}.environment.`;
  reportAddress(
    project,
    service,
    IPV4,
    (address, _port, key) => {
      // Its own fixed address, whole, in its environment is the pod's own address (own-address.ts), not the compose subnet.
      if (key.startsWith(ownEnvironment) && isOwnAddressSetting(service, key.slice(ownEnvironment.length))) return;
      const subnet = subnetHolding(subnets, address) as Subnet;
      const hits = found.get(subnet);
      if (hits) hits.push({ address, key });
      else found.set(subnet, [{ address, key }]);
    },
    (address) => subnetHolding(subnets, address) !== undefined,
  );
  for (const [subnet, [first, ...others]] of found) {
    if (first === undefined) continue;
    const owners = fixedAddressOwners(project).get(first.address);
    const named = owners === undefined ? `${first.address} (${first.key})` : `${first.address} (${first.key}), the fixed address compose gives service ${owners.map((owner) => `'${owner}'`).join(', ')},`;
    const where = first.address === subnet.text ? `${named} is` : `${named} lies in ${subnet.text},`;
    const more = others.length === 0 ? '' : `, nor ${others.map((other) => `${other.address} (${other.key})`).join(', ')}`;
    warn(
      `${where} the subnet compose gives network '${subnet.network}' (ipam), which no pod gets${more}: the cluster gives pods its own addresses, so a setting that names it (a trusted proxy, an allow-list, a fixed address) matches none of them; write the cluster's pod range, or a Service's name, instead`,
      first.key,
    );
  }
}
