import type { Protocol, Service } from '../../compose/model.ts';
import type { ServiceContext } from '../plan/context.ts';

/**
 * The most ports of one run of consecutive container ports (one protocol) that the container and
 * its Services list one by one. Kubernetes has no port ranges in a Service or a container: compose's
 * `49152-65535/udp` became 16,384 ports on each, and firezone's relay Service (1.4 MB) and Deployment
 * (1.1 MB) were refused by the API server, whose requests stop at 2 MiB (until 2026-12-07). A run
 * longer than this is a range of ports given out at run time (a TURN relay's, an RTP media range),
 * which clients reach at the pod's own address, never by a Service port; coturn's usual
 * `49160-49200` and a passive FTP range of a few dozen ports stay listed. The message said every
 * longer run outgrew the API server, which FreePBX's `18000-18100/udp` (101 ports) does not: what such
 * a run outgrows is the cloud load balancers that would publish it (until 2026-12-07).
 */
export const LISTED_RUN_LIMIT = 100;

/** A run of consecutive ports of one protocol: `first` to `last`, both included. */
export interface PortRun {
  readonly protocol: Protocol;
  readonly first: number;
  readonly last: number;
}

interface ProtocolPort {
  readonly port: number;
  readonly protocol: Protocol;
}

/** The runs of consecutive ports longer than LISTED_RUN_LIMIT, by protocol, then by first port. */
export function longPortRuns(ports: Iterable<ProtocolPort>): PortRun[] {
  const byProtocol = new Map<Protocol, Set<number>>();
  for (const { port, protocol } of ports) {
    const set = byProtocol.get(protocol) ?? new Set<number>();
    set.add(port);
    byProtocol.set(protocol, set);
  }
  const runs: PortRun[] = [];
  for (const protocol of [...byProtocol.keys()].sort()) {
    const sorted = [...(byProtocol.get(protocol) ?? [])].sort((a, b) => a - b);
    let start = 0;
    for (let index = 1; index <= sorted.length; index++) {
      if (index < sorted.length && sorted[index] === (sorted[index - 1] as number) + 1) continue;
      if (index - start > LISTED_RUN_LIMIT) runs.push({ protocol, first: sorted[start] as number, last: sorted[index - 1] as number });
      start = index;
    }
  }
  return runs;
}

/** The long runs of the service's container ports (`ports:` and `expose:`), which no container or Service lists. */
export function unlistedPortRuns(service: Service): PortRun[] {
  return longPortRuns([...service.ports.map((mapping) => ({ port: mapping.target, protocol: mapping.protocol })), ...service.expose]);
}

/** Whether the port is in one of the runs. */
export function inPortRuns(runs: readonly PortRun[], port: number, protocol: Protocol): boolean {
  return runs.some((run) => run.protocol === protocol && port >= run.first && port <= run.last);
}

/** `49152-65535/udp`, as compose writes a range. */
export function portRunText(run: PortRun): string {
  return `${run.first}-${run.last}${run.protocol === 'tcp' ? '' : `/${run.protocol}`}`;
}

/** Says once per service which runs of ports its container and Services leave out, and how the pod is reached on them. */
export function reportUnlistedPortRuns(context: ServiceContext): void {
  const { service } = context;
  const runs = unlistedPortRuns(service);
  if (runs.length === 0) return;
  const texts = runs.map((run) => `${portRunText(run)} (${run.last - run.first + 1} ports)`);
  const several = runs.length > 1;
  context.warn(
    `port range${several ? 's' : ''} ${texts.join(', ')} ${several ? 'are' : 'is'} listed on neither the container nor the Service: Kubernetes has no port ranges, and a run this long is one handed out at run time (RTP media, a TURN relay's), which listed port by port takes more ports than most clouds' load balancers take (and from a few thousand ports on, makes objects larger than the API server accepts); the pod answers on ${several ? 'them' : 'it'} at its own address (its networks reach it on every port), and no Service or exposure publishes ${several ? 'them' : 'it'}: outside the cluster only a pod on the node's network (hostNetwork, which the converter does not set) receives ${several ? 'them' : 'it'}`,
    `services.${service.name}.ports`,
  );
}
