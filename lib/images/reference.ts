import { ComposeError } from '../compose/errors.ts';

/** An image reference in its normalized form, as docker resolves `nginx` to `docker.io/library/nginx:latest`. */
export interface ImageReference {
  /** `docker.io`, `ghcr.io`, `127.0.0.1:5000`, … */
  readonly registry: string;
  /** `library/nginx`, `org/app`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  /** `registry/repository[:tag][@digest]`, the key the lock file uses. */
  readonly canonical: string;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** Parses a reference the way docker normalizes it; a malformed one is a ComposeError. */
export function parseImageReference(text: string): ImageReference {
  const invalid = (why: string): never => {
    throw new ComposeError(`invalid image reference ${JSON.stringify(text)}: ${why}`);
  };
  let rest = text.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) invalid('malformed digest');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) invalid('malformed tag');
  }
  const components = rest.split('/');
  const first = components[0]!;
  const hasRegistry = components.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  let registry = hasRegistry ? first : 'docker.io';
  if (registry === 'index.docker.io') registry = 'docker.io';
  const path = hasRegistry ? components.slice(1) : components;
  if (registry === 'docker.io' && path.length === 1) path.unshift('library');
  if (path.length === 0 || !path.every((component) => PATH_COMPONENT.test(component))) invalid('the repository must be lowercase letters, digits and separators');
  const repository = path.join('/');
  if (!tag && !digest) tag = 'latest';
  return { registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), canonical: `${registry}/${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}` };
}

/** The host that serves a registry's API: Docker Hub's differs from its name. */
export function registryHost(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}
