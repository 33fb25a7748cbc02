/**
 * Rewrites text that contains secret values so that it names environment variables instead:
 * `$(VAR)` where Kubernetes expands it (command, args), `"${VAR}"` where a shell does (probes,
 * which Kubernetes does not expand).
 */

/** A secret `text` to replace by a reference to the env var `variable`. */
export interface Substitution {
  readonly text: string;
  readonly variable: string;
}

export type Segment = { readonly text: string } | { readonly variable: string };

/** Splits `text` into literal parts and references; the longest secret wins where several start. */
export function splitSecrets(text: string, substitutions: readonly Substitution[]): Segment[] {
  const candidates = substitutions
    .filter((s) => s.text !== '' && text.includes(s.text))
    .sort((a, b) => b.text.length - a.text.length);
  const segments: Segment[] = [];
  let rest = text;
  for (;;) {
    let found: { index: number; substitution: Substitution } | undefined;
    for (const substitution of candidates) {
      const index = rest.indexOf(substitution.text);
      if (index >= 0 && (!found || index < found.index)) found = { index, substitution };
    }
    if (!found) {
      if (rest !== '') segments.push({ text: rest });
      return segments;
    }
    if (found.index > 0) segments.push({ text: rest.slice(0, found.index) });
    segments.push({ variable: found.substitution.variable });
    rest = rest.slice(found.index + found.substitution.text.length);
  }
}

export function hasReference(segments: readonly Segment[]): boolean {
  return segments.some((segment) => 'variable' in segment);
}

/** For command, args and env values: `$(VAR)` references, every literal `$(`/`$$` escaped. */
export function kubernetesText(segments: readonly Segment[]): string {
  return segments
    .map((segment, index) => {
      if ('variable' in segment) return `$(${segment.variable})`;
      const next = segments[index + 1];
      return escapeExpansion(segment.text, next !== undefined && 'variable' in next);
    })
    .join('');
}

/**
 * Kubernetes expands `$(VAR)` and turns `$$` into `$` in env values, command and args; doubling
 * every `$` that starts such a sequence keeps the text exactly as compose passed it. A trailing `$`
 * right before an inserted `$(VAR)` would pair with it, so it is doubled too.
 */
export function escapeExpansion(text: string, beforeReference = false): string {
  const escaped = text.replace(/\$(?=[$(])/g, '$$$$');
  return beforeReference && escaped.endsWith('$') ? `${escaped}$` : escaped;
}

/**
 * For a shell script (a CMD-SHELL test): each reference is written so the shell expands it as one
 * word wherever it stands — unquoted, inside double quotes or inside single quotes.
 */
export function shellScript(segments: readonly Segment[]): string {
  let quote: '' | "'" | '"' = '';
  let escaped = false;
  let script = '';
  for (const segment of segments) {
    if ('variable' in segment) {
      const expansion = `\${${segment.variable}}`;
      script += quote === '"' ? expansion : quote === "'" ? `'"${expansion}"'` : `"${expansion}"`;
      continue;
    }
    for (const char of segment.text) {
      script += char;
      if (escaped) escaped = false;
      else if (char === '\\' && quote !== "'") escaped = true;
      else if (quote === '' && (char === "'" || char === '"')) quote = char;
      else if (char === quote) quote = '';
    }
  }
  return script;
}

/** For one word of an exec-form command turned into a shell script: quoted literally. */
export function shellWord(segments: readonly Segment[]): string {
  if (segments.length === 0) return "''";
  return segments
    .map((segment) => ('variable' in segment ? `"\${${segment.variable}}"` : `'${segment.text.replace(/'/g, `'\\''`)}'`))
    .join('');
}
