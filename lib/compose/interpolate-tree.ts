import { locateError, shortenMessage } from './errors.ts';
import { interpolate, type Lookup } from './interpolation.ts';
import type { Diagnostic } from './model.ts';
import { castValue } from './casts.ts';
import { isMapping, originOf, setOrigin, Tagged, type Tree } from './tree.ts';

/**
 * Substitutes variables in every value (never in keys) of one file's tree, in place, and applies
 * the type casts compose does on the result (`replicas: "3"` becomes 3). Unset variables become
 * empty strings with a warning, as compose does.
 */
export function interpolateTree(root: Tree, lookup: Lookup, warnings: Diagnostic[]): void {
  const warned = new Set<string>();
  const path: string[] = [];

  const visitChild = (container: object, key: string | number, value: Tree): Tree => {
    path.push(String(key));
    try {
      return resolve(container, key, value);
    } finally {
      path.pop();
    }
  };

  const resolve = (container: object, key: string | number, value: Tree): Tree => {
    if (typeof value === 'string') return substitute(container, key, value);
    if (value instanceof Tagged) return new Tagged(value.tag, resolve(container, key, value.value));
    visit(value);
    return value;
  };

  const substitute = (container: object, key: string | number, template: string): Tree => {
    const origin = originOf(container, key);
    let result = template;
    if (template.includes('$')) {
      let unset: readonly string[];
      try {
        const interpolated = interpolate(template, lookup);
        result = interpolated.value;
        unset = interpolated.unset;
        if (interpolated.variables.length > 0 && origin) {
          setOrigin(container, key, { ...origin, uses: interpolated.variables });
        }
      } catch (error) {
        throw locateError(error, origin?.location, path.join('.'));
      }
      for (const name of unset) {
        if (warned.has(name)) continue;
        warned.add(name);
        warnings.push({
          message: shortenMessage(`the "${name}" variable is not set; defaulting to a blank string`),
          key: path.join('.'),
          ...(origin ? { location: origin.location } : {}),
        });
      }
    }
    try {
      return castValue(path, result);
    } catch (error) {
      throw locateError(error, origin?.location, path.join('.'));
    }
  };

  const visit = (node: Tree): void => {
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) node[index] = visitChild(node, index, node[index] ?? null);
    } else if (isMapping(node)) {
      for (const key of Object.keys(node)) node[key] = visitChild(node, key, node[key] ?? null);
    }
  };

  visit(root);
}
