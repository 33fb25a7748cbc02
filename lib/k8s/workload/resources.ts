import type * as k8s from '../plan/api-types.ts';
import { ComposeError } from '../../compose/errors.ts';
import type { ServiceContext } from '../plan/context.ts';
import { cpuText, memoryText, parseQuantity } from '../plan/quantities.ts';

/**
 * What a container gets when neither compose nor the options say: a small guaranteed share that
 * schedules anywhere, and a ceiling that stops one runaway service from starving the node.
 */
export const DEFAULT_RESOURCES = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '1', memory: '512Mi' },
} as const;

type ResourceName = 'cpu' | 'memory';

interface Amount {
  readonly text: string;
  readonly value: number;
}

/**
 * Requests and limits for the service's container (every container gets both).
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
  const extended = Object.fromEntries(
    Object.keys(extendedResources)
      .sort()
      .map((name) => [name, extendedResources[name] ?? 0]),
  );
  return {
    requests: { cpu: quantity(cpu.request), memory: quantity(memory.request), ...extended },
    limits: { cpu: quantity(cpu.limit), memory: quantity(memory.limit), ...extended },
  };
}

function amountsFor(
  context: ServiceContext,
  resource: ResourceName,
  composeLimit: Amount | undefined,
  composeReservation: Amount | undefined,
): { request: Amount; limit: Amount } {
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
  // Kubernetes itself defaults a missing request to the limit.
  if (composeLimit) return { request: composeLimit, limit: composeLimit };
  const limit = optionAmount(context, 'limits', resource);
  if (composeReservation) {
    return { request: composeReservation, limit: composeReservation.value > limit.value ? composeReservation : limit };
  }
  const request = optionAmount(context, 'requests', resource);
  return { request: request.value > limit.value ? limit : request, limit };
}

function fromCompose(value: number | undefined, format: (value: number) => string): Amount | undefined {
  if (value === undefined || value <= 0) return undefined;
  const text = format(value);
  return { text, value: parseQuantity(text) ?? value };
}

function optionAmount(context: ServiceContext, kind: 'requests' | 'limits', resource: ResourceName): Amount {
  const text = context.options.resources?.[kind]?.[resource] ?? DEFAULT_RESOURCES[kind][resource];
  const value = parseQuantity(text);
  if (value === undefined || value <= 0) {
    const key = `services.${context.service.name}.x-kubernetes.resources.${kind}.${resource}`;
    throw new ComposeError(`invalid ${resource} quantity '${text}' in resources.${kind}.${resource}`, undefined, key);
  }
  return { text, value };
}

function quantity(amount: Amount): string {
  return amount.text;
}
