import { createHash } from 'node:crypto';
import { ComposeError } from '../../compose/errors.ts';
import type { ComposeProject, Protocol } from '../../compose/model.ts';
import { dnsLabel } from './object-names.ts';

const MAX_LABEL = 63;
const DNS_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export function isDns1035Label(name: string): boolean {
  return name.length <= MAX_LABEL && DNS_1035.test(name);
}

const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Namespaces and hostnames may also start with a digit. */
export function isDns1123Label(name: string): boolean {
  return name.length <= MAX_LABEL && DNS_1123.test(name);
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 6);
}

/**
 * A DNS-1035 label for a compose name. Valid names are kept as they are, because applications reach
 * each other by the service name; others are lowercased, `_`/`.` and other characters become `-`,
 * and a stable hash suffix appears only when the name must be truncated.
 */
export function kubernetesName(name: string): string {
  if (isDns1035Label(name)) return name;
  // DNS-1035: a label that starts with a letter.
  let converted = dnsLabel(name, '', Infinity).replace(/^[^a-z]+/, '');
  if (converted === '') converted = `svc-${shortHash(name)}`;
  if (converted.length <= MAX_LABEL) return converted;
  const suffix = `-${shortHash(name)}`;
  return `${converted.slice(0, MAX_LABEL - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/**
 * A name derived from a service's Kubernetes name (`<name>-headless`, `<name>-public`), kept within
 * 63 characters the same way.
 */
export function derivedName(base: string, suffix: string): string {
  return kubernetesName(`${base}-${suffix}`);
}

/**
 * The Kubernetes name of every compose service. Two services that end up with the same name would
 * overwrite each other's objects, so that is an error at the later service.
 */
export function serviceNames(project: ComposeProject): Record<string, string> {
  const names: Record<string, string> = {};
  const owners = new Map<string, string>();
  for (const service of Object.values(project.services)) {
    const name = kubernetesName(service.name);
    const owner = owners.get(name);
    if (owner !== undefined) {
      throw new ComposeError(
        `services '${owner}' and '${service.name}' both become the Kubernetes name '${name}'; rename one of them`,
        service.location,
        `services.${service.name}`,
      );
    }
    owners.set(name, service.name);
    names[service.name] = name;
  }
  return names;
}

/** Port name (IANA_SVC_NAME: ≤15 characters, lowercase), e.g. `tcp-8080`, `udp-53`. */
export function portName(protocol: Protocol, port: number): string {
  return `${protocol}-${port}`;
}
