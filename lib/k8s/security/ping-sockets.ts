/**
 * `ping` opens a raw ICMP socket, which needs NET_RAW: Docker gives every container that capability,
 * and the converter drops it (Pod Security's baseline level forbids it). Without it ping falls back to
 * an ICMP datagram socket (busybox's and iputils' ping do), which the kernel allows only to the groups
 * in `net.ipv4.ping_group_range`, none by default. The TechHut *arr stack's gluetun and qbittorrent
 * check their VPN with `ping -c 1 www.google.com || exit 1`: the check failed on every try, so gluetun
 * never started the pod's other containers (until 2026-12-07). The range is a namespaced sysctl every
 * Pod Security level allows, so the pod sets it wherever a healthcheck or command runs ping.
 */
import type { Service } from '../../compose/model.ts';
import { commentTest } from '../networking/comment-lines.ts';
import { capabilityName } from './pod-security-level.ts';
import { COMMAND_LEADERS, isShell } from '../workload/command-words.ts';

export const PING_GROUP_RANGE = 'net.ipv4.ping_group_range';
/** Every group: the container's, whatever user it runs as. */
const ALL_GROUPS = '0 2147483647';

/** `ping`, `ping6`, or one by its absolute path (`/bin/ping`). */
const PING = /^(?:\/[\w./-]*\/)?ping6?$/;

/** A command's words from its program on: past keywords, wrappers and `VAR=value` assignments. */
function fromProgram(words: readonly string[]): string[] {
  const start = words.findIndex((word) => !COMMAND_LEADERS.has(word) && !/^\w+=/.test(word));
  return start < 0 ? [] : words.slice(start);
}

/**
 * The commands a shell script runs, each as its words from its program on: the commands between
 * `;`, `&&`, `||`, `|`, `&`, parentheses and line breaks. A word elsewhere is an argument
 * (`redis-cli ping`, `curl …/ping`).
 */
function scriptCommands(script: string): string[][] {
  return script.split(/&&|\|\||[;|&()\n`]|\$\(/).flatMap((command) => {
    const words = fromProgram(command.trim().split(/\s+/).filter((word) => word !== ''));
    return words.length === 0 ? [] : [words];
  });
}

/** The commands an exec-form command runs: itself, or the commands of the script a shell runs with -c (`-c`, `-ec`). */
function execCommands(words: readonly string[]): string[][] {
  const command = fromProgram(words);
  const program = command[0];
  if (program === undefined) return [];
  const shell = isShell(program);
  const script = shell ? command.findIndex((word, index) => index > 0 && /^-[a-z]*c[a-z]*$/.test(word)) : -1;
  return script >= 0 && command[script + 1] !== undefined ? scriptCommands(command.slice(script + 1).join(' ')) : [command];
}

/** The commands the service's healthcheck runs (CMD or CMD-SHELL), unless disabled. */
function checkCommands(service: Service): string[][] {
  const test = service.healthcheck?.disable ? undefined : service.healthcheck?.test;
  return test === undefined ? [] : test[0] === 'CMD-SHELL' ? scriptCommands(test.slice(1).join(' ')) : test[0] === 'CMD' ? execCommands(test.slice(1)) : [];
}

/** The commands its entrypoint and command run. */
function runCommands(service: Service): string[][] {
  return execCommands([...(service.entrypoint ?? []), ...(service.command ?? [])]);
}

const runsPing = (command: readonly string[]): boolean => PING.test(command[0] ?? '');

/** The ping commands an exec-form command runs, each as its words from `ping` on (pinged-services.ts reads their hosts). */
export function pingCommandsOf(words: readonly string[]): string[][] {
  return execCommands(words).filter(runsPing);
}

/** A project script a container runs: mounted and named by the command, or copied into the image it starts. */
export interface RunScript {
  readonly path: string;
  readonly content: string;
}

/**
 * An ICMP check a monitoring tool's configuration file asks for: Gatus' endpoint `url: "icmp://host"`,
 * the Prometheus blackbox exporter's `prober: icmp` module. Both ping without NET_RAW through an ICMP
 * datagram socket when the process is not root (Gatus' pro-bing, blackbox's unprivileged attempt),
 * which the range must allow. TwiN/gatus's postgres-storage example checks `icmp://example.org`:
 * the endpoint was reported down forever on Kubernetes (until 2026-12-07).
 */
const ICMP_CHECK = /icmp:\/\/[^\s'"]|^[ \t]*-?[ \t]*prober[ \t]*:[ \t]*["']?icmp["']?[ \t]*(?:#.*)?$/gm;

/** Whether the text asks for an ICMP check on a line that is no comment. */
function asksForIcmp(text: string): boolean {
  const commented = commentTest(text);
  ICMP_CHECK.lastIndex = 0;
  for (const match of text.matchAll(ICMP_CHECK)) if (!commented(match.index)) return true;
  return false;
}

/** A configuration file the container gets, with the compose key that mounts it. */
export type ConfigurationText = readonly [text: string, key: string];

/**
 * Where the service runs ping, as a key of its compose file, or undefined. A script the container
 * runs counts too: friendica's opensocial.at avatar waits with `until ping app -c1` in the cmd.sh
 * its image starts, which looped forever without NET_RAW (friendica/docker, until 2026-12-07).
 */
function pingAt(service: Service, scripts: readonly RunScript[], configs: () => readonly ConfigurationText[]): { readonly key: string; readonly icmpCheck?: true } | undefined {
  if (checkCommands(service).some(runsPing)) return { key: `services.${service.name}.healthcheck` };
  if (runCommands(service).some(runsPing)) return { key: `services.${service.name}.${service.entrypoint?.length ? 'entrypoint' : 'command'}` };
  const where = service.entrypoint?.length ? 'entrypoint' : service.command !== undefined ? 'command' : service.build !== undefined ? 'build' : 'image';
  if (scripts.some((script) => scriptCommands(script.content.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n')).some(runsPing))) return { key: `services.${service.name}.${where}` };
  const config = configs().find(([text]) => asksForIcmp(text));
  return config === undefined ? undefined : { key: config[1], icmpCheck: true };
}

/**
 * The `net.ipv4.ping_group_range` value the pod needs for the service's ping, and where the service
 * runs it (`icmpCheck` when a configuration file asks for ICMP checks, rather than a command running
 * ping); undefined when it runs none, keeps NET_RAW (privileged, `cap_add: NET_RAW`), sets the
 * sysctl itself, or shares the node's network, whose sysctls a pod cannot set. The configuration
 * files are read last, and only when no command decides.
 */
export function pingSockets(
  service: Service,
  scripts: readonly RunScript[] = [],
  configs: () => readonly ConfigurationText[] = () => [],
): { readonly value: string; readonly key: string; readonly icmpCheck?: true } | undefined {
  if (service.privileged || service.networkMode === 'host' || Object.hasOwn(service.sysctls, PING_GROUP_RANGE)) return undefined;
  if (service.capAdd.map(capabilityName).some((name) => name === 'NET_RAW' || name === 'ALL')) return undefined;
  const at = pingAt(service, scripts, configs);
  return at === undefined ? undefined : { value: ALL_GROUPS, ...at };
}
