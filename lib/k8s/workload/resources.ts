import type * as k8s from '../plan/api-types.ts';
import { ComposeError } from '../../compose/errors.ts';
import type { ServiceContext } from '../plan/context.ts';
import { cpuText, memoryText, parseQuantity } from '../plan/quantities.ts';
import { commandTokens, containerCommand } from './container-command.ts';

/**
 * What a container requests when neither compose nor the options say: a small share for the
 * scheduler. No limit is invented: a guessed memory limit kills services that need more (a cache
 * sized with `--maxmemory 2gb`, a model server), and only the `resources.limits` option sets one.
 */
export const DEFAULT_REQUESTS = { cpu: '100m', memory: '128Mi' } as const;

type ResourceName = 'cpu' | 'memory';

interface Amount {
  readonly text: string;
  readonly value: number;
}

/**
 * Requests for the service's container, and limits where compose or the `resources.limits` option
 * sets them. A memory budget the service declares itself above its limit is reported.
 * `extendedResources` (device-plugin resources and GPUs from `devicesFor`) are requested and
 * limited with the same count, as Kubernetes requires for extended resources.
 */
export function resourcesFor(
  context: ServiceContext,
  extendedResources: Readonly<Record<string, number>> = {},
): k8s.ResourceRequirements {
  const { limits, reservations } = context.service.deploy.resources;
  const base = `services.${context.service.name}.deploy.resources`;
  if (limits.pids !== undefined) {
    context.warn('pids limits are not translated: a pod PID limit is a kubelet setting', `${base}.limits.pids`);
  }
  if (reservations.pids !== undefined) {
    context.warn('pids reservations have no Kubernetes equivalent', `${base}.reservations.pids`);
  }
  const cpu = amountsFor(context, 'cpu', fromCompose(limits.cpus, cpuText), fromCompose(reservations.cpus, cpuText));
  const memory = amountsFor(
    context,
    'memory',
    fromCompose(limits.memory, memoryText),
    fromCompose(reservations.memory, memoryText),
  );
  warnAboutMemoryBudget(context, memory.limit);
  const extended = Object.fromEntries(
    Object.keys(extendedResources)
      .sort()
      .map((name) => [name, extendedResources[name] ?? 0]),
  );
  const limited: Record<string, string | number> = {
    ...(cpu.limit ? { cpu: cpu.limit.text } : {}),
    ...(memory.limit ? { memory: memory.limit.text } : {}),
    ...extended,
  };
  return {
    requests: { cpu: cpu.request.text, memory: memory.request.text, ...extended },
    ...(Object.keys(limited).length > 0 ? { limits: limited } : {}),
  };
}

function amountsFor(
  context: ServiceContext,
  resource: ResourceName,
  composeLimit: Amount | undefined,
  composeReservation: Amount | undefined,
): { request: Amount; limit: Amount | undefined } {
  const key = `services.${context.service.name}.deploy.resources`;
  if (composeLimit && composeReservation) {
    if (composeReservation.value > composeLimit.value) {
      context.warn(
        `${resource} reservation ${composeReservation.text} exceeds the limit ${composeLimit.text}; requesting the limit`,
        `${key}.reservations`,
      );
      return { request: composeLimit, limit: composeLimit };
    }
    return { request: composeReservation, limit: composeLimit };
  }
  if (composeLimit) {
    // Compose reserves nothing for a limit alone: the request is the option's where it sets one (the
    // way to schedule deploy-sourcegraph-docker's caps of ~80 CPUs on a few nodes, ignored until
    // 2026-12-07), else the limit, as Kubernetes itself defaults a missing request.
    const asked = optionAmount(context, 'requests', resource);
    if (asked === undefined && resource === 'memory' && composeLimit.value >= UNBOUNDED_MEMORY) {
      const request = defaultRequest(resource);
      context.warn(
        `memory limit ${composeLimit.text} alone is not requested in full, as a smaller limit is: no node holds that much, so the pod could never be scheduled, while compose, which reserves nothing for a limit, runs it; it requests ${request.text} (set x-kubernetes resources.requests.memory to change it)`,
        `${key}.limits.memory`,
      );
      return { request, limit: composeLimit };
    }
    return { request: asked && asked.value < composeLimit.value ? asked : composeLimit, limit: composeLimit };
  }
  const limit = optionAmount(context, 'limits', resource);
  if (composeReservation) {
    return { request: composeReservation, limit: limit && composeReservation.value > limit.value ? composeReservation : limit };
  }
  const request = optionAmount(context, 'requests', resource) ?? defaultRequest(resource);
  return { request: limit && request.value > limit.value ? limit : request, limit };
}

/**
 * A memory limit this large (1 TiB) bounds nothing a node could give: EdgeX's generated compose file
 * limits its OpenBao secret store to 4190176804864 bytes (3.8 TiB). Requested in full, as a limit
 * alone is, the pod fitted no node and the whole stack waited on it (until 2026-12-07).
 */
const UNBOUNDED_MEMORY = 2 ** 40;

function fromCompose(value: number | undefined, format: (value: number) => string): Amount | undefined {
  if (value === undefined || value <= 0) return undefined;
  const text = format(value);
  return { text, value: parseQuantity(text) ?? value };
}

function defaultRequest(resource: ResourceName): Amount {
  const text = DEFAULT_REQUESTS[resource];
  return { text, value: parseQuantity(text) ?? 0 };
}

function optionAmount(context: ServiceContext, kind: 'requests' | 'limits', resource: ResourceName): Amount | undefined {
  const text = context.options.resources?.[kind]?.[resource];
  if (text === undefined) return undefined;
  const value = parseQuantity(text);
  if (value === undefined || value <= 0) {
    const key = `services.${context.service.name}.x-kubernetes.resources.${kind}.${resource}`;
    throw new ComposeError(`invalid ${resource} quantity '${text}' in resources.${kind}.${resource}`, undefined, key);
  }
  return { text, value };
}

/** A memory budget the service sets itself, at or below which it must stay to work as configured. */
interface MemoryBudget {
  readonly bytes: number;
  /** As written: `--maxmemory 2gb`, `-Xmx4g`. */
  readonly text: string;
}

const REDIS_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
const JVM_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/**
 * Budgets in the command (ENTRYPOINT and CMD included when the image facts give them) and in the
 * environment (JAVA_OPTS, NODE_OPTIONS…): redis `--maxmemory`, JVM `-Xmx`, node `--max-old-space-size`.
 */
function memoryBudgets(context: ServiceContext): MemoryBudget[] {
  const tokens = [
    ...commandTokens(containerCommand(context).words),
    ...Object.values(context.service.environment).flatMap((value) => (value === null ? [] : commandTokens([value]))),
  ];
  const budgets: MemoryBudget[] = [];
  tokens.forEach((token, index) => {
    const next = tokens[index + 1] ?? '';
    const redis = token === '--maxmemory' ? /^(\d+)([a-z]*)$/i.exec(next) : null;
    const redisUnit = redis ? REDIS_UNITS[(redis[2] ?? '').toLowerCase()] : undefined;
    if (redis && redisUnit !== undefined) budgets.push({ bytes: Number(redis[1]) * redisUnit, text: `--maxmemory ${next}` });
    const jvm = /^-Xmx(\d+)([kmgt]?)$/i.exec(token);
    const jvmUnit = jvm ? JVM_UNITS[(jvm[2] ?? '').toLowerCase()] : undefined;
    if (jvm && jvmUnit !== undefined) budgets.push({ bytes: Number(jvm[1]) * jvmUnit, text: token });
    const node = /^--max-old-space-size=(\d+)$/.exec(token);
    if (node) budgets.push({ bytes: Number(node[1]) * 1024 ** 2, text: token });
  });
  return budgets;
}

/** The kernel kills a container at its memory limit, long before a larger budget of its own has any effect. */
function warnAboutMemoryBudget(context: ServiceContext, limit: Amount | undefined): void {
  if (limit === undefined) return;
  const { service } = context;
  const fromCompose = service.deploy.resources.limits.memory !== undefined;
  const key = fromCompose ? `services.${service.name}.deploy.resources.limits.memory` : `services.${service.name}.x-kubernetes.resources.limits.memory`;
  for (const budget of memoryBudgets(context)) {
    if (budget.bytes <= limit.value) continue;
    context.warn(
      `the service sets its own memory budget (${budget.text}, ${memoryText(budget.bytes)}) above its memory limit ${limit.text}: it would be OOM-killed before reaching it; raise the limit or lower the budget`,
      key,
    );
  }
}
