/**
 * Addresses only Docker gives a container. 127.0.0.11 is the DNS server Docker embeds in every
 * user-defined network; compose stacks write it where a program needs a resolver of its own, above all nginx (`resolver 127.0.0.11 valid=2s;` so
 * that `server app:9000 resolve;` follows the container's address: nextcloud/docker's fpm examples).
 * A pod has no such server: there the address is the pod's loopback interface, where nothing answers,
 * so each name resolves to nothing and nginx answers 502. host.docker.internal is the machine Docker
 * runs on, which a pod has no name for, and 172.17.0.1 its address on Docker's default bridge, which
 * every container reaches it at (elestio's stacks bind their published ports there and write
 * `smtp://172.17.0.1:25` for the host's mail server), or at the gateway of the network compose made
 * (mempool's `RPC_HOST: "172.27.0.1"`, its host's bitcoind). What to write instead differs per cluster, so
 * the converter does not guess a rewrite; it says where the address is written and what to write
 * instead, and when the port after it is one a service of the stack publishes, that service's
 * Service and port: that is what compose routed the address to (unless the setting is a public URL,
 * which the warning cannot tell).
 */
import type { ComposeProject, Service } from '../../compose/model.ts';
import type { Warn } from '../plan/context.ts';
import { sourceCodeReason } from '../storage/bind-kinds.ts';
import { commentTest } from './comment-lines.ts';
import { hostPorts } from './host-network-loopback.ts';
import { speaksForService } from './wiring/mounted-tree-files.ts';

/**
 * Addresses only Docker gives a container, each alone (not in `127.0.0.110` or
 * `my-host.docker.internal.example`), with what to write instead. The patterns are global: a
 * file's first match may be on a commented-out line, and the next one not.
 */
const DOCKER_ADDRESSES: readonly {
  readonly pattern: RegExp;
  readonly message: (address: string) => string;
  /** The address is the machine Docker runs on, where the ports the services publish are. */
  readonly isHost: boolean;
}[] = [
  {
    pattern: /(?<![\d.])127\.0\.0\.11(?![\d])/g,
    message: () =>
      "127.0.0.11 is Docker's embedded DNS server, which a pod does not have: a resolver set to it (nginx's `resolver 127.0.0.11`) resolves no name on Kubernetes, so its upstreams are never found; write the cluster DNS Service's address instead (kubectl -n kube-system get service kube-dns)",
    isHost: false,
  },
  {
    // genai-stack's OLLAMA_BASE_URL=http://host.docker.internal:11434 (rw2), unreported until 2026-12-06.
    pattern: /(?<![\w.-])(host|gateway)\.docker\.internal(?![\w-]|\.[\w])/gi,
    message: (address) =>
      `${address.toLowerCase()} is Docker's name for the machine the container runs on (Docker Desktop, or extra_hosts: host-gateway), which no pod resolves: write the address of what it should reach instead (a Service of the stack, or an address outside the cluster)`,
    isHost: true,
  },
  {
    // elestio-examples/glitchtip's EMAIL_URL=smtp://172.17.0.1:25 and pgadmin's servers.json (rw10a), unreported until 2026-12-06.
    // Not in a network's range (`172.17.0.1/16` trusts a subnet and reaches nothing).
    pattern: /(?<![\d.])172\.17\.0\.1(?!\d|\.\d|\/)/g,
    message: () =>
      "172.17.0.1 is the address of the machine Docker runs on, on Docker's default bridge, which a pod does not reach it at: write the address of what it should reach instead (a Service of the stack, or an address outside the cluster)",
    isHost: true,
  },
  {
    // mempool/mempool's docker/docker-compose.yml: `RPC_HOST: "172.27.0.1"`, the gateway of the
    // stack's own network, where its backend reaches the host's bitcoind (rw15sc), unreported until
    // 2026-12-07. Docker numbers the networks compose creates from its default pools, 172.18.0.0/16
    // to 172.31.0.0/16, and gives each gateway the first address, the machine Docker runs on.
    pattern: /(?<![\d.])172\.(?:1[89]|2\d|3[01])\.0\.1(?!\d|\.\d|\/)/g,
    message: (address) =>
      `${address} is the gateway of a network Docker creates (its default pools are 172.18.0.0/16 to 172.31.0.0/16), the address of the machine Docker runs on, which a pod does not reach it at: write the address of what it should reach instead (a Service of the stack, or an address outside the cluster)`,
    isHost: true,
  },
];

/** The patterns of the addresses of the machine Docker runs on (its names, the bridge's and the networks' gateways), each alone. */
export function dockerHostPatterns(): readonly RegExp[] {
  return DOCKER_ADDRESSES.filter((address) => address.isHost).map((address) => address.pattern);
}

/**
 * Where the service's settings and the files its pods get write an address only Docker has: one
 * warning at each. `names` are the Kubernetes names of the project's services.
 */
export function reportDockerDns(project: ComposeProject, service: Service, names: Readonly<Record<string, string>>, warn: Warn): void {
  let published: ReturnType<typeof hostPorts> | undefined;
  for (const { pattern, message, isHost } of DOCKER_ADDRESSES) {
    reportAddress(project, service, pattern, (address, port, key) => {
      published ??= hostPorts(project);
      const owner = isHost && port !== undefined ? published.get(port) : undefined;
      // A port of the host that a service of the stack publishes reached that service.
      const instead =
        owner === undefined || owner.service === service.name
          ? ''
          : `; its port ${port} is the one service '${owner.service}' ${owner.how}, which the others reach at ${names[owner.service] ?? owner.service}:${owner.target}`;
      warn(message(address) + instead, key);
    });
  }
}

/** Swarm's `tasks.<service>`: a name that stands alone, the service's after the dot. */
const SWARM_TASKS = /(?<![\w.-])tasks\.([A-Za-z0-9][\w-]*)(?![\w-]|\.[\w])/g;

/**
 * `tasks.<service>` is Docker Swarm's DNS name for every task (replica) of a service: vegasbrianc's
 * Prometheus discovers cadvisor and node-exporter by `dns_sd_configs` names `tasks.cadvisor`,
 * `tasks.node-exporter`. Nothing answers it on Kubernetes, and it passed without a word (until
 * 2026-12-07). Said where it is written, with the Service that answers the service's name.
 */
export function reportSwarmTasks(project: ComposeProject, service: Service, names: Readonly<Record<string, string>>, warn: Warn): void {
  const named = (address: string): string | undefined => {
    const target = address.slice('tasks.'.length);
    return Object.hasOwn(project.services, target) ? target : undefined;
  };
  reportAddress(
    project,
    service,
    SWARM_TASKS,
    (address, _port, key) => {
      const target = named(address) as string;
      const headless = project.services[target]?.deploy.endpointMode === 'dnsrr' ? '' : ` and set deploy.endpoint_mode: dnsrr on '${target}', so that its Service is headless and answers with every pod, as ${address} does`;
      warn(`${address} is Docker Swarm's name for every task of service '${target}', which nothing answers on Kubernetes: write '${names[target] ?? target}', its Service's name,${headless ? headless : ' instead'}`, key);
    },
    (address) => named(address) !== undefined,
  );
}

/**
 * Calls `warnAt` with the address as written, the port written right after it (`:25`), if any, and
 * the key of each setting or file that writes it.
 */
export function reportAddress(
  project: ComposeProject,
  service: Service,
  pattern: RegExp,
  warnAt: (address: string, port: number | undefined, key: string) => void,
  accept: (address: string) => boolean = () => true,
): void {
  const found = (text: string, key: string, inFile = false): boolean => {
    // A file's commented-out line is no setting (Joxit/docker-registry-ui's `#!    resolver 127.0.0.11;`).
    const commented = inFile ? commentTest(text) : undefined;
    const match = [...text.matchAll(pattern)].find((candidate) => !commented?.(candidate.index) && accept(candidate[0]));
    if (match === undefined) return false;
    const port = /^:(\d{1,5})(?!\d)/.exec(text.slice(match.index + match[0].length))?.[1];
    warnAt(match[0], port === undefined ? undefined : Number(port), key);
    return true;
  };
  for (const field of ['entrypoint', 'command'] as const) {
    (service[field] ?? []).some((word, index) => found(word, `services.${service.name}.${field}.${index}`));
  }
  // A healthcheck's call of the service's own published port is rewritten (wiring/healthcheck-docker-host.ts); any other is said here.
  if (!service.healthcheck?.disable) (service.healthcheck?.test ?? []).some((word, index) => index > 0 && found(word, `services.${service.name}.healthcheck.test.${index}`));
  for (const [name, value] of Object.entries(service.environment)) {
    if (value !== null) found(value, `services.${service.name}.environment.${name}`);
  }
  service.configs.forEach((reference, index) => {
    const value = project.configs[reference.source]?.value;
    if (value !== undefined) found(value, `services.${service.name}.configs.${index}`, true);
  });
  service.volumes.forEach((mount, index) => {
    if (mount.type !== 'bind') return;
    const host = Object.hasOwn(project.hostFiles, mount.source) ? project.hostFiles[mount.source] : undefined;
    // Source code the image carries is not mounted: what it writes is the image's.
    if (host === undefined || sourceCodeReason(service, mount, host, project.hostFiles, project.services) !== undefined) return;
    // Of a folder, the files that speak for the service: not another service's configuration below it, nor the whole project's sources.
    const speaks = speaksForService(project, service, mount);
    const texts = host.kind === 'file' ? [host] : host.kind === 'directory' ? Object.entries(host.entries).filter(([path, file]) => speaks(path, file.content)).map(([, file]) => file) : [];
    texts.some((file) => !file.binary && found(file.content, `services.${service.name}.volumes.${index}`, true));
  });
}
