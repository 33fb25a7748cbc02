import type * as k8s from '../../plan/api-types.ts';
import type { ServiceContext } from '../../plan/context.ts';
import { own } from '../../plan/own.ts';

type PullPolicy = NonNullable<k8s.Container['imagePullPolicy']>;

const PULL_POLICIES: Readonly<Record<string, PullPolicy>> = {
  always: 'Always',
  never: 'Never',
  missing: 'IfNotPresent',
  if_not_present: 'IfNotPresent',
};

/** `pull_policy` → the container's `imagePullPolicy`. */
export function pullPolicy(context: ServiceContext): PullPolicy | undefined {
  const { service, warn } = context;
  if (service.pullPolicy === undefined) return undefined;
  const policy = own(PULL_POLICIES, service.pullPolicy);
  if (policy) return policy;
  // `build`, `daily`, `weekly`, `every_<duration>`, `refresh` have no Kubernetes equivalent.
  warn(`pull_policy '${service.pullPolicy}' has no Kubernetes equivalent; the image is pulled if not present`, `services.${service.name}.pull_policy`);
  return 'IfNotPresent';
}
