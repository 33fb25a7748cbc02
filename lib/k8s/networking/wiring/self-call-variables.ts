/**
 * A shell healthcheck that calls its own service through a variable of the service's environment:
 * `curl "http://$NODE_NAME:9001/_cluster/health" | grep -q green` with NODE_NAME=search2, the
 * service's own name. Compose's DNS answers a container's own name with its address whatever its
 * health; on Kubernetes the name is a Service, which answers with ready pods only, and the probe
 * decides readiness: the pod never became ready (until 2026-12-07; the literal name was rewritten
 * to localhost already). wiring.ts makes the value the pod's hostname where it can (one pod, no
 * other hostname), so that it resolves to the pod's own address as in compose, and else writes
 * `localhost` for the variable in the probe. This module finds the variables: only where the shell
 * expands them (CMD-SHELL) and only in a host position — a URL's host (`://$VAR`, `://${VAR}`) or
 * before a port (`$VAR:9001`).
 */

export interface HostVariable {
  readonly variable: string;
  /** Where `$VAR` or `${VAR}` is written. */
  readonly start: number;
  readonly end: number;
}

const HOST_VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** The variables of a shell text written where a host is: a URL's host, or a host before `:port`. */
export function hostVariables(text: string): HostVariable[] {
  const found: HostVariable[] = [];
  for (const match of text.matchAll(HOST_VARIABLE)) {
    const start = match.index;
    const end = start + match[0].length;
    const afterScheme = text.slice(Math.max(0, start - 3), start) === '://';
    const beforePort = /^:\d/.test(text.slice(end, end + 2));
    if (afterScheme || beforePort) found.push({ variable: (match[1] ?? match[2])!, start, end });
  }
  return found;
}

/** The variable's value when it is a host name alone (`search2`, `node-1.es`), for the caller to resolve. */
export function hostValue(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed !== undefined && /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(trimmed) ? trimmed : undefined;
}

/** The text with each listed variable replaced (spans as `hostVariables` found them in this text). */
export function replaceHostVariables(text: string, replace: (variable: HostVariable) => string | undefined): string {
  let result = '';
  let at = 0;
  for (const variable of hostVariables(text)) {
    const replacement = replace(variable);
    if (replacement === undefined) continue;
    result += text.slice(at, variable.start) + replacement;
    at = variable.end;
  }
  return at === 0 ? text : result + text.slice(at);
}
