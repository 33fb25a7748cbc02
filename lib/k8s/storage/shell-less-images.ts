/**
 * Images without a shell: Google's distroless images (but their `:debug` tags, which carry busybox),
 * Chainguard's images (but their `-dev` tags) and images built FROM scratch or on one of these. The
 * image-files copier (image-files.ts) runs the service's own image with `sh`, `find`, `cp` and `ln`:
 * in such an image it cannot start, so its pod never started (until 2026-12-07). The converter does
 * not copy there; it says so, and the claim starts empty, as with `nocopy`.
 */
import type { ImageFacts } from '../../images/facts.ts';
import { parseImage } from '../workload/image-profiles.ts';

/** Why the image has no shell (`gcr.io/distroless/static` is distroless), undefined when it may have one. */
export function shellLessReason(image: string | undefined, facts: ImageFacts | undefined): string | undefined {
  const own = image === undefined ? undefined : shellLessImage(image);
  if (own !== undefined) return `its image ${image} is ${own}`;
  const base = facts?.baseImage;
  if (facts?.source !== 'dockerfile' || base === undefined) return undefined;
  if (base === 'scratch') return 'its image is built FROM scratch';
  const built = shellLessImage(base);
  return built === undefined ? undefined : `its image is built on ${base}, ${built}`;
}

function shellLessImage(image: string): string | undefined {
  const { registry, repository, tag } = parseImage(image);
  const path = `${registry ?? ''}/${repository}`;
  if (/^gcr\.io\/distroless\//.test(path) && !/(?:^|-)debug(?:-|$)/.test(tag ?? '')) return 'a distroless image, which has no shell';
  if (/^cgr\.dev\/chainguard\//.test(path) && !/(?:^|-)dev(?:-|$)/.test(tag ?? '')) return 'a Chainguard image, which has no shell but in its -dev tags';
  return undefined;
}
