/**
 * Settings that list the private address ranges a service lets in — a mail relay's networks, a
 * trusted proxy range, an allow-list: `RELAY_NETWORKS=:192.168.0.0/24:10.0.0.0/16` (Appwrite's
 * smtp, namshi/smtp's exim), `TRUSTED_PROXIES=172.16.0.0/12` (Docker's own address pools), nginx's
 * `set_real_ip_from 172.18.0.0/16;`, Postfix's `mynetworks`. Under compose the other containers
 * connect from the project's Docker networks; on Kubernetes from the cluster's pod range (other
 * pods), or through a Service, Ingress or load balancer from node and proxy addresses, which no
 * compose file states and such ranges may not hold: the relay refused Appwrite's mail, and a proxy
 * outside the trusted range makes every client look like the proxy. Unreported until 2026-12-07
 * (compose-subnets.ts reports ranges of a network's `ipam` subnet alone). The cluster's range is
 * not known at conversion, so each setting is reported once, at its key, not rewritten. A list
 * that holds all three private blocks (10/8, 172.16/12, 192.168/16) holds every usual pod range,
 * and one that holds every address (`0.0.0.0/0`) trusts anyone: neither is reported.
 */
import type { ComposeProject, Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { commentTest } from './comment-lines.ts';
import { configurationTexts } from './wiring/wiring.ts';

/** A variable whose name says it lists who may connect or be trusted (RELAY_NETWORKS, TRUSTED_PROXIES, ALLOWED_IPS, MYNETWORKS). */
const ALLOW_LIST_VARIABLE = /RELAY|TRUST|ALLOW|WHITELIST|PERMIT|MYNETWORKS/i;

/** Configuration file keys that list trusted or relaying ranges: nginx's real_ip module, Postfix's mynetworks. */
const ALLOW_LIST_KEY = /(?:^|[\s;{])(set_real_ip_from|mynetworks)\s*=?\s*([^;\n]*)/gm;

const CIDR = /(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})(?![\w.]|\/)/g;

const PRIVATE_BLOCKS: readonly { readonly base: number; readonly prefix: number }[] = [
  { base: 10 * 2 ** 24, prefix: 8 },
  { base: 172 * 2 ** 24 + 16 * 2 ** 16, prefix: 12 },
  { base: 192 * 2 ** 24 + 168 * 2 ** 16, prefix: 16 },
];

/** Docker's default address pools for its networks: 172.17.0.0/16 to 172.31.0.0/16, in 172.16.0.0/12. */
const DOCKER_POOLS = PRIVATE_BLOCKS[1]!;

interface Range {
  readonly text: string;
  readonly base: number;
  readonly prefix: number;
}

const maskOf = (prefix: number): number => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);

function rangesIn(text: string): Range[] {
  const ranges: Range[] = [];
  for (const match of text.matchAll(CIDR)) {
    const octets = match[1]!.split('.').map(Number);
    const prefix = Number(match[2]);
    if (octets.some((octet) => octet > 255) || prefix > 32) continue;
    const address = octets.reduce((value, octet) => value * 256 + octet, 0);
    ranges.push({ text: match[0], base: (address & maskOf(prefix)) >>> 0, prefix });
  }
  return ranges;
}

/** Whether `inner` lies within `outer`. */
const within = (inner: { base: number; prefix: number }, outer: { base: number; prefix: number }): boolean =>
  inner.prefix >= outer.prefix && ((inner.base & maskOf(outer.prefix)) >>> 0) === outer.base;

/**
 * What a listed set of ranges leaves out of the cluster's pod range, or undefined when it is no
 * such list: it holds no private range, or every address, or all three private blocks.
 */
export function restrictedRanges(text: string, ipamSubnets: readonly string[] = []): Range[] | undefined {
  const ranges = rangesIn(text);
  // A range of a network's own subnet is compose-subnets.ts's to report.
  const subnets = ipamSubnets.flatMap((subnet) => rangesIn(subnet));
  if (ranges.some((range) => subnets.some((subnet) => within(range, subnet)))) return undefined;
  if (ranges.some((range) => range.prefix === 0)) return undefined;
  const privateRanges = ranges.filter((range) => PRIVATE_BLOCKS.some((block) => within(range, block)));
  if (privateRanges.length === 0) return undefined;
  if (PRIVATE_BLOCKS.every((block) => ranges.some((range) => within(block, range)))) return undefined;
  return privateRanges;
}

/** One warning per setting of the service (its environment, the files its pods get) that lists private ranges it lets in. */
export function reportAddressAllowLists(project: ComposeProject, service: Service, warn: Warn): void {
  const subnets = Object.values(project.networks).flatMap((network) => network.subnets ?? []);
  for (const [variable, value] of Object.entries(service.environment)) {
    if (value === null || !ALLOW_LIST_VARIABLE.test(variable)) continue;
    const ranges = restrictedRanges(value, subnets);
    if (ranges) warn(message(variable, ranges), `services.${service.name}.environment.${variable}`);
  }
  const reported = new Set<string>();
  for (const [text, key] of configurationTexts(project, service)) {
    if (reported.has(key)) continue;
    const commented = commentTest(text);
    for (const match of text.matchAll(ALLOW_LIST_KEY)) {
      if (commented(match.index + match[0].indexOf(match[1]!))) continue;
      const ranges = restrictedRanges(match[2]!, subnets);
      if (!ranges) continue;
      warn(message(`the file's ${match[1]}`, ranges), key);
      reported.add(key);
      break;
    }
  }
}

function message(setting: string, ranges: readonly Range[]): string {
  const list = [...new Set(ranges.map((range) => range.text))].join(', ');
  const docker = ranges.some((range) => within(range, DOCKER_POOLS)) ? ' (172.16.0.0/12 holds the address pools Docker gives its networks)' : '';
  return (
    `${setting} lets in the address range${ranges.length > 1 ? 's' : ''} ${list}${docker}, as a relay, trusted-proxy or allow list: under compose the other containers connect from the project's Docker networks, ` +
    "on Kubernetes from the cluster's pod range (other pods) or, through a Service, Ingress or load balancer, from node and proxy addresses, which no compose file states and these ranges may not hold, so such connections are refused or not trusted; " +
    "add the cluster's pod range (kubectl get nodes -o jsonpath='{.items[*].spec.podCIDR}') and, for a trusted proxy, its address range"
  );
}
