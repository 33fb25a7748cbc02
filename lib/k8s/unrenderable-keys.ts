import { JsonPatch, type ApiObject } from 'cdk8s';

/**
 * cdk8s cannot render a mapping with this key: its sanitizer reads `mapping.constructor.name`.
 * A compose config or a shipped file may well be called `constructor`.
 */
const UNRENDERABLE = 'constructor';

/** `map` without the key cdk8s cannot render; `restoreUnrenderable` puts it back. */
export function renderable(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).filter(([key]) => key !== UNRENDERABLE));
}

/** Adds the entry `renderable` left out as a JSON patch, which cdk8s applies after rendering. */
export function restoreUnrenderable(object: ApiObject, path: string, map: Readonly<Record<string, string>>): void {
  if (Object.hasOwn(map, UNRENDERABLE)) object.addJsonPatch(JsonPatch.add(`${path}/${UNRENDERABLE}`, map[UNRENDERABLE]));
}
