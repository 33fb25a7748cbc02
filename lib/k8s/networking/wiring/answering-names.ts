/**
 * The names each compose service answers to on its networks — its service name, network aliases,
 * container_name, hostname, the aliases other services give it under `links:`, the static
 * IPv4 address a network gives it (`ipv4_address`), and each of its names qualified by the name of
 * a network it is on (`db.mynet`) — and how a lookup by the name a container writes finds the
 * service it means.
 */
import type { ComposeProject, Service } from '../../../compose/model.ts';
import { own } from '../../plan/own.ts';

export type NameKind = 'service' | 'network alias' | 'container_name' | 'hostname' | 'link alias' | 'network-qualified name' | 'static address';

export interface AnsweringName {
  /** The name as compose gives it. */
  readonly name: string;
  readonly kind: NameKind;
  /** The compose service that answers to it. */
  readonly service: string;
  /** A `links:` alias is known to the linking service only. */
  readonly onlyFor?: string;
}

/** Kinds in the order a name written twice is resolved: a service name before anything else. */
const PRECEDENCE: readonly NameKind[] = ['service', 'network alias', 'link alias', 'container_name', 'hostname', 'network-qualified name', 'static address'];

/**
 * Every answering name by its lower-case form (DNS names ignore case): what a reference written
 * by `from` to `name` means, preferring services that share a network with `from`.
 */
export class AnsweringNames {
  private readonly byName = new Map<string, AnsweringName[]>();
  private readonly byService = new Map<string, AnsweringName[]>();

  constructor(
    project: ComposeProject,
    private readonly networksOf: (service: string) => readonly string[],
    /**
     * Host names clients outside reach the stack by (publicHostAlias): an alias that is one of them
     * answers to nothing here, so a reference to it keeps the public name.
     */
    private readonly publicHosts: ReadonlySet<string> = new Set(),
  ) {
    for (const service of Object.values(project.services)) {
      this.add({ name: service.name, kind: 'service', service: service.name });
      for (const settings of Object.values(service.networks)) {
        for (const alias of settings.aliases) if (!this.isPublicHostAlias(alias)) this.add({ name: alias, kind: 'network alias', service: service.name });
        // A fixed address is a name the others may write (pedrolamas/docker-iot-stack's zigbee2mqtt
        // reaches its broker at mqtt://10.0.0.6, mosquitto's ipv4_address); the cluster assigns pod
        // addresses, so only the Service's name reaches it there. (An IPv6 address is no host token.)
        if (settings.ipv4Address !== undefined) this.add({ name: settings.ipv4Address, kind: 'static address', service: service.name });
      }
      if (service.containerName) this.add({ name: service.containerName, kind: 'container_name', service: service.name });
      // Docker's DNS answers a container's names qualified by the name of a network it is on, too:
      // mautic/docker-mautic's rabbitmq-worker example names its network `${COMPOSE_PROJECT_NAME}-docker`
      // and sets MAUTIC_DB_HOST=db.rabbitmq-worker-docker. On Kubernetes the part after the dot is a
      // namespace, where no such Service is: the name reached nothing, without a word (until 2026-12-07).
      for (const [network, settings] of Object.entries(service.networks)) {
        const networkName = own(project.networks, network)?.name ?? `${project.name}_${network}`;
        const names = new Set([service.name, ...settings.aliases, ...(service.containerName ? [service.containerName] : [])]);
        for (const name of names) {
          if (!this.isPublicHostAlias(name)) this.add({ name: `${name}.${networkName}`, kind: 'network-qualified name', service: service.name });
        }
      }
      if (service.hostname) this.add({ name: service.hostname, kind: 'hostname', service: service.name });
      for (const [target, alias] of linkAliases(service)) {
        if (own(project.services, target)) this.add({ name: alias, kind: 'link alias', service: target, onlyFor: service.name });
      }
    }
    for (const names of this.byName.values()) names.sort((a, b) => PRECEDENCE.indexOf(a.kind) - PRECEDENCE.indexOf(b.kind));
  }

  /**
   * Whether a network alias is a public host name the project's proxy routes (ownCloud's ocis_ldap
   * gives Traefik the alias `ocis.owncloud.test`, the Host its labels route to ocis, so that ocis
   * reaches its own public URL through the proxy): only a domain name, never a bare label.
   */
  isPublicHostAlias(alias: string): boolean {
    const lower = alias.toLowerCase();
    return lower.includes('.') && this.publicHosts.has(lower);
  }

  /** What `name`, written in service `from`, refers to, if it names a service of the project. */
  resolve(name: string, from: string): AnsweringName | undefined {
    const candidates = this.byName.get(name.toLowerCase());
    if (!candidates) return undefined;
    const visible = candidates.filter((candidate) => candidate.onlyFor === undefined || candidate.onlyFor === from);
    const own = visible.find((candidate) => candidate.service === from);
    if (own) return own;
    const networks = new Set(this.networksOf(from));
    return visible.find((candidate) => this.networksOf(candidate.service).some((network) => networks.has(network))) ?? visible[0];
  }

  /** Every answering name of `service`, service name first. */
  of(service: string): AnsweringName[] {
    return [...(this.byService.get(service) ?? [])].sort((a, b) => PRECEDENCE.indexOf(a.kind) - PRECEDENCE.indexOf(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private add(name: AnsweringName): void {
    const key = name.name.toLowerCase();
    const known = this.byName.get(key);
    if (known?.some((other) => other.service === name.service && other.kind === name.kind && other.onlyFor === name.onlyFor)) return;
    if (known) known.push(name);
    else this.byName.set(key, [name]);
    const ofService = this.byService.get(name.service);
    if (ofService) ofService.push(name);
    else this.byService.set(name.service, [name]);
  }
}

/** `links: [db, 'db:database']` as [target, alias] pairs; a link without alias adds no name. */
function linkAliases(service: Service): [string, string][] {
  const links = service.raw['links'];
  if (!Array.isArray(links)) return [];
  const pairs: [string, string][] = [];
  for (const link of links) {
    if (typeof link !== 'string') continue;
    const [target = '', alias] = link.split(':');
    if (alias !== undefined && alias !== '' && alias !== target) pairs.push([target, alias]);
  }
  return pairs;
}
