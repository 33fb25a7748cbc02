/**
 * Whether a file a bind mount or compose config ships holds secret material, and so must be a
 * Secret rather than a ConfigMap. Decided by what the file is (a key, certificate or credentials
 * file by name or place), by what it contains (a private key, a URL with a password, a line that
 * sets a password), or by containing a secret value of the project that is strong enough not to
 * appear by chance: `POSTGRES_PASSWORD: shop` must not turn an nginx file with `location /shop`
 * into a Secret.
 */
import type { ComposeProject } from '../../compose/model.ts';
import { isSecretContent } from '../../compose/sensitivity.ts';
import { isSensitivePath } from '../config-and-secrets/sensitive.ts';

/** By its path inside the project, or by its content (compose/sensitivity.ts isSecretContent: strong secret values only). */
export function holdsSecretMaterial(path: string, content: string, project: ComposeProject): boolean {
  return isSensitivePath(path) || isSecretContent(content, project);
}
