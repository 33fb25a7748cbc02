import { createHash } from 'node:crypto';
import type { ComposeProject, Service } from '../../compose/model.ts';
import { nameRecord } from '../../name-records.ts';
import type { Warn } from '../plan/context.ts';
import type * as k8s from '../plan/api-types.ts';

/**
 * compose `depends_on: {db: {restart: true}}`: compose restarts the service after it updates db (a
 * `docker compose up` that recreates it, or `docker compose restart db`), not when db's container
 * dies and the engine restarts it. On Kubernetes a pod is replaced when its template changes: the
 * service's pod template carries `restart-with.cdk8s-compose.io/<db>` with a hash of db's pod
 * template, so applying a changed db rolls the service too. Until 2026-12-07 the key was reported
 * as not translated (twice).
 */
const ANNOTATION_PREFIX = 'restart-with.cdk8s-compose.io/';

/** What the service's restart dependencies need: the pod template of one, built if not yet, or why there is none. */
export type RestartTarget = { readonly template: k8s.PodTemplateSpec } | { readonly reason: string };

/**
 * What `restart: true` on a pod-mate does (shared-pods.ts keeps such a dependency as the pod's own
 * start order): one pod, replaced whole when either changes.
 */
export function podMateRestart(name: string): string {
  return `restarts with '${name}': they run in one pod, which applying a changed '${name}' replaces whole, as compose restarts it after it recreates '${name}' (a restart of '${name}''s container on its own restarts no other, which compose does not follow either)`;
}

/** Whether a pod template annotation is one of these (a pod-mate's go on the pod they share). */
export function isRestartWithAnnotation(key: string): boolean {
  return key.startsWith(ANNOTATION_PREFIX);
}

/** The services some service restarts with (`depends_on.<name>.restart: true`, written, not implied). */
export function restartTargets(project: ComposeProject): Set<string> {
  const targets = new Set<string>();
  for (const service of Object.values(project.services)) {
    for (const [name, dependency] of Object.entries(service.dependsOn)) if (dependency.restart && dependency.impliedBy === undefined) targets.add(name);
  }
  return targets;
}

/** The pod template annotations that restart `service` with its restart dependencies, each said once. */
export function restartWithAnnotations(service: Service, names: Readonly<Record<string, string>>, targetOf: (name: string) => RestartTarget | undefined, warn: Warn): Record<string, string> {
  const annotations = nameRecord<string>();
  const dependencies = Object.entries(service.dependsOn)
    .filter(([, dependency]) => dependency.restart && dependency.impliedBy === undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name] of dependencies) {
    const key = `services.${service.name}.depends_on.${name}.restart`;
    const target = targetOf(name);
    if (target === undefined) continue;
    if ('reason' in target) {
      warn(`depends_on '${name}' restart: true is not translated: ${target.reason}`, key);
      continue;
    }
    const annotation = `${ANNOTATION_PREFIX}${names[name] ?? name}`;
    annotations[annotation] = createHash('sha256').update(JSON.stringify(target.template)).digest('hex').slice(0, 16);
    warn(
      `restarts with '${name}': its pod template carries ${annotation}, a hash of ${name}'s pod template, so applying a changed '${name}' rolls this service too, as compose restarts it after it recreates '${name}' (not after a kubectl rollout restart of '${name}', nor when its container restarts on its own, which compose does not follow either)`,
      key,
    );
  }
  return annotations;
}
