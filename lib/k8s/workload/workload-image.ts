import type { ServiceContext } from '../plan/context.ts';
import { parseImage } from './image-profiles.ts';

export interface WorkloadImage {
  readonly image: string;
  /** Polaris danger checks the image choice fails because compose asks for it, with the reason. */
  readonly polarisExemptions: Readonly<Record<string, string>>;
}

/**
 * The image to run; a `build:`-only service runs `<project>-<service>`, as `docker compose build` tags
 * it. An image the project builds goes under `imageRegistry` when set: without it, a name with no
 * registry host means Docker Hub, where nobody pushed it.
 */
export function imageFor(context: ServiceContext): WorkloadImage {
  const named = namedImage(context);
  const registry = context.chartOptions.imageRegistry;
  const built = context.service.build !== undefined || context.image?.source === 'dockerfile';
  return registry !== undefined && built && !hasRegistryHost(named.image) ? { ...named, image: `${registry}/${named.image}` } : named;
}

/** Whether the reference starts with a registry host (`ghcr.io/…`, `localhost:5000/…`), as Docker reads it. */
function hasRegistryHost(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash < 0) return false;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

function namedImage(context: ServiceContext): WorkloadImage {
  const { options, service, project } = context;
  const image = options.image ?? service.image;
  if (image !== undefined) {
    if (hasVersionTag(image)) return { image, polarisExemptions: {} };
    const source = options.image === undefined ? 'compose uses image' : 'x-kubernetes.image is';
    context.warn(`image '${image}' has no version tag, so each pod start may run a different version; pin a tag or digest`, `services.${service.name}.image`);
    return { image, polarisExemptions: { tagNotSpecified: `${source} '${image}' without a version tag; pin one or set x-kubernetes.image` } };
  }
  const built = `${project.name}-${service.name}`;
  context.warn(
    `service has only a build; the image '${built}' is assumed (push it to a registry, or set x-kubernetes.image)`,
    `services.${service.name}.build`,
  );
  return {
    image: built,
    polarisExemptions: { tagNotSpecified: `compose only builds the image, tagged '${built}' by docker compose build; push a tagged image and set x-kubernetes.image` },
  };
}

function hasVersionTag(image: string): boolean {
  if (image.includes('@')) return true;
  const { tag } = parseImage(image);
  return tag !== undefined && tag !== 'latest';
}
