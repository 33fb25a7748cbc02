/**
 * Services another service pings by one of their names. A ClusterIP is a virtual address that
 * kube-proxy (iptables, nftables) forwards for the Service's ports alone: no host answers ICMP
 * there, so `ping <name>` never gets a reply. mailcow's nginx-mailcow starts nginx only after
 * `until ping phpfpm -c1 …; until ping redis -c1 …; done`: redis has a port, its Service was a
 * ClusterIP, the loop never ended and nginx never started (until 2026-12-07). Such a service's
 * Services are headless (translate.ts): its names answer with its ready pods' addresses, which
 * answer ping, and every port, as under compose.
 *
 * Read from the words of each service's entrypoint, command and healthcheck (a `sh -c` script
 * included), whose ping commands security/ping-sockets.ts finds: the host is the first word after
 * `ping` that is no option nor an option's value.
 */
import type { ComposeProject, Service } from '../../compose/model.ts';
import { kubernetesName } from '../names/names.ts';
import { pingCommandsOf } from '../security/ping-sockets.ts';

/** Options of iputils' and busybox's ping that take a value as the next word (`-c 1`, `-W 2`). */
const WITH_VALUE = /^-[cinstwWIQlMpSTF]$/;

/** The host a ping command (its words from `ping` on) pings, or undefined. */
function pingedHost(command: readonly string[]): string | undefined {
  for (let index = 1; index < command.length; index++) {
    const word = command[index]!;
    if (/^\d*[<>]/.test(word)) return undefined;
    if (word.startsWith('-')) {
      if (WITH_VALUE.test(word)) index++;
      continue;
    }
    return word.replace(/^["']|["']$/g, '').replace(/\.$/, '').toLowerCase();
  }
  return undefined;
}

/** The hosts the words of a command ping: as its program, or in the statements of its `sh -c` script. */
export function pingedHosts(words: readonly string[]): string[] {
  return pingCommandsOf(words).flatMap((command) => {
    const host = pingedHost(command);
    return host === undefined ? [] : [host];
  });
}

/** The names a service answers to under compose, lower-case, and its Kubernetes name. */
function namesOf(service: Service): string[] {
  const names = [service.name, kubernetesName(service.name)];
  for (const settings of Object.values(service.networks)) names.push(...settings.aliases);
  if (service.containerName) names.push(service.containerName);
  if (service.hostname) names.push(service.hostname);
  return names.map((name) => name.toLowerCase());
}

/** The commands a service runs: its entrypoint and command, and its healthcheck's test (past CMD or CMD-SHELL). */
function runCommands(service: Service): (readonly string[])[] {
  const commands: (readonly string[])[] = [[...(service.entrypoint ?? []), ...(service.command ?? [])]];
  const test = service.healthcheck?.disable ? undefined : service.healthcheck?.test;
  if (test !== undefined && test.length > 1) commands.push(test[0] === 'CMD-SHELL' ? ['sh', '-c', ...test.slice(1)] : test.slice(1));
  return commands;
}

const cache = new WeakMap<ComposeProject, ReadonlyMap<string, readonly string[]>>();

/** Compose service → the services that ping it by one of its names, sorted. */
export function pingedServices(project: ComposeProject): ReadonlyMap<string, readonly string[]> {
  const known = cache.get(project);
  if (known) return known;
  const byName = new Map<string, string>();
  for (const service of Object.values(project.services)) for (const name of namesOf(service)) if (!byName.has(name)) byName.set(name, service.name);
  const pingers = new Map<string, Set<string>>();
  for (const service of Object.values(project.services)) {
    for (const host of runCommands(service).flatMap(pingedHosts)) {
      const target = byName.get(host);
      if (target === undefined || target === service.name) continue;
      const set = pingers.get(target) ?? new Set<string>();
      set.add(service.name);
      pingers.set(target, set);
    }
  }
  const result = new Map([...pingers].map(([target, set]) => [target, [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))] as const));
  cache.set(project, result);
  return result;
}
