import type { ServiceContext } from './context.ts';
import { parseImage } from './image-profiles.ts';

/** The image to run; a `build:`-only service runs `<project>-<service>`, as `docker compose build` tags it. */
export function imageFor(context: ServiceContext): string {
  const { options, service, project } = context;
  const image = options.image ?? service.image;
  if (image !== undefined) {
    if (!hasVersionTag(image)) {
      context.warn(`image '${image}' has no version tag, so each pod start may run a different version; pin a tag or digest`, `services.${service.name}.image`);
    }
    return image;
  }
  const built = `${project.name}-${service.name}`;
  context.warn(
    `service has only a build; the image '${built}' is assumed (push it to a registry, or set x-kubernetes.image)`,
    `services.${service.name}.build`,
  );
  return built;
}

function hasVersionTag(image: string): boolean {
  if (image.includes('@')) return true;
  const { tag } = parseImage(image);
  return tag !== undefined && tag !== 'latest';
}

