/**
 * Characters JSON.stringify leaves raw that the YAML readers of kubectl and compose-go do not take
 * as they are: they refuse DEL and the C1 controls raw, and read U+0085, U+2028 and U+2029 as line
 * breaks (a raw one in a block scalar ended it). The `yaml` library prints them raw. Shared by the
 * manifest emitter and `config`'s printer.
 */
export const RAW_FOR_YAML_READERS = /[\x7f-\x9f\u2028\u2029]/;
const RAW_FOR_YAML_READERS_ALL = new RegExp(RAW_FOR_YAML_READERS.source, 'g');
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P' };

/** `json` (a JSON string literal, which is a double-quoted YAML scalar) with those characters escaped: `\x7f`, `\N`, `\L`, `\P`. */
export function escapedForYamlReaders(json: string): string {
  return json.replace(RAW_FOR_YAML_READERS_ALL, (raw) => NAMED_ESCAPES[raw] ?? `\\x${raw.charCodeAt(0).toString(16)}`);
}
