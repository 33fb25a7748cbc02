import type { ServiceContext } from '../plan/context.ts';

/**
 * The image by the digest the lock file resolved its tag to, when the `pinDigests` option asks:
 * a tag can move, a digest cannot. Kubernetes pulls `name:tag@sha256:…` by the digest and keeps
 * the tag for readers. Built images are the user's to push, and are left as they are.
 */
export function pinnedImage(context: ServiceContext, image: string): string {
  const { options, service } = context;
  if (options.pinDigests !== true || image.includes('@') || service.build !== undefined) return image;
  const digest = context.image?.source === 'lock' ? context.image.referenceDigest : undefined;
  if (digest === undefined) {
    context.warn(`image '${image}' is not pinned to a digest: it is not in the image lock file (run 'cdk8s-compose images lock')`, `services.${service.name}.image`);
    return image;
  }
  return `${image}@${digest}`;
}
