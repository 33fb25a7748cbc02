import type { ComposeProject } from '../../../compose/model.ts';

const cache = new WeakMap<ComposeProject, ReadonlySet<string>>();

/**
 * Services another enabled service waits on with `condition: service_completed_successfully`:
 * compose starts the dependents only after they exited 0, so they are tasks that run to
 * completion (a migration, a volume-preparing chown), never servers. Whether the wait is required
 * does not matter: either way compose treats the service as one that finishes.
 */
export function completionTargets(project: ComposeProject): ReadonlySet<string> {
  const known = cache.get(project);
  if (known) return known;
  const targets = new Set<string>();
  for (const service of Object.values(project.services)) {
    for (const [name, dependency] of Object.entries(service.dependsOn)) {
      if (dependency.condition === 'service_completed_successfully') targets.add(name);
    }
  }
  cache.set(project, targets);
  return targets;
}
