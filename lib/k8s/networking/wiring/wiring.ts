import { nameRecord } from '../../../name-records.ts';
/**
 * The wiring of a stack: which names each service answers to, which ports it listens on, and
 * where the other services refer to it. Under compose every service reaches every other one on
 * a shared network by its service name, network aliases, container_name or link aliases, on any
 * port. On Kubernetes a name resolves only through a Service, a Service carries only the ports it
 * lists, and a Service name must be a DNS label. So the wiring decides:
 * - the ports each Service carries: declared, probed by the healthcheck, stated by the image, and
 *   used by the others' references (none known: a headless Service, which answers on every port);
 * - which extra names get a Service of their own (valid DNS labels that are used), and which are
 *   rewritten where they are used (names Kubernetes cannot hold, such as `db_postgres`);
 * - that a healthcheck calling its own service by name calls localhost instead, because a Service
 *   routes only to ready pods and the probe decides readiness.
 * The project comes back with references rewritten and the found ports added as `expose:`, so
 * every later rule (Services, probes, start order, network policies) sees the same facts.
 */
import type { ComposeProject, ExposedPort, Protocol, Service } from '../../../compose/model.ts';
import { withServices } from '../../../compose/with-services.ts';
import type { ImageFacts } from '../../../images/facts.ts';
import { isDns1035Label, isDns1123Label } from '../../names/names.ts';
import type { Warn } from '../../plan/context.ts';
import { networkCheckOf, withServiceVariables } from '../../workload/healthcheck-network.ts';
import { healthcheckOwnPorts } from '../../workload/healthcheck-ports.ts';
import { withoutDockerHostSelfCalls } from './healthcheck-docker-host.ts';
import { loopbackListener } from '../loopback-addresses.ts';
import { pairedPort } from './port-variables.ts';
import { sendsDatagrams } from './datagram-references.ts';
import { siblingPort } from './sibling-port.ts';
import { parseImage } from '../../workload/image-profiles.ts';
import { sourceCodeReason } from '../../storage/bind-kinds.ts';
import { replacedCommandPorts } from './replaced-command-ports.ts';
import { imageStartedScripts } from '../../storage/started-scripts.ts';
import { commandListenPorts } from '../command-listen-ports.ts';
import { attachedNetworks } from '../network-policies.ts';
import { podHostOf } from '../../workload/shared-pods.ts';
import { usualPortsBeside, usualPortsImage, usualServicePorts } from '../service-default-ports.ts';
import { settingsPort } from '../server-port-settings.ts';
import { ownPortVariable } from '../own-port-variable.ts';
import { clusterMembers, sameImage, sharedAddress, type ClusterMember } from './cluster-members.ts';
import { ellipsisHosts } from './ellipsis-hosts.ts';
import { speaksForService } from './mounted-tree-files.ts';
import { memberUrlNamesNoPort } from './member-url-ports.ts';
import { proxyLabelPorts } from './proxy-label-ports.ts';
import { hostSideTarget } from '../host-side-ports.ts';
import { AnsweringNames, type AnsweringName, type NameKind } from './answering-names.ts';
import { renamedCertificateWarning } from './renamed-certificates.ts';
import { routedHosts } from './routed-hosts.ts';
import { servedHosts, type ServedHost } from './served-hosts.ts';
import { isOwnAddressSetting, POD_IP_FIELD } from '../../workload/pod/own-address.ts';
import { advertisedHostname } from './advertised-hostname.ts';
import { isHostPosition, programOf, type WordSetting } from './host-positions.ts';
import { hostReferences, rewriteReferences, type HostReference, type ScanMode } from './host-references.ts';
import { podDomainLabels, podDomainNames, type PodDomainName } from './pod-domain-names.ts';
import { hostValue, hostVariables, replaceHostVariables } from './self-call-variables.ts';

export type ReferenceOutcome = 'resolves' | 'rewritten' | 'localhost' | 'pod address' | 'unreachable in compose' | 'not rewritten';

export interface WiredReference {
  /** The compose key (or object) where the reference is written. */
  readonly key: string;
  /** The name as written. */
  readonly name: string;
  /** The compose service it names. */
  readonly service: string;
  /** The host name that resolves to it on Kubernetes. */
  readonly resolvesAs: string;
  readonly port?: number;
  /** The port is none the text writes: its URL scheme's default (`https://manager` → 443) or nginx's 80. */
  readonly portImplied?: true;
  readonly outcome: ReferenceOutcome;
}

export interface KnownPort {
  readonly port: number;
  readonly protocol: Protocol;
  /** Where the port is known from: `ports`, `expose`, `healthcheck`, `image`, `used by <service>`, `routed to by <label>`. */
  readonly sources: readonly string[];
  /** The services that connect to it (the service itself included, when it calls its own address), by name, sorted. */
  readonly users?: readonly string[];
}

export interface ServiceWiring {
  readonly service: string;
  /** The names it answers to and the host name each resolves as on Kubernetes. */
  readonly names: readonly { readonly name: string; readonly kind: NameKind; readonly resolvesAs: string }[];
  /** Names other than its Service name that get a Service of their own. */
  readonly aliases: readonly string[];
  /**
   * A dotted name of two labels the others reach it by, kept as its pod's hostname and subdomain
   * (a headless Service of that name) so that it resolves as written (pod-domain-names.ts).
   */
  readonly podDomain?: { readonly hostname: string; readonly subdomain: string };
  readonly ports: readonly KnownPort[];
  /** The references this service makes to services of the project (itself included). */
  readonly references: readonly WiredReference[];
}

export interface ProjectWiring {
  readonly services: Readonly<Record<string, ServiceWiring>>;
  /** Rewrites a configuration file shipped to `service`'s pods; records what it found. */
  rewriteFile(text: string, service: string, key: string): string;
  /** Reports the references in a text the converter cannot change (a Secret, a binary file) to names that are spelled otherwise on Kubernetes. */
  reportUnchangeable(text: string, service: string, key: string, where: string): void;
  /**
   * Network aliases several services declare (Loki's getting-started puts `loki` on read and
   * write): alias → the services whose pods answer to it, in code-unit order. Its Service selects
   * them all, as compose's DNS answers with every container that holds the alias.
   */
  readonly sharedAliases: ReadonlyMap<string, readonly string[]>;
  /** The members of a cluster, each with the members of its image that name it (cluster-members.ts). */
  readonly clusterMembers: ReadonlyMap<string, ClusterMember>;
}

export interface WiringInputs {
  readonly project: ComposeProject;
  /** Kubernetes name of every compose service. */
  readonly names: Readonly<Record<string, string>>;
  readonly image: (service: string) => ImageFacts | undefined;
  /** How several pods run a service (`3 replicas`, `one pod per node`); undefined when one does. */
  readonly severalPods: (service: string) => string | undefined;
  /** Whether a service runs to completion (a Job or CronJob): it serves only the ports compose declares or others use. */
  readonly runsToCompletion: (service: string) => boolean;
  /** Whether the controller names a service's pods and sets their hostnames (a StatefulSet). @default never */
  readonly podsNamedByController?: (service: string) => boolean;
  /** The namespace the manifests go to: a node's dotted host is rewritten to `<Service>.<namespace>.svc`. */
  readonly namespace?: string;
  readonly warn: Warn;
}

interface Scan {
  readonly text: string;
  readonly key: string;
  readonly setting: WordSetting;
  readonly mode: ScanMode;
  /** The healthcheck: a reference to the service itself calls localhost. */
  readonly selfIsLocal: boolean;
}

const LOCALHOST = 'localhost';

/** The project as Kubernetes must see it to keep compose's names and ports, and the wiring report. */
export function wireProject(inputs: WiringInputs): { project: ComposeProject; wiring: ProjectWiring } {
  const { project } = inputs;
  const networks = new Map<string, readonly string[]>();
  const networksOf = (service: string): readonly string[] => {
    let known = networks.get(service);
    if (!known) networks.set(service, (known = attachedNetworks(project, service)));
    return known;
  };
  const routed = routedHosts(project);
  const served = servedHosts(project);
  const wiring = new Wiring(inputs, new AnsweringNames(project, networksOf, new Set([...routed, ...served.keys()])), networksOf, routed, served);
  const services: Record<string, Service> = {};
  let changed = false;
  // References first, in every service: which names are used decides which get Services.
  const scans = Object.values(project.services).map((service) => [service, scansOf(service)] as const);
  for (const [service, list] of scans) for (const scan of [...list, ...fileScansOf(project, service)]) wiring.find(service.name, scan);
  for (const [service, list] of scans) {
    const rewritten = wiring.rewriteService(service, list);
    services[service.name] = rewritten;
    changed ||= rewritten !== service;
  }
  for (const service of Object.values(project.services)) {
    wiring.reportPodDomain(service);
    wiring.reportAliasesWithoutService(service);
    wiring.reportLinkAliasesWithoutService(service);
    wiring.reportUnusedContainerName(service);
    wiring.reportRenamedService(service);
  }
  const result = changed ? withServices(project, services) : project;
  return { project: result, wiring: wiring.report(result) };
}

/** Every text of a service that may name another service. */
function scansOf(service: Service): Scan[] {
  const scans: Scan[] = [];
  for (const [variable, value] of Object.entries(service.environment)) {
    if (value) scans.push({ text: value, key: `services.${service.name}.environment.${variable}`, setting: { variable }, mode: 'words', selfIsLocal: false });
  }
  for (const field of ['command', 'entrypoint'] as const) {
    const words = service[field];
    if (words) append(scans, wordScans(words, `services.${service.name}.${field}`, programOf(field === 'command' && service.entrypoint ? [...service.entrypoint, ...words] : words), false));
  }
  const test = service.healthcheck?.test;
  if (test && (test[0] === 'CMD' || test[0] === 'CMD-SHELL')) {
    append(scans, wordScans(test.slice(1), `services.${service.name}.healthcheck.test`, programOf(test[0] === 'CMD' ? test.slice(1) : ['sh', '-c', test[1] ?? '']), true, 1));
  }
  return scans;
}

/** `push(...more)` passes each item as an argument: a command of a few hundred thousand words overflowed the stack. */
function append<T>(list: T[], more: readonly T[]): void {
  for (const item of more) list.push(item);
}

/**
 * A Dockerfile or compose file shipped with a mounted folder (a dev container's `.:/workspace`,
 * pedrolamas/docker-iot-stack's code-server mounting `./`), by its path or its ConfigMap or Secret
 * key (`sub_Dockerfile`): its `FROM nginx:1.27` names an image, and a compose file's
 * `ipv4_address: 10.0.0.6` a service's address, which no container calls.
 */
export function isBuildRecipe(file: string): boolean {
  return /(^|[/_])(Dockerfile|Containerfile)([._-][^/]*)?$|\.dockerfile$|(^|[/_])(docker-)?compose([._-][^/]*)?\.ya?ml$/i.test(file);
}

/**
 * The configuration files a service's pods get (compose configs, bind-mounted project files):
 * read for the ports and names they use; they are rewritten as the ConfigMaps are planned.
 */
function fileScansOf(project: ComposeProject, service: Service): Scan[] {
  return configurationTexts(project, service).map(([text, key]) => ({ text, key, setting: {}, mode: 'file', selfIsLocal: false }));
}

/**
 * The texts of the configuration files a service's pods get, each with the compose key that mounts it
 * (`configs.x`, `services.s.volumes.0`): of a mounted folder, the files that speak for the service
 * (mounted-tree-files.ts).
 */
export function configurationTexts(project: ComposeProject, service: Service): [text: string, key: string][] {
  const texts: [string, string][] = [];
  for (const reference of service.configs) {
    const value = project.configs[reference.source]?.value;
    if (value !== undefined) texts.push([value, `configs.${reference.source}`]);
  }
  service.volumes.forEach((mount, index) => {
    if (mount.type !== 'bind') return;
    const host = Object.hasOwn(project.hostFiles, mount.source) ? project.hostFiles[mount.source] : undefined;
    // Source code is dropped (the image carries it): its Dockerfile's `FROM nginx:1.27` is no call to a service.
    if (sourceCodeReason(service, mount, host, project.hostFiles, project.services) !== undefined) return;
    const key = `services.${service.name}.volumes.${index}`;
    if (host?.kind === 'file' && !host.binary) texts.push([host.content, key]);
    if (host?.kind !== 'directory') return;
    const speaks = speaksForService(project, service, mount);
    for (const [path, file] of Object.entries(host.entries)) if (!file.binary && !isBuildRecipe(path) && speaks(path, file.content)) texts.push([file.content, key]);
  });
  return texts;
}

function wordScans(words: readonly string[], key: string, program: string | undefined, selfIsLocal: boolean, offset = 0): Scan[] {
  return words.map((text, index) => ({
    text,
    key: `${key}.${index + offset}`,
    setting: { ...(program !== undefined ? { program } : {}), ...(index > 0 ? { previousWord: words[index - 1]! } : {}) },
    mode: 'words',
    selfIsLocal,
  }));
}

class Wiring {
  private readonly found = new Map<Scan, HostReference<AnsweringName>[]>();
  private nodeHostNames: ReadonlySet<string> | undefined;
  private readonly references = new Map<string, WiredReference[]>();
  private readonly usedNames = new Set<AnsweringName>();
  /** By service, the ports others use of it, keyed `protocol/port`. */
  private readonly portsUsed = new Map<string, Map<string, { readonly port: number; readonly protocol: Protocol; readonly users: Set<string> }>>();
  /** The services each service names without a port (a host list, a seed node): to find a cluster's members. */
  private readonly namedWithoutPort = new Map<string, Set<string>>();
  /** The same, the other way: the services that name each service without a port. */
  private readonly namersWithoutPort = new Map<string, Set<string>>();
  /** The services that name each service, with a port or without, but not through a setting both share that names no other of its image (sharedAddress): to find a cluster's members. */
  private readonly namers = new Map<string, Set<string>>();
  /** The first name each service calls itself by outside its healthcheck. */
  private readonly selfNames = new Map<string, HostReference<AnsweringName>>();
  /** The services that give their own name without a port outside their healthcheck (NiFi's NIFI_WEB_HTTP_HOST). */
  /**
   * Healthchecks that name the service among other services of its image: a list of the members of
   * its cluster, which it hands to the others (mongo1's `rs.initiate({members: [{host: "mongo1:30001"},
   * {host: "mongo2:30002"}]})`), not a call to itself. Its own name stays, answered by its pod
   * (its hostname), as in compose: localhost in the list made MongoDB refuse the replica set, which
   * mixed it with other hosts (UpSync-Dev/docker-compose-mongo-replica-set, until 2026-12-07).
   */
  private readonly memberLists = new Set<Scan>();
  private readonly selfNamedWithoutPort = new Set<string>();
  private readonly certificateNamesWarned = new Set<string>();
  /** By image, whether the services of the image that give their own names register with something (registersWith). */
  private readonly registering = new Map<string, boolean>();
  /** The services each service names (namers, the other way round), built once, after every reference is found. */
  private named: Map<string, Set<string>> | undefined;
  /** Services by image (or build), built once: the members of an image's cluster. */
  private servicesByImage: Map<string, string[]> | undefined;
  /** The ports added to each service's `expose:`, with where they are known from. */
  private readonly added = new Map<string, KnownPort[]>();
  private aliasOwners: Map<string, string> | undefined;
  private podDomains: Map<string, PodDomainName> | undefined;
  private sharedAliasHosts: Map<string, string[]> | undefined;
  private podMembers: Map<string, Service[]> | undefined;
  private readonly serviceNames: ReadonlySet<string>;

  constructor(
    private readonly inputs: WiringInputs,
    private readonly answering: AnsweringNames,
    private readonly networksOf: (service: string) => readonly string[],
    /** The host names the project's proxy labels route (routed-hosts.ts). */
    private readonly routed: ReadonlySet<string> = new Set(),
    /** The host names the project's web front is given (served-hosts.ts). */
    private readonly served: ReadonlyMap<string, ServedHost> = new Map(),
  ) {
    this.serviceNames = new Set(Object.values(inputs.names));
  }

  private selfIsLocal(scan: Scan): boolean {
    return scan.selfIsLocal && !this.memberLists.has(scan);
  }

  private listsMembers(from: string, references: readonly HostReference<AnsweringName>[]): boolean {
    const services = this.inputs.project.services;
    const own = services[from];
    if (own === undefined || !references.some((reference) => reference.target.service === from)) return false;
    return references.some((reference) => reference.target.service !== from && sameImage(services[reference.target.service], own));
  }

  /** A variable of the service's own environment whose whole value is its own fixed address (own-address.ts). */
  private ownAddressSetting(from: string, scan: Scan): boolean {
    const service = this.inputs.project.services[from];
    return service !== undefined && scan.key === `services.${from}.environment.${scan.setting.variable ?? ''}` && isOwnAddressSetting(service, scan.setting.variable);
  }

  find(from: string, scan: Scan): void {
    const found = this.referencesIn(scan.text, from, scan.mode, scan.setting);
    const expanded = this.ellipsisReferences(scan.text, from);
    if (found.length === 0 && expanded.length === 0) return;
    // Only what is written name by name is rewritten: a range stays as written.
    if (found.length > 0) this.found.set(scan, found);
    const references = expanded.length === 0 ? found : [...found, ...expanded];
    if (scan.selfIsLocal && this.listsMembers(from, references)) this.memberLists.add(scan);
    const selfIsLocal = this.selfIsLocal(scan);
    // The services the text names, to tell a shared list of peers from a shared address (sharedAddress).
    let named: string[] | undefined;
    for (const reference of references) {
      const sharers = this.sharersOf(reference.target);
      if (sharers) {
        // A name several services answer to is no address of the caller's own, even when it holds
        // it too (write's `join_members: [loki:7946]` reaches read as well): every holder serves the port.
        this.usedNames.add(reference.target);
        const own = podHostOf(this.inputs.project, from);
        if (reference.port !== undefined) {
          for (const host of sharers) if (host === own || this.reachable(from, host)) this.usePort(host, reference.port, host === own ? `${from} (its own address)` : from);
        }
        continue;
      }
      // Its own fixed address, whole, is the pod's address (replacement), no name it calls itself by.
      const ownAddress = reference.target.kind === 'static address' && this.ownAddressSetting(from, scan);
      if (reference.target.service === from && !selfIsLocal && !ownAddress && !this.selfNames.has(from)) this.selfNames.set(from, reference);
      if (reference.target.service === from && !selfIsLocal && reference.port === undefined) this.selfNamedWithoutPort.add(from);
      // A port a service gives as its own address (Kafka's advertised listeners) is one the others are sent to.
      if (reference.target.service === from && !selfIsLocal && reference.port !== undefined) {
        this.usePort(podHostOf(this.inputs.project, from), reference.port, `${from} (its own address)`);
        // So is the name, when it is another than the service's: docspell's joex registers
        // DOCSPELL_JOEX_BASE__URL=http://docspell-joex:7878 (its container_name) in the database,
        // where the restserver finds it and calls it; with no Service of that name, only joex's own
        // pod resolved it (its hostname), and the restserver's calls failed (until 2026-12-07).
        if (reference.target.kind !== 'service') this.usedNames.add(reference.target);
      }
      if (reference.target.service === from || !this.reachable(from, reference.target.service)) continue;
      this.usedNames.add(reference.target);
      named ??= [...new Set(references.map((each) => each.target.service))];
      if (!sharedAddress(this.inputs.project, from, scan.key, scan.setting.variable, scan.text, reference.target.service, named)) {
        let namers = this.namers.get(reference.target.service);
        if (!namers) this.namers.set(reference.target.service, (namers = new Set()));
        namers.add(from);
      }
      const protocol: Protocol = sendsDatagrams(scan.text, reference.start, scan.setting.variable) ? 'udp' : 'tcp';
      if (reference.port !== undefined) this.usePort(podHostOf(this.inputs.project, reference.target.service), reference.port, from, protocol);
      else {
        // The host alone in its variable, its port in the variable beside it (SMTP_HOST, SMTP_PORT).
        const paired = reference.whole && scan.setting.variable !== undefined ? pairedPort(this.inputs.project.services[from]?.environment ?? {}, scan.setting.variable) : undefined;
        if (paired !== undefined) this.usePort(podHostOf(this.inputs.project, reference.target.service), paired, from, protocol);
        let named = this.namedWithoutPort.get(from);
        if (!named) this.namedWithoutPort.set(from, (named = new Set()));
        named.add(reference.target.service);
        let namers = this.namersWithoutPort.get(reference.target.service);
        if (!namers) this.namersWithoutPort.set(reference.target.service, (namers = new Set()));
        namers.add(from);
      }
    }
  }

  /** The hosts a MinIO ellipsis names (`http://minio{1...4}/data`), each a reference without its own place in the text (ellipsis-hosts.ts). */
  private ellipsisReferences(text: string, from: string): HostReference<AnsweringName>[] {
    const references: HostReference<AnsweringName>[] = [];
    for (const host of ellipsisHosts(text)) {
      const target = this.answering.resolve(host.name, from);
      if (target !== undefined) references.push({ target, name: host.name, start: host.start, end: host.end, form: host.port === undefined ? 'bare' : 'host-port', ...(host.port !== undefined ? { port: host.port } : {}) });
    }
    return references;
  }

  rewriteService(service: Service, scans: readonly Scan[]): Service {
    const replaced = new Map<string, string>();
    const own = this.ownAddress(service);
    const podHostname = own?.hostname ?? this.keptHostname(service);
    for (const scan of scans) {
      const references = this.found.get(scan);
      if (!references) continue;
      const text = rewriteReferences(scan.text, references, (reference) => this.replacement(service.name, scan, reference, podHostname));
      if (text !== scan.text) replaced.set(scan.key, text);
    }
    this.rewriteHealthcheckDockerHost(service, replaced);
    const ports = this.addedPorts(service, replaced);
    this.rewriteHealthcheckSelfVariables(service, own?.hostname, replaced);
    // Without any port its Service is headless already (translate.ts), and nothing is to be said.
    const served = ports.length > 0 || service.ports.length > 0 || service.expose.length > 0;
    const peers = own?.deploy === undefined && served ? this.peerAddress(service) : undefined;
    const address = own === undefined && peers === undefined ? undefined : Object.assign({}, own, peers);
    if (replaced.size === 0 && ports.length === 0 && address === undefined) return service;
    const text = (key: string, value: string): string => replaced.get(key) ?? value;
    const prefix = `services.${service.name}`;
    const words = (field: string, list: readonly string[] | undefined, offset = 0): readonly string[] | undefined =>
      list?.map((word, index) => (index < offset ? word : text(`${prefix}.${field}.${index}`, word)));
    const environment = nameRecord<string | null>();
    for (const [variable, value] of Object.entries(service.environment)) environment[variable] = value === null ? null : text(`${prefix}.environment.${variable}`, value);
    const command = words('command', service.command);
    const entrypoint = words('entrypoint', service.entrypoint);
    const test = words('healthcheck.test', service.healthcheck?.test, 1);
    // Object.assign, not a literal that starts with a spread: Node 20's V8 gives each object such a
    // literal makes a hidden class of its own (lib/name-records.ts).
    return Object.assign({}, service, {
      environment,
      ...(command ? { command } : {}),
      ...(entrypoint ? { entrypoint } : {}),
      ...(service.healthcheck && test ? { healthcheck: Object.assign({}, service.healthcheck, { test }) } : {}),
      ...address,
      expose: [...service.expose, ...ports],
    });
  }

  /**
   * A service that calls itself by name (Kafka's `KAFKA_LISTENERS=PLAINTEXT://broker:29092`)
   * expects the name to be its own address — a Service address is not one it can listen on. A pod
   * resolves its hostname to its own IP, so the name becomes the pod's hostname. Compose resolves
   * the name of a scaled service to every replica, which is how peers find each other
   * (`SONAR_CLUSTER_HOSTS=sonarqube`); there the name stays the Service's, made headless so that
   * it answers with every pod, as `endpoint_mode: dnsrr` does.
   */
  private ownAddress(service: Service): Partial<Pick<Service, 'hostname' | 'deploy'>> | undefined {
    const healthcheck = this.selfNames.has(service.name) ? undefined : this.healthcheckSelfName(service);
    const reference = this.selfNames.get(service.name) ?? healthcheck;
    // A compose hostname that is no DNS label (`wazuh.manager`) cannot be the pod's, which then
    // keeps its own: the name the service calls itself by must still be its own address (wazuh's
    // WAZUH_CLUSTER_BIND_ADDR=wazuh.manager bound the cluster daemon to a Service address, which
    // no pod has, until 2026-12-06).
    if (service.hostname !== undefined && isDns1123Label(service.hostname)) return undefined;
    if (reference === undefined) return this.advertisedAddress(service);
    const name = reference.name.toLowerCase();
    // Its dotted name is its pod's own domain name already.
    if (this.podDomainOf(service.name)?.name === name) return undefined;
    const resolvesAs = this.resolvesAs(reference.target);
    const pods = this.inputs.severalPods(service.name);
    if (pods === undefined) {
      // A name Kubernetes cannot hold is written as its Service's name (replacement), which is then the hostname.
      const hostname = isDns1123Label(name) ? name : resolvesAs;
      // A StatefulSet's controller sets its pod's hostname to the pod's name, whatever the template
      // says (workload/pod/hostname.ts): the name stays its Service's. Weblate's database read
      // POSTGRES_HOST=database from the env_file it shares with weblate, and was told both that its
      // pod's hostname is 'database' and that the hostname 'database' (which compose never set) is
      // not the pod's, until 2026-12-07.
      if (this.inputs.podsNamedByController?.(service.name) === true) {
        const own = this.inputs.names[service.name] ?? service.name;
        this.inputs.warn(
          `'${hostname}' is not the pod's hostname: the service calls itself by that name, but a StatefulSet's controller names its pod '${own}-0', so the name is Service '${resolvesAs}', which reaches the pod but is no address the program can bind to or advertise as its own (set x-kubernetes.workload: Deployment to make it the pod's hostname, as in compose)`,
          `services.${service.name}`,
        );
        return undefined;
      }
      const calls = healthcheck
        ? `its healthcheck calls itself through $${healthcheck.variable}, which its environment sets to that name; the name then resolves to the pod's own address, as in compose, whatever the pod's readiness (a Service answers with ready pods only, and the probe decides readiness)`
        : 'the service calls itself by that name, which then resolves to the pod\'s own address, as in compose';
      this.inputs.warn(`the pod's hostname is '${hostname}': ${calls}`, `services.${service.name}`);
      return { hostname };
    }
    const why = `'${name}' is not the pods' hostname: the service calls itself by that name and runs ${pods}, and a hostname would make each pod resolve it to itself alone`;
    if (service.deploy.endpointMode === 'vip') {
      this.inputs.warn(`${why}; deploy.endpoint_mode: vip keeps Service '${resolvesAs}' a ClusterIP, so the name resolves to one virtual address that sends each connection to one ready pod, and the replicas cannot find each other by it (drop endpoint_mode: vip for a headless Service)`, `services.${service.name}`);
      return undefined;
    }
    this.inputs.warn(`${why}; Service '${resolvesAs}' is headless instead, so the name answers with every pod's address, as compose answers with every replica's`, `services.${service.name}`);
    return { deploy: Object.assign({}, service.deploy, { endpointMode: 'dnsrr' as const }) };
  }

  /**
   * A Kafka broker that advertises a listener without a host (advertised-hostname.ts) sends its
   * clients to its own host name, which resolves only where it is the name of its Service: the
   * pod's hostname becomes its Service's name, as the container's resolves in compose. A
   * StatefulSet's pod needs none: its own name is a domain name of the headless Service that
   * governs it (`kafka-0.kafka-headless…`), which the other pods resolve. Where several pods run,
   * each is named by Kubernetes and no hostname serves them all: it is said instead.
   */
  private advertisedAddress(service: Service): Partial<Pick<Service, 'hostname'>> | undefined {
    if (this.inputs.podsNamedByController?.(service.name) === true) return undefined;
    const advertised = advertisedHostname(service.environment);
    if (advertised === undefined) return undefined;
    const own = this.inputs.names[service.name] ?? service.name;
    const key = `services.${service.name}.environment.${advertised.variable}`;
    const sets = advertised.advertised ? 'advertises' : 'sets, and Kafka advertises without advertised listeners,';
    const sends = `${advertised.variable} ${sets} ${advertised.listener}, a listener without a host, so Kafka sends its clients to its own host name`;
    const pods = this.inputs.severalPods(service.name);
    if (pods !== undefined) {
      this.inputs.warn(`${sends}, which no other pod resolves: it runs ${pods}, each named by Kubernetes; write the host each broker is reached at in its listener`, key);
      return undefined;
    }
    this.inputs.warn(`the pod's hostname is '${own}': ${sends}, which is then the name its Service '${own}' answers to, as the container's own name resolves in compose (a pod's generated name resolves nowhere else)`, key);
    return { hostname: own };
  }

  /**
   * The variables of the service's own environment through which its shell healthcheck calls the
   * service itself (self-call-variables.ts), with the name each holds.
   */
  private healthcheckSelfVariables(service: Service): { variable: string; value: string; target: AnsweringName }[] {
    const test = service.healthcheck?.test;
    if (service.healthcheck?.disable || test?.[0] !== 'CMD-SHELL' || test[1] === undefined || !test[1].includes('$')) return [];
    const found: { variable: string; value: string; target: AnsweringName }[] = [];
    for (const { variable } of hostVariables(test[1])) {
      const value = hostValue(Object.hasOwn(service.environment, variable) ? service.environment[variable] : undefined);
      const target = value === undefined ? undefined : this.answering.resolve(value, service.name);
      if (value !== undefined && target?.service === service.name && !this.sharersOf(target) && !found.some((known) => known.variable === variable)) found.push({ variable, value, target });
    }
    return found;
  }

  /**
   * The name a healthcheck calls its service by through a variable, when the pod can take it as its
   * hostname: one pod whose hostname the converter sets, and a DNS label (ownAddress).
   */
  private healthcheckSelfName(service: Service): { name: string; target: AnsweringName; variable: string } | undefined {
    const first = this.healthcheckSelfVariables(service)[0];
    if (first === undefined || !isDns1123Label(first.value.toLowerCase()) || this.podDomainOf(service.name) !== undefined) return undefined;
    const name = service.name;
    if (this.inputs.severalPods(name) !== undefined || this.inputs.runsToCompletion(name) || this.inputs.podsNamedByController?.(name) === true || podHostOf(this.inputs.project, name) !== name) return undefined;
    if (!hasOwnNetwork(service) || service.networkMode === 'host') return undefined;
    return { name: first.value, target: first.target, variable: first.variable };
  }

  /**
   * A healthcheck's self-call through a variable whose name is not the pod's hostname calls
   * localhost instead, as a self-call by the name itself does (replacement).
   */
  private rewriteHealthcheckSelfVariables(service: Service, ownHostname: string | undefined, replaced: Map<string, string>): void {
    const variables = this.healthcheckSelfVariables(service);
    if (variables.length === 0) return;
    const composeHostname = service.hostname !== undefined && isDns1123Label(service.hostname) ? service.hostname : undefined;
    const podHostname = ownHostname ?? composeHostname ?? this.podDomainOf(service.name)?.hostname;
    const key = `services.${service.name}.healthcheck.test.1`;
    const before = replaced.get(key) ?? service.healthcheck?.test?.[1] ?? '';
    const after = replaceHostVariables(before, ({ variable, end }) => {
      const self = variables.find((known) => known.variable === variable);
      if (self === undefined) return undefined;
      const port = /^:(\d{1,5})/.exec(before.slice(end))?.[1];
      const reference = { key, name: `$${variable}`, service: service.name, ...(port !== undefined ? { port: Number(port) } : {}) };
      if (self.value.toLowerCase() === podHostname) {
        this.referenceList(service.name).push({ ...reference, resolvesAs: podHostname, outcome: 'resolves' });
        return undefined;
      }
      this.referenceList(service.name).push({ ...reference, resolvesAs: LOCALHOST, outcome: 'localhost' });
      this.inputs.warn(`the healthcheck calls '$${variable}', which the service's environment sets to '${self.value}', the service itself: the probe calls localhost, because a Service sends traffic to ready pods only`, key);
      return LOCALHOST;
    });
    if (after !== before) replaced.set(key, after);
  }

  /**
   * A healthcheck that calls the service's own published port through the Docker host calls the
   * container's port on localhost instead (healthcheck-docker-host.ts).
   */
  private rewriteHealthcheckDockerHost(service: Service, replaced: Map<string, string>): void {
    const test = service.healthcheck?.test;
    if (test === undefined || service.healthcheck?.disable || service.ports.length === 0) return;
    test.forEach((word, index) => {
      if (index === 0) return;
      const key = `services.${service.name}.healthcheck.test.${index}`;
      const before = replaced.get(key) ?? word;
      const { text, calls } = withoutDockerHostSelfCalls(service, before);
      if (calls.length === 0) return;
      replaced.set(key, text);
      for (const call of calls) {
        this.inputs.warn(`the healthcheck calls '${call.written}', the service's own published port through the Docker host, which no pod resolves: the probe calls localhost:${call.target}, the container's port it leads to`, key);
      }
    });
  }

  /** How several pods of a service that calls itself by name run, when its headless Service answers that name with all of them (ownAddress). */
  private replicasNamedAlike(service: Service): string | undefined {
    if (service.deploy.endpointMode !== 'dnsrr' || !this.selfNames.has(service.name)) return undefined;
    return this.inputs.severalPods(service.name);
  }

  /**
   * The members of one cluster name each other without a port — pulsar's kitchen-sink runs zk1, zk2
   * and zk3 with `ZOOKEEPER_SERVERS=zk1,zk2,zk3`, EMQX its nodes with seeds `emqx@node1.emqx.io,
   * emqx@node2.emqx.io` — because the ports they talk on among themselves (ZooKeeper's quorum
   * 2888/3888, Erlang distribution) are the image's, written nowhere in the stack. A ClusterIP
   * Service carries only the ports known (the clients' 2181), so the members could not reach each
   * other by name; a headless Service answers the name with the pod's address, on which every port
   * is reached, as in compose. Members: services of the same image (or the same build), one naming
   * the other so. The named one need not name back: a seed or coordinator is named by the others
   * only — Flink's taskmanager names its jobmanager (`JOB_MANAGER_RPC_ADDRESS=jobmanager`) and
   * registers on RPC port 6123, a Cassandra node its seed (`CASSANDRA_SEEDS=cassandra-seed-node`) and
   * gossips on 7000, a Consul server the one it joins (`agent -server -join consul_1`, Serf's 8301);
   * until 2026-12-06 their Services carried only the ports written, and no cluster formed.
   */
  private peerAddress(service: Service): Partial<Pick<Service, 'deploy'>> | undefined {
    if (service.deploy.endpointMode !== undefined || (service.image === undefined && service.build === undefined) || !hasOwnNetwork(service)) return undefined;
    const services = this.inputs.project.services;
    // By the services that name it, not by every service of the project: a lookup per service keeps the wiring linear.
    // A task of its image that names it (a backup job's `pg_dump -h db` in postgres' image) is its client, not a member.
    const namers = [...(this.namersWithoutPort.get(service.name) ?? [])]
      .filter((peer) => peer !== service.name && sameImage(services[peer], service) && !this.inputs.runsToCompletion(peer))
      .sort();
    const own = this.inputs.names[service.name] ?? service.name;
    if (namers.length === 0) return this.registeredMember(service, own);
    const named = this.namedWithoutPort.get(service.name);
    const who = namers.every((peer) => named?.has(peer) === true)
      ? `it and ${namers.join(', ')}, of the same image, name each other without a port, as the members of a cluster do`
      : `${namers.join(', ')}, of the same image, name${namers.length === 1 ? 's' : ''} it without a port, as the members of a cluster name their seed or coordinator`;
    this.inputs.warn(
      `Service '${own}' is headless: ${who}, so its name answers with the pod's address, on which they reach every port, as in compose (a ClusterIP Service would pass only the ports the stack writes)`,
      `services.${service.name}`,
    );
    return { deploy: Object.assign({}, service.deploy, { endpointMode: 'dnsrr' as const }) };
  }

  /**
   * A member of a cluster that no other member names, but that gives its own name without a port
   * while other services run its image: it registers with the others by that name (through a
   * coordinator, ZooKeeper), and they connect back to it on the image's ports, written nowhere in
   * the stack. apache/nifi's cluster runs node1.nifi to node3.nifi with `hostname: nodeN.nifi`,
   * NIFI_WEB_HTTP_HOST=nodeN.nifi and NIFI_CLUSTER_NODE_PROTOCOL_PORT=8082; each node's Service
   * carried only 8080, so the coordinator could not reach a node's protocol port 8082 by its name
   * (until 2026-12-06). Its own name is a compose `hostname` (a DNS label: the pod's) or a name it
   * gives without a port; the others of its image are the members. Headless, the name answers with
   * the pod's address, on which every port is reached, as in compose.
   */
  private registeredMember(service: Service, own: string): Partial<Pick<Service, 'deploy'>> | undefined {
    const hostname = registeredHostname(service);
    if (hostname === undefined && !this.selfNamedWithoutPort.has(service.name)) return undefined;
    // The others of its image register by their own names too: a web server and its worker, or a
    // database and the task that initialises it, share an image without forming a cluster (saleor's
    // api and worker, SigNoz's clickhouse and init-clickhouse were made headless so).
    const services = this.inputs.project.services;
    const members = (this.membersByImage().get(imageKey(service)) ?? []).filter(
      (member) => member !== service.name && (registeredHostname(services[member]!) !== undefined || this.selfNamedWithoutPort.has(member)),
    );
    if (members.length === 0 || !this.registersWith([service.name, ...members], imageKey(service))) return undefined;
    const namesItself = hostname !== undefined ? `its hostname is '${hostname}'` : 'the service gives its own name without a port';
    this.inputs.warn(
      `Service '${own}' is headless: ${namesItself} and it runs the image of ${members.join(', ')}, as the members of a cluster do that register with each other by name, so its name answers with the pod's address, on which they reach every port, as in compose (a ClusterIP Service would pass only the ports the stack writes)`,
      `services.${service.name}`,
    );
    return { deploy: Object.assign({}, service.deploy, { endpointMode: 'dnsrr' as const }) };
  }

  /**
   * Whether services of one image that give their own names register with something, as the members
   * of a cluster do: one names another service of the image (a member it joins, rabbitmq2's
   * JOIN_CLUSTER_HOST=rabbitmq1; the controllers a Kafka broker registers with), or they all name one
   * service of another image (the coordinator: NiFi's ZooKeeper, Pydio Cells' etcd registry).
   * taigaio/taiga-docker's two RabbitMQ brokers each have a hostname (RabbitMQ's node name) and name
   * nothing: two servers, no cluster, whose Services were made headless until 2026-12-07.
   */
  private registersWith(members: readonly string[], image: string): boolean {
    // The same group for every registering member of the image: decided once, so that the wiring stays linear.
    const known = this.registering.get(image);
    if (known !== undefined) return known;
    const registers = this.groupRegisters(members, image);
    this.registering.set(image, registers);
    return registers;
  }

  private groupRegisters(members: readonly string[], image: string): boolean {
    const ofImage = new Set(this.membersByImage().get(image) ?? []);
    let common: Set<string> | undefined;
    for (const member of members) {
      const named = this.namedBy(member);
      if ([...named].some((target) => target !== member && ofImage.has(target))) return true;
      common = new Set([...named].filter((target) => !ofImage.has(target) && (common === undefined || common.has(target))));
      if (common.size === 0) return false;
    }
    return true;
  }

  /** The services a service names (the other way round of `namers`), built once. */
  private namedBy(service: string): ReadonlySet<string> {
    if (!this.named) {
      this.named = new Map();
      for (const [target, namers] of this.namers) {
        for (const namer of namers) {
          let list = this.named.get(namer);
          if (!list) this.named.set(namer, (list = new Set()));
          list.add(target);
        }
      }
    }
    return this.named.get(service) ?? new Set();
  }

  /** The services of each image (or build), by name; built once, so that the wiring stays linear. */
  private membersByImage(): Map<string, string[]> {
    if (!this.servicesByImage) {
      this.servicesByImage = new Map();
      for (const service of Object.values(this.inputs.project.services).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (service.image === undefined && service.build === undefined) continue;
        const key = imageKey(service);
        const list = this.servicesByImage.get(key);
        if (list) list.push(service.name);
        else this.servicesByImage.set(key, [service.name]);
      }
    }
    return this.servicesByImage;
  }

  /**
   * The dotted names of two labels that the services are reached by and that can be their pods' own
   * domain names (pod-domain-names.ts), by service; decided once every reference is found.
   */
  private podDomainOf(service: string): PodDomainName | undefined {
    if (!this.podDomains) {
      const { project } = this.inputs;
      // Asked of the services the others reach by a dotted name alone: how their pods run is decided per service.
      const candidates = Object.values(project.services)
        .filter((candidate) => hasOwnNetwork(candidate) && candidate.networkMode !== 'host')
        .map((candidate) => ({ candidate, used: this.answering.of(candidate.name).filter((name) => this.usedNames.has(name)) }))
        .filter(({ used }) => used.some((name) => podDomainLabels(name.name) !== undefined))
        .map(({ candidate, used }) => ({
          service: candidate,
          used,
          severalPods: this.inputs.severalPods(candidate.name),
          podsNamedElsewhere: podHostOf(project, candidate.name) !== candidate.name || this.inputs.runsToCompletion(candidate.name) || this.inputs.podsNamedByController?.(candidate.name) === true,
          selfName: this.selfNames.get(candidate.name)?.name.toLowerCase(),
        }));
      this.podDomains = podDomainNames(candidates, (name) => this.serviceNames.has(name) || this.aliasOwner(name) !== undefined || this.sharedAliases().has(name));
    }
    return this.podDomains.get(service);
  }

  /** What keeping a dotted name as the pod's domain name does, once per service. */
  reportPodDomain(service: Service): void {
    const domain = this.podDomainOf(service.name);
    if (!domain) return;
    const written = domain.kind === 'container_name' ? `container_name '${service.containerName ?? domain.name}'` : `network alias '${domain.name}'`;
    this.inputs.warn(
      `${written} keeps its name: the pod's hostname is '${domain.hostname}' and its subdomain '${domain.subdomain}', a headless Service, so Kubernetes' DNS answers '${domain.name}' (completed by the namespace in each pod's search list) with the pod's address; references keep the name as written, and a server that reads the Host it is called by (a tenant in its first label) sees what compose sent. A client that resolves without the search list (nginx's resolver) needs '${domain.name}.<namespace>.svc.cluster.local'`,
      domain.kind === 'container_name' ? `services.${service.name}.container_name` : `services.${service.name}.networks.${aliasNetwork(service, domain.name) ?? ''}.aliases`,
    );
  }

  /** A container_name nothing uses has no meaning on Kubernetes: said once, as compose readers look for it. */
  reportUnusedContainerName(service: Service): void {
    if (service.containerName === undefined) return;
    // The service's own name (druid's `postgres` service with `container_name: postgres`): references to
    // it resolve as the service's, so "no other service uses it" would be false where the
    // others do (`jdbc:postgresql://postgres:5432`); what is lost is only the container's own name.
    const lower = service.containerName.toLowerCase();
    const own = this.inputs.names[service.name] ?? service.name;
    if (lower === service.name.toLowerCase() || lower === own) {
      // A name Kubernetes cannot hold (dagster's `docker_example_postgresql`, NiFi's `node1.nifi`) is
      // answered as the Service's rewritten name only: "which its Service answers to" contradicted the
      // service's own warning that nothing answers to it (until 2026-12-07).
      const answers = lower === own ? 'which its Service answers to' : `which its Service answers to as '${own}' only (a Service name is a DNS label)`;
      // A run-once task is a Job, which has a Service only where it serves a port: no name to promise.
      const message = this.inputs.runsToCompletion(service.name)
        ? `container_name '${service.containerName}' is the service's own name; no pod is named so (it runs as a Job, whose pods are named after the service, with a suffix)`
        : `container_name '${service.containerName}' is the service's own name, ${answers}; no pod is named so (pods are named after the service, with a suffix)`;
      this.inputs.warn(message, `services.${service.name}.container_name`);
      return;
    }
    const used = this.answering.of(service.name).some((name) => name.kind === 'container_name' && this.usedNames.has(name));
    if (!used) this.inputs.warn(`container_name '${service.containerName}' names nothing on Kubernetes: no other service uses it as a host name (pods are named after the service)`, `services.${service.name}.container_name`);
  }

  /**
   * A service whose name Kubernetes cannot hold (`plausible_db`) answers to its Service's name
   * (`plausible-db`) only: the references the stack writes are rewritten, each with a warning, but
   * a name an image keeps inside itself is not — plausible/community-edition's app connects to its
   * built-in default `postgres://postgres:postgres@plausible_db:5432/plausible_db` when DATABASE_URL
   * is unset, and reached nothing, without a word (until 2026-12-07). Said once per service.
   */
  reportRenamedService(service: Service): void {
    const own = this.inputs.names[service.name] ?? service.name;
    // DNS names ignore case: `MyApp` still resolves as `myapp`.
    // A run-once task (a Job) is no server an image's default names.
    if (own === service.name.toLowerCase() || !hasOwnNetwork(service) || service.networkMode === 'host' || this.inputs.runsToCompletion(service.name)) return;
    this.inputs.warn(
      `service '${service.name}' is '${own}' on Kubernetes, as a Service name is a DNS label: the references the stack writes are rewritten, but nothing answers to '${service.name}' itself, so a default an image keeps inside itself (a built-in URL naming '${service.name}') reaches nothing; set the variable that names it, or rename the service`,
      `services.${service.name}`,
    );
  }

  /** Network aliases that cannot have a Service of their own, once each. */
  reportAliasesWithoutService(service: Service): void {
    const own = this.inputs.names[service.name] ?? service.name;
    for (const [network, settings] of Object.entries(service.networks)) {
      for (const alias of new Set(settings.aliases)) {
        const lower = alias.toLowerCase();
        const owner = this.aliasOwner(lower);
        const sharers = this.sharedAliases().get(lower);
        if (sharers && owner === service.name) {
          this.inputs.warn(`network alias '${alias}' is shared by services ${sharers.join(', ')}: its Service '${lower}' is headless and selects the pods of all of them, so the name answers with every one's address, as compose's DNS answers with every container's (a ClusterIP would send each connection to one of them)`, `services.${service.name}.networks.${network}.aliases`);
        }
        if (lower === own || owner === service.name || sharers || this.podDomainOf(service.name)?.name === lower) continue;
        if (this.answering.isPublicHostAlias(alias)) {
          // Rewritten to the proxy's Service name, ocis_ldap's OCIS_URL became https://traefik: the
          // public URL ocis gives browsers and its OpenID issuer (until 2026-12-06).
          // tacticalrmm's API_HOST, nats' alias, became 'tactical-nats' in tactical-nginx's server name,
          // the frontend's API URL and Django's ALLOWED_HOSTS (until 2026-12-07).
          const front = this.routed.has(lower) ? undefined : this.served.get(lower);
          const why = front
            ? `a host name the project's web front serves ('${front.service}', which publishes port ${front.port}, is given it in ${front.variable})`
            : 'a host name the proxy labels of the project route';
          this.inputs.warn(
            `network alias '${alias}' is ${why}, which clients outside use: references to it are kept, so in the cluster it resolves through DNS to wherever the name points (point it at the Ingress or LoadBalancer), not to '${own}'`,
            `services.${service.name}.networks.${network}.aliases`,
          );
          continue;
        }
        const why = !isDns1035Label(lower) ? 'it is not a DNS label' : this.serviceNames.has(lower) ? 'it is the name of a service' : `service '${owner}' has that name too`;
        const seen = this.answering.of(service.name).some((name) => name.kind === 'network alias' && name.name.toLowerCase() === lower && this.usedNames.has(name));
        // revoltchat/self-hosted gives minio the aliases `revolt-uploads.minio`, … for the S3 client
        // inside Revolt's images, which asks for buckets by virtual host: no file of the project
        // names them, so nothing was rewritten, and the warning said references were.
        this.inputs.warn(
          seen || isDns1035Label(lower)
            ? `network alias '${alias}' gets no Service: ${why}; references to it are rewritten to '${own}'`
            : `network alias '${alias}' gets no Service: ${why}, and no file of the project names it, so nothing is rewritten: where an image or its own defaults use the name (an S3 client asking for a bucket by virtual host), it does not resolve on Kubernetes; make them use '${own}'`,
          `services.${service.name}.networks.${network}.aliases`,
        );
      }
    }
  }

  /**
   * The `links:` aliases other services give this one that cannot have a Service of their own, once
   * each, at the linking service's `links`. jeboehm/docker-mailserver links `virus:virus.local`, the
   * name its filter image's rspamd keeps for ClamAV: no Service could answer to it and nothing said so
   * (until 2026-12-07), while the same name as a network alias was reported.
   */
  reportLinkAliasesWithoutService(service: Service): void {
    const own = this.inputs.names[service.name] ?? service.name;
    const seenHere = new Set<string>();
    for (const name of this.answering.of(service.name)) {
      if (name.kind !== 'link alias' || name.onlyFor === undefined) continue;
      const lower = name.name.toLowerCase();
      const once = `${name.onlyFor}\u0000${lower}`;
      if (seenHere.has(once) || lower === own || this.aliasOwner(lower) === service.name) continue;
      seenHere.add(once);
      const owner = this.aliasOwner(lower);
      const why = !isDns1035Label(lower) ? 'it is not a DNS label' : this.serviceNames.has(lower) ? 'it is the name of a service' : `service '${owner}' has that name too`;
      const used = this.usedNames.has(name);
      this.inputs.warn(
        used || isDns1035Label(lower)
          ? `link alias '${name.name}' of '${service.name}' gets no Service: ${why}; references to it are rewritten to '${own}'`
          : `link alias '${name.name}' of '${service.name}' gets no Service: ${why}, and no file of the project names it, so nothing is rewritten: where the image of '${name.onlyFor}' or its own defaults use the name, it does not resolve on Kubernetes; make them use '${own}'`,
        `services.${name.onlyFor}.links`,
      );
    }
  }

  report(project: ComposeProject): ProjectWiring {
    const services: Record<string, ServiceWiring> = {};
    for (const service of Object.values(project.services)) {
      services[service.name] = {
        service: service.name,
        names: this.answering.of(service.name).filter((name) => answersAlways(name) || this.usedNames.has(name))
          .map((name) => ({ name: name.name, kind: name.kind, resolvesAs: this.resolvesAs(name) })),
        aliases: this.aliasesOf(service.name),
        ...podDomainField(this.podDomainOf(service.name)),
        ports: this.knownPorts(service),
        references: this.referenceList(service.name),
      };
    }
    return {
      services,
      sharedAliases: this.sharedAliases(),
      clusterMembers: clusterMembers(project, this.inputs.names, this.namers, hasOwnNetwork, (service) => this.replicasNamedAlike(service), this.inputs.warn),
      rewriteFile: (text, service, key) => {
        const references = this.referencesIn(text, service, 'file', {});
        return rewriteReferences(text, references, (reference) => this.replacement(service, { text, key, setting: {}, mode: 'file', selfIsLocal: false }, reference));
      },
      reportUnchangeable: (text, service, key, where) => {
        for (const reference of this.referencesIn(text, service, 'file', {})) {
          const resolvesAs = this.resolvesAs(reference.target);
          if (reference.target.service === service || resolvesAs === reference.name.toLowerCase()) continue;
          this.record(service, { key, name: reference.name, service: reference.target.service, resolvesAs, outcome: 'not rewritten' }, reference);
          this.inputs.warn(`${where} refers to '${reference.name}', which is '${resolvesAs}' on Kubernetes; the converter cannot change it there: change it at its source`, key);
        }
      },
    };
  }

  private referencesIn(text: string, from: string, mode: ScanMode, setting: WordSetting): HostReference<AnsweringName>[] {
    const references = hostReferences(text, mode, (name) => this.answering.resolve(name, from))
      .filter((reference) => isHostPosition(reference, setting))
      .map((reference) => this.withServedPort(from, reference));
    if (mode !== 'file') return references;
    // A host key's port key beside it in the file's mapping (Envoy's `address` and `port_value`).
    return references.map((reference) => {
      if (reference.form !== 'bare' || reference.port !== undefined || !reference.lead) return reference;
      const port = siblingPort(text, reference.start, reference.end, reference.lead);
      return port === undefined ? reference : Object.assign({}, reference, { port });
    });
  }

  /** A URL's implied port where the target serves it; none where one member of a known server names another (member-url-ports.ts). */
  private withServedPort(from: string, reference: HostReference<AnsweringName>): HostReference<AnsweringName> {
    if (reference.portImplied !== true || reference.port === undefined) return reference;
    const services = this.inputs.project.services;
    const target = reference.target.service;
    if (!memberUrlNamesNoPort(services[from], services[target], reference.port, this.inputs.image(target)?.baseImage)) return reference;
    const { port: _port, portImplied: _implied, ...named } = reference;
    return named;
  }

  /**
   * The compose hostname its one pod keeps (a DNS label; not a StatefulSet's, whose controller names
   * the pod, nor one of several pods'), which the pod resolves to its own address.
   */
  private keptHostname(service: Service): string | undefined {
    const hostname = service.hostname?.toLowerCase();
    if (hostname === undefined || !isDns1123Label(hostname) || !hasOwnNetwork(service) || service.networkMode === 'host') return undefined;
    if (this.inputs.severalPods(service.name) !== undefined || this.inputs.podsNamedByController?.(service.name) === true) return undefined;
    return hostname;
  }

  private replacement(from: string, scan: Scan, reference: HostReference<AnsweringName>, podHostname?: string): string | undefined {
    const target = reference.target;
    const base = { key: scan.key, name: reference.name, service: target.service };
    // Its own name is answered by its pod's hostname or its Service (ownAddress); one Kubernetes cannot
    // hold (`sonar_node`) is neither, and is written as its Service's name, as the others' references are.
    const selfIsLocal = this.selfIsLocal(scan);
    // A healthcheck's call of the pod's own hostname reaches the pod's own address (its /etc/hosts),
    // whatever its readiness, as in compose, and so the address a server that listens on its name
    // binds: IoT_pipeline_EMQX-Kafka-Spark's kafka listens on PLAINTEXT://kafka:9092 and checks itself
    // with `--bootstrap-server kafka:9092`; rewritten to localhost:9092, where nothing listens, the
    // probe never passed and the pod was never ready (until 2026-12-07).
    if (target.service === from && selfIsLocal && podHostname !== undefined && reference.name.toLowerCase() === podHostname) {
      this.record(from, { ...base, resolvesAs: podHostname, outcome: 'resolves' }, reference);
      return undefined;
    }
    if (target.service === from && !selfIsLocal && isDns1123Label(reference.name.toLowerCase())) {
      this.record(from, { ...base, resolvesAs: this.resolvesAs(target), outcome: 'resolves' }, reference);
      return undefined;
    }
    if (target.service === from && selfIsLocal) {
      this.record(from, { ...base, resolvesAs: LOCALHOST, outcome: 'localhost' }, reference);
      this.inputs.warn(`the healthcheck calls '${reference.name}', the service itself: the probe calls localhost, because a Service sends traffic to ready pods only`, scan.key);
      return LOCALHOST;
    }
    // Its own fixed address as a whole setting of its environment: the address it listens on or
    // advertises, which the cluster assigns; the pod's own address (workload/pod/own-address.ts).
    if (target.service === from && target.kind === 'static address' && this.ownAddressSetting(from, scan)) {
      this.record(from, { ...base, resolvesAs: POD_IP_FIELD, outcome: 'pod address' }, reference);
      this.inputs.warn(`'${reference.name}' is the service's own fixed address: the variable is the pod's own address (${POD_IP_FIELD}), as the cluster assigns pod addresses`, scan.key);
      return undefined;
    }
    const resolvesAs = this.resolvesAs(target);
    if (!this.reachable(from, target.service)) {
      this.record(from, { ...base, resolvesAs, outcome: 'unreachable in compose' }, reference);
      return undefined;
    }
    if (resolvesAs === reference.name.toLowerCase()) {
      this.record(from, { ...base, resolvesAs, outcome: 'resolves' }, reference);
      return undefined;
    }
    const nodeHost = this.nodeHostFor(reference.name, resolvesAs);
    if (nodeHost !== undefined) {
      this.record(from, { ...base, resolvesAs: nodeHost, outcome: 'rewritten' }, reference);
      this.inputs.warn(
        `'${reference.name}' is written '${nodeHost}' here: the Service of ${describe(target)} in its namespace, as Kubernetes names are DNS labels; the project writes the name as a node's host (\`name@${reference.name}\`), and an Erlang node's long name needs a host with a dot, which the bare Service name has not`,
        scan.key,
      );
      this.warnRenamedCertificate(target, reference.name, nodeHost);
      return nodeHost;
    }
    this.record(from, { ...base, resolvesAs, outcome: 'rewritten' }, reference);
    const host = podHostOf(this.inputs.project, target.service);
    const why =
      host !== target.service
        ? `whose pod runs service '${target.service}'`
        : target.kind === 'static address'
          ? 'as the cluster assigns pod addresses'
          : target.kind === 'network-qualified name'
            ? "as Kubernetes reads the part after the service's name as a namespace, not as a network"
            : 'as Kubernetes names are DNS labels';
    this.inputs.warn(`'${reference.name}' is written '${resolvesAs}' here: that is the name of the Service of ${host === target.service ? describe(target) : `service '${host}'`}, ${why}`, scan.key);
    this.warnRenamedCertificate(target, reference.name, resolvesAs);
    return resolvesAs;
  }

  /**
   * The dotted name a rewritten dotted name (no DNS label) becomes where the project writes it as
   * the host of a node's name (`emqx@node1.emqx.io`, Erlang's `name@host`), everywhere it is
   * written: `<Service>.<namespace>.svc`, which the search list completes and the headless Service
   * of a cluster member answers. EMQX, RabbitMQ and CouchDB run with long names, whose host needs a
   * dot: emqx/emqx's CI cluster (EMQX_HOST=node1.emqx.io, seeds `[emqx@node1.emqx.io, …]`) became
   * `emqx@emqx1`, which the node refuses or completes into another name than its seeds' (until
   * 2026-12-07). Undefined for any other name, or without a namespace.
   */
  private nodeHostFor(name: string, resolvesAs: string): string | undefined {
    const namespace = this.inputs.namespace;
    if (namespace === undefined || isDns1123Label(name.toLowerCase()) || !name.includes('.')) return undefined;
    if (!this.nodeHostNames) {
      const names = new Set<string>();
      for (const [scan, references] of this.found) {
        for (const reference of references) {
          if (isNodeNameHost(scan.text, reference.start)) names.add(reference.name.toLowerCase());
        }
      }
      this.nodeHostNames = names;
    }
    return this.nodeHostNames.has(name.toLowerCase()) ? `${resolvesAs}.${namespace}.svc` : undefined;
  }

  /** Once per name a server with certificates is dialled by under another name. */
  private warnRenamedCertificate(target: AnsweringName, name: string, resolvesAs: string): void {
    const server = this.inputs.project.services[target.service];
    const lower = name.toLowerCase();
    if (server === undefined || this.certificateNamesWarned.has(lower)) return;
    this.certificateNamesWarned.add(lower);
    const warning = renamedCertificateWarning(server, name, resolvesAs);
    if (warning !== undefined) this.inputs.warn(warning, `services.${server.name}`);
  }

  private record(from: string, reference: Omit<WiredReference, 'port' | 'portImplied'>, found: Pick<HostReference<unknown>, 'port' | 'portImplied'>): void {
    const { port, portImplied } = found;
    this.referenceList(from).push(port === undefined ? reference : { ...reference, port, ...(portImplied ? { portImplied } : {}) });
  }

  /** The list the report shows: configuration files planned later still add to it. */
  private referenceList(service: string): WiredReference[] {
    let list = this.references.get(service);
    if (!list) this.references.set(service, (list = []));
    return list;
  }

  /** The host name that reaches `name`'s service on Kubernetes: its own Service when it can have one. */
  private resolvesAs(name: AnsweringName): string {
    // A service in another's pod is reached through that pod's Service.
    const host = podHostOf(this.inputs.project, name.service);
    const serviceName = this.inputs.names[host] ?? host;
    if (name.kind === 'service') return serviceName;
    const lower = name.name.toLowerCase();
    if (this.sharersOf(name)) return lower;
    if ((name.kind === 'container_name' || name.kind === 'network alias') && this.podDomainOf(name.service)?.name === lower) return lower;
    return this.aliasOwner(lower) === host ? lower : serviceName;
  }

  /** The services (pods) a shared network alias answers with; undefined for any other name. */
  private sharersOf(name: AnsweringName): readonly string[] | undefined {
    return name.kind === 'network alias' ? this.sharedAliases().get(name.name.toLowerCase()) : undefined;
  }

  /**
   * Network aliases that the pods of several services hold on one network — each one a DNS label
   * and no service's name, which the service's own Service answers to instead — by alias, their
   * pods' services sorted. One alias held on separate networks by different services names a
   * different service on each (compose resolves it per network): one Service cannot hold both, so
   * it keeps its first holder's, as any other alias.
   */
  private sharedAliases(): Map<string, string[]> {
    if (!this.sharedAliasHosts) {
      const byNetwork = new Map<string, Map<string, Set<string>>>();
      for (const service of Object.values(this.inputs.project.services)) {
        for (const [network, settings] of Object.entries(service.networks)) {
          for (const alias of settings.aliases) {
            const lower = alias.toLowerCase();
            if (this.serviceNames.has(lower) || !isDns1035Label(lower)) continue;
            let networks = byNetwork.get(lower);
            if (!networks) byNetwork.set(lower, (networks = new Map()));
            let hosts = networks.get(network);
            if (!hosts) networks.set(network, (hosts = new Set()));
            hosts.add(podHostOf(this.inputs.project, service.name));
          }
        }
      }
      this.sharedAliasHosts = new Map();
      for (const [alias, networks] of [...byNetwork].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const all = new Set([...networks.values()].flatMap((hosts) => [...hosts]));
        // Shared when one network holds every holder: there the name answers with all of them.
        if (all.size > 1 && [...networks.values()].some((hosts) => hosts.size === all.size)) this.sharedAliasHosts.set(alias, [...all].sort());
      }
    }
    return this.sharedAliasHosts;
  }

  /** Which service an extra name's Service belongs to: the first service (by name) that may hold it. */
  private aliasOwner(alias: string): string | undefined {
    if (!this.aliasOwners) {
      this.aliasOwners = new Map();
      for (const service of Object.keys(this.inputs.project.services).sort()) {
        for (const name of this.answering.of(service)) {
          const lower = name.name.toLowerCase();
          if (name.kind === 'service' || this.aliasOwners.has(lower) || this.serviceNames.has(lower) || !isDns1035Label(lower)) continue;
          if (answersAlways(name) || this.usedNames.has(name)) this.aliasOwners.set(lower, service);
        }
      }
    }
    return this.aliasOwners.get(alias);
  }

  private aliasesOf(service: string): string[] {
    const own = this.inputs.names[service];
    const aliases = new Set<string>();
    for (const name of this.answering.of(service)) {
      const lower = name.name.toLowerCase();
      if (name.kind !== 'service' && lower !== own && this.aliasOwner(lower) === service) aliases.add(lower);
    }
    return [...aliases].sort();
  }

  private reachable(from: string, to: string): boolean {
    const mine = this.networksOf(from);
    return this.networksOf(to).some((network) => mine.includes(network));
  }

  private usePort(service: string, port: number, from: string, protocol: Protocol = 'tcp'): void {
    let ports = this.portsUsed.get(service);
    if (!ports) this.portsUsed.set(service, (ports = new Map()));
    const key = `${protocol}/${port}`;
    let used = ports.get(key);
    if (!used) ports.set(key, (used = { port, protocol, users: new Set() }));
    used.users.add(from);
  }

  /** Ports the service serves that compose does not declare, reported once. */
  private addedPorts(service: Service, replaced: ReadonlyMap<string, string>): ExposedPort[] {
    if (!hasOwnNetwork(service)) return [];
    // The containers of services that join its pod declare their own ports on its Service.
    const members = this.membersOf(service.name);
    const declared = new Set(members.flatMap((member) => [...member.ports.map((port) => `${port.protocol}/${port.target}`), ...member.expose.map((port) => `${port.protocol}/${port.port}`)]));
    const added = this.undeclaredPorts(service, replaced).filter((port) => !declared.has(`${port.protocol}/${port.port}`));
    if (added.length === 0) return [];
    this.added.set(service.name, added);
    const list = added.map((port) => `${port.port}${port.protocol === 'tcp' ? '' : `/${port.protocol}`} (${port.sources.join(', ')}${hostSideOf(service, port)})`).join(', ');
    this.inputs.warn(`the Service carries port${added.length > 1 ? 's' : ''} ${list} that compose does not declare, so that the others reach '${service.name}' on ${added.length > 1 ? 'them' : 'it'} (declare expose: to change)`, `services.${service.name}`);
    return added.map((port) => ({ port: port.port, protocol: port.protocol }));
  }

  /** The services whose containers run in `host`'s pod (itself included), grouped once: asked per service. */
  private membersOf(host: string): readonly Service[] {
    if (!this.podMembers) {
      this.podMembers = new Map();
      for (const other of Object.values(this.inputs.project.services)) {
        const pod = podHostOf(this.inputs.project, other.name);
        const list = this.podMembers.get(pod);
        if (list) list.push(other);
        else this.podMembers.set(pod, [other]);
      }
    }
    return this.podMembers.get(host) ?? [];
  }

  private undeclaredPorts(service: Service, replaced: ReadonlyMap<string, string>): KnownPort[] {
    const sources = new Map<string, { port: number; protocol: Protocol; sources: string[] }>();
    const add = (port: number, source: string, protocol: Protocol = 'tcp'): void => {
      const key = `${protocol}/${port}`;
      const known = sources.get(key);
      if (known) known.sources.push(source);
      else sources.set(key, { port, protocol, sources: [source] });
    };
    const test = service.healthcheck?.test;
    if (test && !service.healthcheck?.disable) {
      const rewritten = test.map((word, index) => (index === 0 ? word : replaced.get(`services.${service.name}.healthcheck.test.${index}`) ?? word));
      const resolved = withServiceVariables(rewritten, service.environment);
      const check = networkCheckOf(resolved);
      // A check that does more than call the container (a fetch piped into grep) still says where it listens.
      const called = check ? [check.port] : healthcheckOwnPorts(resolved, ownNames(service));
      // A port bound to the loopback address (tailscale's healthz) answers inside the pod only.
      for (const port of called) if (!loopbackListener(service, port)) add(port, 'healthcheck');
    }
    // A task's image may be a server's (clickhouse's, running a download script): what the image
    // serves says nothing of what the task does.
    const task = this.inputs.runsToCompletion(service.name);
    // A Python web server its command starts (onyx's `uvicorn … --port 9000`), which others may dial by name alone.
    if (!task) for (const port of commandListenPorts(service)) if (!loopbackListener(service, port)) add(port, 'its command listens on it');
    const facts = task ? undefined : this.inputs.image(service.name);
    const replacedCmd =
      facts === undefined
        ? new Set<number>()
        : replacedCommandPorts(service, facts.config, imageStartedScripts(service, facts, facts.config.entrypoint ?? []).map((script) => script.content));
    for (const port of facts?.config.exposedPorts ?? []) {
      if (port.protocol === 'tcp' && !replacedCmd.has(port.port)) add(port.port, facts?.source === 'dockerfile' ? 'Dockerfile EXPOSE' : 'image EXPOSE');
    }
    const usualImage = usualPortsImage(service, facts?.baseImage);
    const declared = [...service.ports.map((mapping) => mapping.target), ...service.expose.map((exposed) => exposed.port), ...[...sources.values()].map((known) => known.port)];
    if (!task && usualImage !== undefined && usualPortsBeside(usualImage, declared)) {
      const repository = parseImage(usualImage).repository;
      const usual = usualServicePorts(service, facts?.baseImage);
      // A server its own settings move off its one usual port listens on theirs (server-port-settings.ts).
      const moved = usual.length === 1 ? settingsPort(this.inputs.project, service, usualImage) : undefined;
      if (moved !== undefined) add(moved.port, `the port its settings give it: ${moved.source}`);
      else for (const port of usual) add(port, `the usual port of ${repository.slice(repository.lastIndexOf('/') + 1)} images`);
    }
    for (const used of this.portsUsed.get(service.name)?.values() ?? []) add(used.port, `used by ${[...used.users].sort().join(', ')}`, used.protocol);
    for (const [port, label] of proxyLabelPorts(service)) add(port, `routed to by ${label}`);
    // On the host network compose needs no port: the one its own environment gives its program.
    const own = !task && service.networkMode === 'host' && sources.size === 0 && declared.length === 0 ? ownPortVariable(service.environment) : undefined;
    if (own !== undefined) add(own.port, `its ${own.name}`);
    return [...sources.values()].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
  }

  private knownPorts(service: Service): KnownPort[] {
    const ports = new Map<string, { port: number; protocol: Protocol; sources: string[]; users?: string[] }>();
    const add = (port: number, protocol: Protocol, source: string): void => {
      const key = `${protocol}/${port}`;
      const known = ports.get(key);
      if (!known) ports.set(key, { port, protocol, sources: [source] });
      else if (!known.sources.includes(source)) known.sources.push(source);
    };
    const added = this.added.get(service.name) ?? [];
    for (const port of added) for (const source of port.sources) add(port.port, port.protocol, source);
    for (const mapping of service.ports) add(mapping.target, mapping.protocol, 'ports');
    for (const exposed of service.expose) if (!added.some((port) => port.port === exposed.port && port.protocol === exposed.protocol)) add(exposed.port, exposed.protocol, 'expose');
    for (const { port, protocol, users } of this.portsUsed.get(service.name)?.values() ?? []) {
      add(port, protocol, `used by ${[...users].sort().join(', ')}`);
      const known = ports.get(`${protocol}/${port}`);
      if (known) known.users = [...new Set([...users].map((user) => user.replace(/ \(its own address\)$/, '')))].sort();
    }
    for (const [port, label] of proxyLabelPorts(service)) add(port, 'tcp', `routed to by ${label}`);
    return [...ports.values()].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
  }
}

/**
 * `; only the host side of 1200:9200 …` for a port only the others' use names that the service
 * publishes on the host for another container port: infiniflow/ragflow's shared .env gives every
 * service ES_PORT=1200, published for es01's 9200, and the Service port was said to be there "so that
 * the others reach" es01 on it, where nothing listens, under compose too (rw19wb).
 */
function hostSideOf(service: Service, port: KnownPort): string {
  const target = port.protocol === 'tcp' ? hostSideTarget(service, port.port, port.sources) : undefined;
  return target === undefined ? '' : `; only the host side of ${port.port}:${target}, where the container does not listen, so it reaches nothing, under compose too`;
}

/**
 * Whether the name at `start` is the host of a node's name (`emqx@node1.emqx.io`): an `@` just before
 * it, after a word with no `:` or `/` since the last space, quote, comma, bracket or `=`. A URL's user
 * (`postgres://postgres:pw@postgresql.db.svc.cluster.local`, openreplay's) is no node's name: its host
 * stays the Service's name (until 2026-12-07 it was given the namespace too).
 */
function isNodeNameHost(text: string, start: number): boolean {
  if (text[start - 1] !== '@' || !/[\w-]/.test(text[start - 2] ?? '')) return false;
  for (let index = start - 2; index >= 0 && !/[\s"'`,[\]{}()=;]/.test(text[index]!); index--) {
    if (text[index] === ':' || text[index] === '/') return false;
  }
  return true;
}

function describe(name: AnsweringName): string {
  return name.kind === 'service' ? `service '${name.service}'` : `service '${name.service}' (its ${name.kind} '${name.name}')`;
}

/** The names a service's healthcheck may call itself by: its own, its hostname and container_name (lower case). */
function ownNames(service: Service): ReadonlySet<string> {
  return new Set([service.name, service.hostname, service.containerName].filter((name): name is string => name !== undefined).map((name) => name.toLowerCase()));
}

/** A compose hostname that is a DNS label: the name the container knows itself by, which is what it registers. */
function registeredHostname(service: Service): string | undefined {
  return service.hostname !== undefined && isDns1123Label(service.hostname) ? service.hostname : undefined;
}

/** A service in another's network namespace (or none) has no address of its own to serve on. */
export function hasOwnNetwork(service: Service): boolean {
  return service.networkMode === undefined || service.networkMode === 'bridge' || service.networkMode === 'default' || service.networkMode === 'host';
}

/**
 * What `sameImage` (cluster-members.ts) compares, as one key: the build when there is one, else the image. Unlike
 * `sameImage`, a service that builds an image and one that only runs it by name get different keys:
 * an index needs one key per service, and a cluster's members are written alike.
 */
function imageKey(service: Service): string {
  return service.build !== undefined
    ? JSON.stringify(['build', service.build.context, service.build.dockerfile ?? null, service.build.target ?? null])
    : JSON.stringify(['image', service.image ?? null]);
}

/**
 * Names that get a Service whether or not a reference to them is seen: the service's own, its
 * network aliases, and the aliases other services give it under `links:` — a link alias exists only
 * so that the linking service reaches it by that name, most often from the image's own
 * configuration, which the converter never sees (marquez links `db:postgres`, and its image connects
 * to `postgres:5432`: until 2026-12-06 no Service answered to it). A `container_name` or `hostname`
 * names a container for other reasons, so it gets one only where it is used.
 */
function answersAlways(name: AnsweringName): boolean {
  return name.kind === 'service' || name.kind === 'network alias' || name.kind === 'link alias';
}

/** The wiring report's field for a pod domain name. */
function podDomainField(domain: PodDomainName | undefined): { podDomain?: { hostname: string; subdomain: string } } {
  return domain ? { podDomain: { hostname: domain.hostname, subdomain: domain.subdomain } } : {};
}

/** The first network (in the compose file's order) on which a service holds an alias. */
function aliasNetwork(service: Service, alias: string): string | undefined {
  return Object.entries(service.networks).find(([, settings]) => settings.aliases.some((name) => name.toLowerCase() === alias))?.[0];
}
