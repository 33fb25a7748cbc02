import { ComposeError, locateError, shortenMessage } from '../errors.ts';
import { interpolate, type Lookup } from './interpolation.ts';
import type { Diagnostic } from '../model.ts';
import { castValue } from './casts.ts';
import { isMapping, originOf, setOrigin, Tagged, type Tree } from '../read/tree.ts';

const NOT_SET_REST = '; defaulting to a blank string';
const NOT_SET = /^the "([^"]+)" variable is not set; defaulting to a blank string$/;

/**
 * `error` with the variables that were not set in the value it is about, by the warnings at its
 * location: `invalid volume ":/var/lib/postgresql/data"` alone does not say that a forgotten `.env`
 * left `${DB_DATA_LOCATION}` empty.
 */
export function withUnsetVariables(error: ComposeError, warnings: readonly Diagnostic[]): ComposeError {
  const at = error.location;
  if (!at) return error;
  const names = warnings
    .filter(({ location }) => location?.file === at.file && location.line === at.line && location.column === at.column)
    .map(({ message }) => NOT_SET.exec(message)?.[1])
    .filter((name): name is string => name !== undefined);
  if (names.length === 0) return error;
  const what = names.map((name) => `the "${name}" variable`).join(' and ');
  return new ComposeError(`${error.fullMessage} (${what} ${names.length === 1 ? 'is' : 'are'} not set)`, error.location, error.key);
}

/**
 * Substitutes variables in every value (never in keys) of one file's tree, in place, and applies
 * the type casts compose does on the result (`replicas: "3"` becomes 3). Unset variables become
 * empty strings with a warning, as compose does. Returns whether any value had a variable
 * substituted (its origin then records the variable).
 */
export function interpolateTree(root: Tree, lookup: Lookup, warnings: Diagnostic[]): boolean {
  let substituted = false;
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

  // Origins are only read for values with variables and for errors: most values have neither.
  const substitute = (container: object, key: string | number, template: string): Tree => {
    let result = template;
    if (template.includes('$')) {
      const origin = originOf(container, key);
      let unset: readonly string[];
      try {
        const interpolated = interpolate(template, lookup);
        result = interpolated.value;
        unset = interpolated.unset;
        if (interpolated.variables.length > 0 && origin) {
          substituted = true;
          setOrigin(container, key, { ...origin, uses: interpolated.variables });
        }
      } catch (error) {
        throw locateError(error, origin?.location, path.join('.'));
      }
      for (const name of unset) {
        if (warned.has(name)) continue;
        warned.add(name);
        warnings.push({
          message: shortenMessage(`the "${name}" variable is not set${NOT_SET_REST}`),
          key: path.join('.'),
          ...(origin ? { location: origin.location } : {}),
        });
      }
    }
    try {
      return castValue(path, result);
    } catch (error) {
      throw locateError(error, originOf(container, key)?.location, path.join('.'));
    }
  };

  // Unchanged values are not written back: most are not, and writes cost more than reads.
  const visit = (node: Tree): void => {
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        const value = node[index];
        const resolved = visitChild(node, index, value ?? null);
        if (resolved !== value) node[index] = resolved;
      }
    } else if (isMapping(node)) {
      for (const key of Object.keys(node)) {
        const value = node[key];
        const resolved = visitChild(node, key, value ?? null);
        if (resolved !== value) node[key] = resolved;
      }
    }
  };

  visit(root);
  return substituted;
}
