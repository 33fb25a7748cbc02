/**
 * One planned object as a Helm template: its YAML exactly as `convert` writes it, with the value
 * points (see value-points.ts) replaced by template actions. The object is emitted with a
 * placeholder word at each point, then each placeholder becomes its action, so every literal line
 * keeps the emitter's bytes and quoting. Values come back through `<chart>.scalar`, which prints a
 * string as the emitter would (plain when that reads back as the same string, else JSON-quoted), so
 * the default values render byte for byte the same and any other value stays valid YAML.
 */
import { canonicalKeys } from '../canonical-manifest.ts';
import { emitYamlDocument, PLAIN_SHAPE, RETYPED_WORD, type JsonValue } from '../yaml-emitter.ts';
import type { Path, ValuePoint } from './value-points.ts';

type MutableObject = { [key: string]: JsonValue };

/** A word no emitted manifest holds by chance and the emitter prints bare. */
const PLACEHOLDER = 'cdk8scomposehelmvalue';

/** Literal `{{` in a manifest (a Go template in a command, say) must reach the output as text. */
function escapeActions(text: string): string {
  return text.replaceAll('{{', '{{ "{{" }}');
}

/** How a template refers to a value: `.Values.services.web.replicas`, or through `index` for other keys. */
export function valueReference(path: Path): string {
  if (path.every((step) => typeof step === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(step))) return `.Values.${path.join('.')}`;
  return `(index .Values ${path.map((step) => (typeof step === 'number' ? String(step) : JSON.stringify(step))).join(' ')})`;
}

/** The template text of `manifest` (in canonical form) with `points` drawn from the values. */
export function templateText(manifest: JsonValue, points: readonly ValuePoint[], chart: string): string {
  const copy = structuredClone(manifest) as MutableObject;
  points.forEach((point, index) => setAt(copy, point.at, `${PLACEHOLDER}${index}x`));
  let text = escapeActions(emitYamlDocument(copy, canonicalKeys));
  points.forEach((point, index) => {
    const placeholder = `${PLACEHOLDER}${index}x`;
    const reference = valueReference(point.values);
    if (point.kind === 'scalar' || point.kind === 'image') {
      const action = `{{ include ${JSON.stringify(`${chart}.${point.kind}`)} ${reference} }}`;
      text = replaceOnce(text, placeholder, () => action);
      return;
    }
    const line = new RegExp(`^( *)([^ \\n][^\\n]*): ${placeholder}$`, 'm');
    text = replaceOnce(text, line, (_match, indent: string, key: string) => {
      if (key.startsWith('- ')) throw new Error(`internal: a Helm value block cannot open a sequence item (${key})`);
      return optionalBlock(point, indent, key, reference, chart);
    });
  });
  return text;
}

/** The lines a `with` writes only when the value is set, at the field's indentation. */
function optionalBlock(point: ValuePoint, indent: string, key: string, reference: string, chart: string): string {
  const scalar = `include ${JSON.stringify(`${chart}.scalar`)}`;
  const lines = [`{{- with ${reference} }}`];
  if (point.kind === 'optional') lines.push(`${key}: {{ ${scalar} . }}`);
  else if (point.kind === 'block') lines.push(`${key}:`, `  {{- toYaml . | nindent ${indent.length + 2} }}`);
  else {
    // The emitter's layout of a sequence of mappings, so that the default renders byte for byte.
    lines.push(
      `${key}:`,
      '  {{- range . }}',
      '  - hosts:',
      '      {{- range .hosts }}',
      `      - {{ ${scalar} . }}`,
      '      {{- end }}',
      '    {{- with .secretName }}',
      `    secretName: {{ ${scalar} . }}`,
      '    {{- end }}',
      '  {{- end }}',
    );
  }
  lines.push('{{- end }}');
  return lines.map((line) => `${indent}${line}`).join('\n');
}

function replaceOnce(text: string, pattern: string | RegExp, replacement: (match: string, ...groups: string[]) => string): string {
  let found = 0;
  const result = text.replace(pattern, (match: string, ...groups: unknown[]) => {
    found++;
    return replacement(match, ...groups.filter((group): group is string => typeof group === 'string'));
  });
  if (found !== 1) throw new Error(`internal: a Helm value placeholder was written ${found} times`);
  return result;
}

/** Sets `path` in `root`, adding the last key when the field is absent. */
function setAt(root: MutableObject, path: Path, value: JsonValue): void {
  let current: JsonValue = root;
  for (const step of path.slice(0, -1)) current = (current as Record<string | number, JsonValue>)[step]!;
  (current as Record<string | number, JsonValue>)[path[path.length - 1]!] = value;
}

/** A Kubernetes quantity with a unit (`10Gi`, `500m`): no YAML reader takes it for a number. */
export const QUANTITY = '^[0-9]+([.][0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE])$';

/**
 * `_helpers.tpl`: `scalar` prints a value as the emitter would (its plain-word test, in RE2), so
 * defaults render byte for byte; any other string is JSON-quoted, which YAML reads back unchanged.
 * `image` joins repository, tag and digest.
 */
export function helpersTemplate(chart: string): string {
  const name = (helper: string): string => JSON.stringify(`${chart}.${helper}`);
  return [
    '{{/* A value as cdk8s-compose writes it: plain when YAML reads it back as the same string, else JSON (valid YAML). */}}',
    `{{- define ${name('scalar')} -}}`,
    `{{- if and (kindIs "string" .) (or (and (regexMatch ${JSON.stringify(`^${PLAIN_SHAPE}$`)} .) (not (regexMatch ${JSON.stringify(`^${RETYPED_WORD}$`)} .))) (regexMatch ${JSON.stringify(QUANTITY)} .)) -}}`,
    '{{- . -}}',
    '{{- else -}}',
    '{{- toJson . -}}',
    '{{- end -}}',
    '{{- end -}}',
    '',
    '{{/* An image reference from repository, tag and digest. */}}',
    `{{- define ${name('image')} -}}`,
    '{{- $image := toString .repository -}}',
    '{{- with .tag }}{{ $image = printf "%s:%s" $image (toString .) }}{{ end -}}',
    '{{- with .digest }}{{ $image = printf "%s@%s" $image (toString .) }}{{ end -}}',
    `{{- include ${name('scalar')} $image -}}`,
    '{{- end -}}',
    '',
  ].join('\n');
}
