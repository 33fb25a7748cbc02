import { JsonPatch, type ApiObject } from 'cdk8s';

/**
 * cdk8s cannot render a mapping with this key: its sanitizer reads `mapping.constructor.name`.
 * Compose labels, placement constraints, config names and shipped files may all be `constructor`;
 * the plan holds them as they are, and the cdk8s adapters (planned-object.ts) render them through this.
 * For the same reason it cannot render a mapping without a prototype, as the plan's records of names
 * are (lib/name-records.ts): those are rebuilt as ordinary objects.
 */
const UNRENDERABLE = 'constructor';

/**
 * `create(props)`, where every mapping holding the key cdk8s cannot render is left out of the props
 * and added back as a JSON patch, which cdk8s applies after rendering.
 */
export function renderSafely<P extends object, O extends ApiObject>(props: P, create: (props: P) => O): O {
  // A scan that allocates nothing spares rebuilding props with no such mapping (issue 7).
  if (!holdsUnrenderable(props)) return create(props);
  const patches: JsonPatch[] = [];
  const object = create(withoutUnrenderable(props, '', patches) as P);
  if (patches.length > 0) object.addJsonPatch(...patches);
  return object;
}

function holdsUnrenderable(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsUnrenderable);
  if (!isPlainMapping(value)) return false;
  if (Object.hasOwn(value, UNRENDERABLE) || Object.getPrototypeOf(value) === null) return true;
  for (const key in value) if (holdsUnrenderable(value[key])) return true;
  return false;
}

function withoutUnrenderable(value: unknown, path: string, patches: JsonPatch[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => withoutUnrenderable(item, `${path}/${index}`, patches));
  if (!isPlainMapping(value)) return value;
  if (Object.hasOwn(value, UNRENDERABLE)) {
    patches.push(JsonPatch.add(path, value));
    return undefined;
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, withoutUnrenderable(item, `${path}/${pointerToken(key)}`, patches)]),
  );
}

/** Class instances (IntOrString, Quantity) render themselves; records of names have no prototype. */
function isPlainMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** RFC 6901: label keys such as `app.kubernetes.io/name` hold a `/`. */
function pointerToken(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
