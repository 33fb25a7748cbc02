/**
 * Kubernetes choices that Compose cannot express. Construct users pass them as
 * `ComposeChartProps.options`; CLI users write the same shapes as `x-kubernetes` extensions:
 * top level (`ComposeKubernetesOptions`), per service (`ServiceOptions`) and per volume
 * (`VolumeOptions`). Precedence: defaults < top-level x-kubernetes < options passed in code <
 * the service's or volume's own x-kubernetes. The shapes are described once, as a JSON Schema
 * (options-schema.ts); the types are generated from it (options.generated.ts).
 */

import { own } from '../plan/own.ts';

export type * from './options.generated.ts';

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges option layers, later layers winning. Nested mappings (resources, securityContext,
 * nodeSelector, …) merge key by key so a service can override one limit and keep the rest;
 * lists are replaced as a whole.
 */
export function mergeOptions<T extends object>(...layers: readonly (T | undefined)[]): T {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue;
      const previous = own(merged, key);
      merged[key] = isPlainObject(previous) && isPlainObject(value) ? mergeOptions(previous, value) : value;
    }
  }
  return merged as T;
}
