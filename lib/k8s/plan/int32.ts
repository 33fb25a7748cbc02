import { ComposeError } from '../../compose/errors.ts';
import type { ComposeProject } from '../../compose/model.ts';
import { locate } from './locate.ts';

/** An integer range a Kubernetes field accepts, with the maximum spelled as Kubernetes documents it. */
export interface KubernetesRange {
  readonly min: number;
  readonly max: number;
  readonly maxText: string;
}

/**
 * Compose accepts integers Kubernetes does not: a `scale` of 2^53 parses fine in YAML but the API
 * server rejects an int32 above 2147483647, so the translation must fail where the value was written.
 */
export const INT32: KubernetesRange = { min: 0, max: 2_147_483_647, maxText: '2147483647' };
/** User and group ids: int64 fields, but Kubernetes validates them as 0..MaxInt32. */
export const ID: KubernetesRange = INT32;
/** int64 fields; the maximum is the largest double below 2^63, as a double cannot hold 2^63-1. */
export const INT64: KubernetesRange = { min: 0, max: 2 ** 63 - 1024, maxText: '9223372036854775807' };
/** `defaultMode`/`mode` of projected files: permission bits only. */
export const FILE_MODE: KubernetesRange = { min: 0, max: 0o777, maxText: '0777' };

/** The project whose `locations` place the error; a ServiceContext is one. */
interface Located {
  readonly project: ComposeProject;
}

/** Whether Kubernetes accepts `value` in `range`. */
export function isInRange(value: number, range: KubernetesRange = INT32): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

/**
 * `value` if Kubernetes accepts it in `range`, else one located ComposeError naming `key` and the
 * limit. `unit` names what was converted (`seconds` of a duration), as the value no longer reads as written.
 */
export function inRange(value: number, key: string, where: Located, range: KubernetesRange = INT32, unit = ''): number {
  if (isInRange(value, range)) return value;
  const problem =
    value > range.max
      ? `is more than Kubernetes allows (${range.maxText})`
      : value < range.min
        ? `is less than Kubernetes allows (${range.min})`
        : 'is not a whole number, which Kubernetes requires';
  throw new ComposeError(`${key}: ${value}${unit ? ` ${unit}` : ''} ${problem}`, locate(where.project, key), key);
}

/** `inRange` for the common int32 case, passing `undefined` through. */
export function int32(value: number, key: string, where: Located, unit?: string): number;
export function int32(value: number | undefined, key: string, where: Located, unit?: string): number | undefined;
export function int32(value: number | undefined, key: string, where: Located, unit?: string): number | undefined {
  return value === undefined ? undefined : inRange(value, key, where, INT32, unit);
}
