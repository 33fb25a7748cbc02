/**
 * A dotted name of two labels that a service is reached by — its `container_name` or a network
 * alias, which Docker's DNS answers as written — kept as written on Kubernetes, as the pod's own
 * domain name: the pod's `hostname` is the first label, its `subdomain` the second, and a headless
 * Service named for the second label selects the pod. Kubernetes' DNS then answers
 * `<hostname>.<subdomain>.<namespace>.svc.<zone>` with the pod's address, and every pod's search
 * list (its namespace's `<namespace>.svc.<zone>` first) completes the name a client writes, so
 * `realtime-dev.supabase-realtime` resolves unchanged and a server that reads the Host it is called
 * by sees what compose sent. Supabase Realtime takes its tenant from the Host's first label
 * (`realtime-dev`, the tenant its seed creates): rewritten to the Service `realtime`, Kong sent
 * Host: realtime, and every Realtime connection was refused (until 2026-12-07).
 *
 * A pod has one hostname: the name is kept only for a service that runs one pod whose hostname is
 * the converter's to set (not a StatefulSet's, whose controller names its pods, nor a Job's), that
 * has no other hostname (compose's, or one it calls itself by), that others reach by no other
 * dotted name of two labels, and whose second label is a name no other Service of the project has
 * nor another such service wants. Elsewhere the name is rewritten to the service's Service name,
 * as names Kubernetes cannot hold are (wiring.ts).
 */
import type { Service } from '../../../compose/model.ts';
import { isDns1035Label, isDns1123Label } from '../../names/names.ts';
import type { AnsweringName } from './answering-names.ts';

export interface PodDomainName {
  /** The name as the project writes it, lower case: `realtime-dev.supabase-realtime`. */
  readonly name: string;
  readonly kind: 'container_name' | 'network alias';
  /** The pod's hostname: the first label. */
  readonly hostname: string;
  /** The pod's subdomain, the name of its headless Service: the second label. */
  readonly subdomain: string;
}

/**
 * Second labels that name no project's domain: special-use names (RFC 6761, `.local` of mDNS,
 * `.internal`, the home-network ones) and the cluster's own `svc`/`cluster` — dataverse's localstack
 * alias `s3.localhost` would have given the namespace a Service named `localhost`.
 */
const NO_PROJECT_DOMAIN: ReadonlySet<string> = new Set(['localhost', 'local', 'localdomain', 'test', 'example', 'invalid', 'internal', 'lan', 'home', 'arpa', 'onion', 'svc', 'cluster']);

/** The two labels of a name that can be a pod's hostname and subdomain, or undefined. */
export function podDomainLabels(name: string): { hostname: string; subdomain: string } | undefined {
  const lower = name.toLowerCase();
  const labels = lower.split('.');
  if (labels.length !== 2) return undefined;
  const [hostname = '', subdomain = ''] = labels;
  // The subdomain names a Service: a DNS-1035 label; a hostname may start with a digit.
  if (!isDns1123Label(hostname) || !isDns1035Label(subdomain) || NO_PROJECT_DOMAIN.has(subdomain)) return undefined;
  return { hostname, subdomain };
}

export interface PodDomainCandidate {
  readonly service: Service;
  /** The service's names other services use (the wiring's), of any kind. */
  readonly used: readonly AnsweringName[];
  /** How several pods run it (several-pods.ts); undefined for one pod. */
  readonly severalPods: string | undefined;
  /** Its pods' hostnames are not the converter's to set: a StatefulSet's or a Job's pods, a pod it joins. */
  readonly podsNamedElsewhere: boolean;
  /** A name the service calls itself by outside its healthcheck (its pod's hostname then: wiring.ts ownAddress), lower case. */
  readonly selfName: string | undefined;
}

/**
 * The pod domain name of each service that can keep one (see the module's comment), by service.
 * `taken` says whether a Service of the project already has a name (a service's, an alias's).
 */
export function podDomainNames(candidates: readonly PodDomainCandidate[], taken: (name: string) => boolean): Map<string, PodDomainName> {
  const wanted: [service: string, domain: PodDomainName][] = [];
  for (const candidate of candidates) {
    const { service } = candidate;
    const dotted = new Map<string, PodDomainName>();
    for (const name of candidate.used) {
      if (name.service !== service.name || (name.kind !== 'container_name' && name.kind !== 'network alias')) continue;
      const labels = podDomainLabels(name.name);
      if (labels) dotted.set(labels.hostname + '.' + labels.subdomain, { name: name.name.toLowerCase(), kind: name.kind, ...labels });
    }
    // One pod, one hostname: two such names cannot both be its own.
    if (dotted.size !== 1 || candidate.severalPods !== undefined || candidate.podsNamedElsewhere) continue;
    const domain = [...dotted.values()][0]!;
    const hostname = service.hostname?.toLowerCase();
    if (hostname !== undefined && hostname !== domain.hostname && hostname !== domain.name) continue;
    if (candidate.selfName !== undefined && candidate.selfName !== domain.name && candidate.selfName !== domain.hostname) continue;
    if (taken(domain.subdomain)) continue;
    wanted.push([service.name, domain]);
  }
  // Two services with one subdomain would need one Service for both pods: neither keeps its name.
  const bySubdomain = new Map<string, number>();
  for (const [, domain] of wanted) bySubdomain.set(domain.subdomain, (bySubdomain.get(domain.subdomain) ?? 0) + 1);
  return new Map(wanted.filter(([, domain]) => bySubdomain.get(domain.subdomain) === 1));
}
