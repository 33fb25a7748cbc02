/**
 * compose `post_start` and `pre_stop` → the container's `lifecycle` postStart and preStop exec
 * handlers: Kubernetes runs postStart right after the container starts (it is Running once the
 * handler ends) and preStop before it sends the stop signal, as compose runs its hooks. It runs one
 * handler per hook, as the container itself: several hooks, a hook with a user, privileged,
 * working_dir or environment of its own, or a command string with shell operators are not
 * translated, and untranslated.ts reports them with `hookReason`.
 */
import { parseShellWords } from '../../../compose/normalize/shell-words.ts';
import type { Service } from '../../../compose/model.ts';
import type * as k8s from '../../plan/api-types.ts';

type HookKey = 'post_start' | 'pre_stop';

/** The command of the one hook a list holds when Kubernetes can run it as it is; undefined otherwise. */
function hookCommand(value: unknown): readonly string[] | undefined {
  if (!Array.isArray(value) || value.length !== 1) return undefined;
  const [hook] = value as unknown[];
  if (typeof hook !== 'object' || hook === null) return undefined;
  const { command, ...rest } = hook as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return undefined;
  if (Array.isArray(command)) return command.length > 0 && command.every((word) => typeof word === 'string') ? (command as string[]) : undefined;
  if (typeof command !== 'string') return undefined;
  try {
    const parsed = parseShellWords(command);
    return parsed.dropped === undefined && parsed.words.length > 0 ? parsed.words : undefined;
  } catch {
    return undefined;
  }
}

/** Why `value`, the service's `key`, is not translated; undefined when it is (or holds no hook). */
export function hookReason(key: HookKey, value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0 || hookCommand(value) !== undefined) return undefined;
  if (value.length > 1) return `${key} holds ${value.length} hooks and Kubernetes runs one: not translated; join them in one command`;
  return `${key} is not translated: Kubernetes runs a hook as the container itself (no user, privileged, working_dir or environment of its own) and a command string without shell operators`;
}

export function lifecycleHooks(service: Service): k8s.Lifecycle | undefined {
  const postStart = hookCommand(service.raw['post_start']);
  const preStop = hookCommand(service.raw['pre_stop']);
  if (postStart === undefined && preStop === undefined) return undefined;
  return {
    ...(postStart !== undefined ? { postStart: { exec: { command: [...postStart] } } } : {}),
    ...(preStop !== undefined ? { preStop: { exec: { command: [...preStop] } } } : {}),
  };
}
