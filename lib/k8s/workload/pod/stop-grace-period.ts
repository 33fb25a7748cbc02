import type { ServiceContext } from '../../plan/context.ts';
import { INT64, inRange } from '../../plan/int32.ts';

/** `stop_grace_period` → the pod's `terminationGracePeriodSeconds`, rounded up to whole seconds. */
export function gracePeriodSeconds(context: ServiceContext): number | undefined {
  const { stopGracePeriod, name } = context.service;
  if (stopGracePeriod === undefined) return undefined;
  return inRange(Math.ceil(stopGracePeriod / 1000), `services.${name}.stop_grace_period`, context, INT64, 'seconds');
}
