import type * as k8s from '../../plan/api-types.ts';
import type { ServiceContext } from '../../plan/context.ts';
import { own } from '../../plan/own.ts';
import { parseImage } from '../image-profiles.ts';

type PullPolicy = NonNullable<k8s.Container['imagePullPolicy']>;

const PULL_POLICIES: Readonly<Record<string, PullPolicy>> = {
  always: 'Always',
  never: 'Never',
  missing: 'IfNotPresent',
  if_not_present: 'IfNotPresent',
};

/**
 * Tags that are moved to each new build (`latest`, `dev`, …): a node that has pulled one once would
 * keep running its old copy under `IfNotPresent`, which Kubernetes picks for every other tag.
 */
const MUTABLE_TAGS: ReadonlySet<string> = new Set(['latest', 'dev', 'develop', 'edge', 'main', 'master', 'nightly']);

/** `pull_policy` → the container's `imagePullPolicy`; without one, `Always` for a mutable tag (or none) of `image`. */
export function pullPolicy(context: ServiceContext, image: string): PullPolicy | undefined {
  const { service, warn } = context;
  if (service.pullPolicy === undefined) return isMutable(image) ? 'Always' : undefined;
  const policy = own(PULL_POLICIES, service.pullPolicy);
  if (policy) return policy;
  // `build`, `daily`, `weekly`, `every_<duration>`, `refresh` have no Kubernetes equivalent.
  warn(`pull_policy '${service.pullPolicy}' has no Kubernetes equivalent; the image is pulled if not present`, `services.${service.name}.pull_policy`);
  return 'IfNotPresent';
}

/** Whether the image's tag moves to each new build (or there is none), so nodes must pull it again. */
export function isMutable(image: string): boolean {
  if (image.includes('@')) return false;
  const { tag } = parseImage(image);
  return tag === undefined || MUTABLE_TAGS.has(tag);
}
