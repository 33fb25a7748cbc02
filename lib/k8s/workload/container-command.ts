import type { Service } from '../../compose/model.ts';
import type { ServiceContext } from '../plan/context.ts';
import { escapeExpansion } from '../config-and-secrets/secret-text.ts';

/**
 * The process the container starts, as Docker builds it from compose and the image: compose
 * `entrypoint` replaces the image's ENTRYPOINT and resets its CMD; compose `command` replaces CMD
 * only. `complete` is false where the image's part is unknown (no facts, or a base image that is
 * not locked), so a rule reading `words` sees only what is certain.
 */
export interface ContainerCommand {
  readonly words: readonly string[];
  readonly complete: boolean;
}

export function containerCommand(context: Pick<ServiceContext, 'service' | 'image'>): ContainerCommand {
  const { service, image } = context;
  const config = image?.config;
  const imageKnown = image?.complete === true;
  const entrypoint = service.entrypoint ?? config?.entrypoint;
  const entrypointKnown = service.entrypoint !== undefined || config?.entrypoint !== undefined || imageKnown;
  const cmd = service.command ?? (service.entrypoint !== undefined && service.entrypoint.length > 0 ? [] : config?.cmd);
  const cmdKnown = cmd !== undefined || imageKnown;
  return { words: [...(entrypoint ?? []), ...(cmd ?? [])], complete: entrypointKnown && cmdKnown };
}

/** The service's entrypoint and command as one line (a `sh -c` script included), for the rules that read what it runs. */
export function commandLine(service: Service): string {
  return [...(service.entrypoint ?? []), ...(service.command ?? [])].join(' ');
}

/**
 * The words of `words` and of any `sh -c` / `bash -c` script among them, split at blanks: enough to
 * find a program and its options (`chown -R …`, `--maxmemory 2gb`), not to run anything.
 */
export function commandTokens(words: readonly string[]): string[] {
  return words.flatMap((word) => word.split(/[\s;&|()]+/)).filter((token) => token !== '');
}

/**
 * Kubernetes `command` and `args` from compose's (`command`/`args` here are already escaped for
 * `$(VAR)` expansion). Kubernetes agrees with Docker except on an empty compose `entrypoint`,
 * which clears the image's ENTRYPOINT: Kubernetes can only say that by naming the program, the
 * compose command or else the image's CMD.
 */
export function kubernetesCommand(
  context: ServiceContext,
  command: readonly string[] | undefined,
  args: readonly string[] | undefined,
): { readonly command?: string[]; readonly args?: string[] } {
  const given = (list: readonly string[] | undefined) => (list === undefined || list.length === 0 ? undefined : [...list]);
  if (command === undefined || command.length > 0) {
    const fields: { command?: string[]; args?: string[] } = {};
    if (given(command)) fields.command = given(command);
    if (given(args)) fields.args = given(args);
    return fields;
  }
  const program = given(args) ?? given(context.image?.config.cmd)?.map((word) => escapeExpansion(word));
  if (program) return { command: program };
  context.warn(
    "an empty entrypoint clears the image's ENTRYPOINT, which Kubernetes can only do by naming the program, and neither compose nor the image facts give one (no command, no known CMD); the image's ENTRYPOINT stays: set command, or lock the image (cdk8s-compose images lock)",
    `services.${context.service.name}.entrypoint`,
  );
  return {};
}
