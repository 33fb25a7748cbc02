/**
 * compose `pre_start` hooks (compose-go 2.16) → init containers, after the waits for the service's
 * dependencies, in the order written: compose runs each hook to completion, before the service's
 * container starts, once its dependencies are satisfied. A hook is the service's container with
 * what the hook sets, as compose-go completes it from the service: `command` (through the
 * service's or the image's entrypoint, as compose passes it), `entrypoint`, `image`, `working_dir`,
 * a numeric `user` and environment of its own; it keeps the service's environment, mounts,
 * security context and resources. Kubernetes runs init containers in every pod, so a hook runs once
 * per replica (compose's `per_replica: true`). A hook with other keys (volumes, privileged, a user
 * name, root, a secret in its environment, …) is not translated; untranslated.ts reports it with
 * `preStartReason`. The loader splits command strings as compose does (and says what compose drops).
 */
import type { Service, ServiceHook } from '../../../compose/model.ts';
import { isSecretVariable } from '../../../compose/sensitivity.ts';
import type * as k8s from '../../plan/api-types.ts';
import type { ServiceContext } from '../../plan/context.ts';
import { escapeExpansion } from '../../config-and-secrets/secret-text.ts';

interface PreStartHook {
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly image?: string;
  readonly workingDir?: string;
  readonly user?: { readonly uid: number; readonly gid?: number };
  readonly environment: readonly (readonly [string, string])[];
}

/** The hook as an init container can run it, or why it cannot. */
function initContainerHook(hook: ServiceHook): PreStartHook | string {
  if (hook.otherKeys.length > 0) return `a hook with ${hook.otherKeys.join(', ')} of its own`;
  if (hook.privileged) return 'a privileged hook';
  const environment: [string, string][] = [];
  for (const [name, value] of Object.entries(hook.environment)) {
    // Unset in the project environment: compose passes nothing, and neither does the init container.
    if (value === null) continue;
    if (isSecretVariable(name, value)) return 'environment a Secret would have to hold';
    environment.push([name, value]);
  }
  const user = hook.user === undefined ? undefined : /^([1-9][0-9]*)(?::([0-9]+))?$/.exec(hook.user);
  if (user === null) return 'a user other than a numeric, non-root uid[:gid]';
  return {
    ...(hook.command ? { command: hook.command } : {}),
    ...(hook.entrypoint ? { entrypoint: hook.entrypoint } : {}),
    ...(hook.image !== undefined ? { image: hook.image } : {}),
    ...(hook.workingDir !== undefined ? { workingDir: hook.workingDir } : {}),
    ...(user ? { user: { uid: Number(user[1]), ...(user[2] !== undefined ? { gid: Number(user[2]) } : {}) } } : {}),
    environment,
  };
}

function hooksOf(service: Service): (PreStartHook | string)[] {
  return service.hooks.preStart.map(initContainerHook);
}

/** Why the service's `pre_start` is not translated; undefined when it is (or holds no hook). */
export function preStartReason(service: Service): string | undefined {
  const reasons = hooksOf(service).filter((hook): hook is string => typeof hook === 'string');
  if (reasons.length === 0) return undefined;
  return `pre_start is not translated: ${reasons.join('; ')} cannot be an init container; run that step in the service's own command or an init container you add`;
}

/** Named after the container too: the containers of services that share a pod share one list. */
function preStartContainerName(index: number, container: string): string {
  return `pre-start-${index + 1}-${container}`.slice(0, 63).replace(/-+$/, '');
}

/** Whether an init container is a pre_start hook of `container` (which then runs its image, unless the hook named another). */
export function isPreStartOf(initContainer: string, container: string): boolean {
  return /^pre-start-[0-9]+-/.test(initContainer) && initContainer === preStartContainerName(Number(initContainer.split('-')[2]) - 1, container);
}

/** The init containers of the service's hooks, derived from its main container; none unless every hook translates. */
export function preStartContainers(context: ServiceContext, main: k8s.Container): k8s.Container[] {
  const { service, options } = context;
  const hooks = hooksOf(service);
  if (hooks.length === 0 || hooks.some((hook) => typeof hook === 'string')) return [];
  const replicas = options.replicas ?? service.deploy.replicas ?? 1;
  const once = service.hooks.preStart.some((hook) => !hook.perReplica);
  if (once && replicas > 1) {
    context.warn(`pre_start runs once per pod here, so ${replicas} times (one per replica): Kubernetes has no step that runs once before a workload's pods; make the hook safe to repeat, or set per_replica: true`, `services.${service.name}.pre_start`);
  }
  return (hooks as PreStartHook[]).map((hook, index) => {
    const own = new Set(hook.environment.map(([name]) => name));
    const env = [...(main.env ?? []).filter((variable) => !own.has(variable.name)), ...hook.environment.map(([name, value]) => ({ name, value: escapeExpansion(value) }))];
    // compose-go completes a hook from the service: its own entrypoint resets the command, as in Docker.
    const command = hook.entrypoint ? hook.entrypoint.map((word) => escapeExpansion(word)) : main.command;
    const args = hook.command ? hook.command.map((word) => escapeExpansion(word)) : hook.entrypoint ? undefined : main.args;
    const securityContext = hook.user ? { ...main.securityContext, runAsUser: hook.user.uid, runAsNonRoot: true, ...(hook.user.gid !== undefined ? { runAsGroup: hook.user.gid } : {}) } : main.securityContext;
    const workingDir = hook.workingDir ?? main.workingDir;
    return {
      name: preStartContainerName(index, main.name),
      image: hook.image ?? main.image,
      ...(main.imagePullPolicy ? { imagePullPolicy: main.imagePullPolicy } : {}),
      ...(command && command.length > 0 ? { command: [...command] } : {}),
      ...(args && args.length > 0 ? { args: [...args] } : {}),
      ...(env.length > 0 ? { env } : {}),
      ...(main.envFrom ? { envFrom: main.envFrom } : {}),
      ...(main.volumeMounts ? { volumeMounts: main.volumeMounts } : {}),
      ...(main.resources ? { resources: main.resources } : {}),
      ...(securityContext ? { securityContext } : {}),
      ...(workingDir !== undefined ? { workingDir } : {}),
    };
  });
}
