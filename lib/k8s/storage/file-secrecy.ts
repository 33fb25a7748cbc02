/**
 * Whether a file a bind mount or compose config ships holds secret material, and so must be a
 * Secret rather than a ConfigMap. Decided by what the file is (a key, certificate or credentials
 * file by name or place), by what it contains (a private key, a URL with a password, a line that
 * sets a password), or by containing a secret value of the project that is strong enough not to
 * appear by chance: `POSTGRES_PASSWORD: shop` must not turn an nginx file with `location /shop`
 * into a Secret.
 */
import type { ComposeProject } from '../../compose/model.ts';
import { setsCredential } from '../../compose/sensitivity.ts';
import { isSensitivePath, isSensitiveValue, secretValuesOf } from '../config-and-secrets/sensitive.ts';

/** Whether a project's secret value is strong enough that finding it in a file means the file holds it. */
export type StrongSecretTest = (value: string) => boolean;

const CHARACTER_CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/**
 * Long (16+ characters), or 8+ characters mixing at least two of lower case, upper case, digits and
 * symbols: `postgres`, `airflow` or `shop` are words that configuration files contain anyway.
 */
export const isStrongSecretValue: StrongSecretTest = (value) =>
  value.length >= 16 || (value.length >= 8 && CHARACTER_CLASSES.filter((pattern) => pattern.test(value)).length >= 2);

export function holdsSecretMaterial(
  path: string,
  content: string,
  project: ComposeProject,
  isStrong: StrongSecretTest = isStrongSecretValue,
): boolean {
  if (isSensitivePath(path) || isSensitiveValue(content) || setsCredential(content)) return true;
  for (const value of secretValuesOf(project)) if (isStrong(value) && content.includes(value)) return true;
  return false;
}
