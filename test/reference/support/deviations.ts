import { readFileSync } from 'node:fs';
import { pathMatches, type Difference } from './compare.ts';

/** One documented deviation from compose-go: which projects, which fields, and why. */
export interface Deviation {
  /** A project id; `*` stands for any run of characters. */
  readonly project: string;
  /**
   * A dotted field path (`*` one segment, `**` any number; a key with dots, like a label, spans
   * several segments), or `<load>` for one side failing.
   */
  readonly path: string;
  /** When given, compose-go's value (as JSON, or an error's text) must match it; `*` as in `project`. */
  readonly reference?: string;
  /** When given, our value must match it, in the same way. */
  readonly ours?: string;
  readonly why: string;
}

export function readDeviations(file: string): Deviation[] {
  const table = JSON.parse(readFileSync(file, 'utf8')) as { deviations?: unknown };
  if (!Array.isArray(table.deviations)) throw new Error(`${file}: expected {"deviations": [...]}`);
  return table.deviations.map((entry: unknown, index) => {
    const { project, path, reference, ours, why } = (entry ?? {}) as Record<string, unknown>;
    const optional = (value: unknown): boolean => value === undefined || typeof value === 'string';
    if (typeof project !== 'string' || typeof path !== 'string' || typeof why !== 'string' || why.trim() === '' || !optional(reference) || !optional(ours)) {
      throw new Error(`${file}: deviation ${index} needs a project, a path and a why (and string reference/ours if any)`);
    }
    return { project, path, why, ...(typeof reference === 'string' ? { reference } : {}), ...(typeof ours === 'string' ? { ours } : {}) };
  });
}

/** Whether `text` matches `pattern`, where `*` stands for any run of characters (newlines included). */
export function globMatches(pattern: string, text: string): boolean {
  const expression = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
  return new RegExp(`^${expression}$`).test(text);
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

/** The deviations that explain a difference of project `id`. */
export function explaining(deviations: readonly Deviation[], id: string, difference: Difference): Deviation[] {
  return deviations.filter(
    (deviation) =>
      globMatches(deviation.project, id) &&
      pathMatches(deviation.path, difference.path) &&
      (deviation.reference === undefined || globMatches(deviation.reference, shown(difference.reference))) &&
      (deviation.ours === undefined || globMatches(deviation.ours, shown(difference.ours))),
  );
}
