/**
 * compose `post_start` and `pre_stop` → the container's `lifecycle` postStart and preStop exec
 * handlers: Kubernetes runs postStart right after the container starts (it is Running once the
 * handler ends) and preStop before it sends the stop signal, as compose runs its hooks. It runs one
 * handler per hook, as the container itself: several hooks, or a hook with a user, privileged,
 * working_dir or environment of its own, are not translated, and untranslated.ts reports them with
 * `hookReason`.
 */
import type { Service, ServiceHook } from '../../../compose/model.ts';
import type * as k8s from '../../plan/api-types.ts';

type HookKey = 'post_start' | 'pre_stop';

/** The command of the one hook `hooks` holds when Kubernetes can run it as it is; undefined otherwise. */
function hookCommand(hooks: readonly ServiceHook[]): readonly string[] | undefined {
  const [hook] = hooks;
  if (hooks.length !== 1 || !hook?.command || hook.command.length === 0) return undefined;
  const ownSettings = hook.user !== undefined || hook.privileged || hook.workingDir !== undefined || Object.keys(hook.environment).length > 0;
  return ownSettings ? undefined : hook.command;
}

function hooksOf(service: Service, key: HookKey): readonly ServiceHook[] {
  return key === 'post_start' ? service.hooks.postStart : service.hooks.preStop;
}

/** Why the service's `key` is not translated; undefined when it is (or holds no hook). */
export function hookReason(key: HookKey, service: Service): string | undefined {
  const hooks = hooksOf(service, key);
  if (hooks.length === 0 || hookCommand(hooks) !== undefined) return undefined;
  if (hooks.length > 1) return `${key} holds ${hooks.length} hooks and Kubernetes runs one: not translated; join them in one command`;
  if (!hooks[0]?.command?.length) return `${key} is not translated: its hook has no command`;
  return `${key} is not translated: Kubernetes runs a hook as the container itself, with no user, privileged, working_dir or environment of its own`;
}

export function lifecycleHooks(service: Service): k8s.Lifecycle | undefined {
  const postStart = hookCommand(service.hooks.postStart);
  const preStop = hookCommand(service.hooks.preStop);
  if (postStart === undefined && preStop === undefined) return undefined;
  return {
    ...(postStart !== undefined ? { postStart: { exec: { command: [...postStart] } } } : {}),
    ...(preStop !== undefined ? { preStop: { exec: { command: [...preStop] } } } : {}),
  };
}
