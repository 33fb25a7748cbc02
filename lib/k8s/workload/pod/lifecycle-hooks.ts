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
import { isShell } from '../command-words.ts';

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
  const handover = key === 'post_start' ? volumeHandover(hooks[0], service) : undefined;
  if (handover !== undefined) {
    return `${key} is not translated: it runs as root only to hand folders the service mounts to its user (${handover}), which the pod needs no hook for: it runs as root, or its fsGroup gives the volumes it mounts to the group of the user it runs as, who can write them`;
  }
  return `${key} is not translated: Kubernetes runs a hook as the container itself, with no user, privileged, working_dir or environment of its own`;
}

/** Root, by name or id, with or without a group. */
const ROOT = /^(root|0)(:(root|0))?$/;

/** A script that is one plain command: no operator, substitution, redirection or quote. */
const ONE_COMMAND = /^[^;&|<>`$()'"\\\n]+$/;

/**
 * The whole command of a root hook that only changes the owner or mode of folders the service
 * mounts (`chown -R fittrackee:fittrackee /usr/src/app/uploads …`, the hook compose's own
 * documentation gives for post_start), as written; undefined for any other hook. SamR1/FitTrackee
 * hands its upload, log and cache folders to its user so: "not translated" left the operator
 * to wonder whether the pod could write them, which its fsGroup lets it (rw19wb).
 */
function volumeHandover(hook: ServiceHook, service: Service): string | undefined {
  if (hook.user === undefined || !ROOT.test(hook.user) || hook.entrypoint !== undefined || hook.workingDir !== undefined) return undefined;
  let words = hook.command ?? [];
  if (words.length >= 3 && isShell(words[0]!) && /^-[a-z]*c[a-z]*$/.test(words[1]!) && words.length === 3) {
    if (!ONE_COMMAND.test(words[2]!)) return undefined;
    words = words[2]!.trim().split(/\s+/);
  }
  const [program, ...rest] = words;
  if (program === undefined) return undefined;
  const tool = program.slice(program.lastIndexOf('/') + 1);
  if (tool !== 'chown' && tool !== 'chmod') return undefined;
  const operands = rest.filter((word) => !word.startsWith('-'));
  const paths = operands.slice(1);
  if (paths.length === 0) return undefined;
  const targets = service.volumes.map((mount) => mount.target.replace(/\/+$/, ''));
  const mounted = (path: string): boolean => {
    const folder = path.replace(/\/+$/, '');
    return targets.some((target) => target !== '' && (folder === target || folder.startsWith(`${target}/`)));
  };
  return paths.every(mounted) ? words.join(' ') : undefined;
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
