/** One field on which the two models differ: its dotted path and both values (undefined: absent). */
export interface Difference {
  readonly path: string;
  readonly reference: unknown;
  readonly ours: unknown;
}

/** Field-by-field differences between two JSON-like values, sorted by path. */
export function differences(reference: unknown, ours: unknown, at: readonly string[] = []): Difference[] {
  if (isRecord(reference) && isRecord(ours)) {
    const keys = [...new Set([...Object.keys(reference), ...Object.keys(ours)])].sort();
    return keys.flatMap((key) => differences(reference[key], ours[key], [...at, key]));
  }
  if (Array.isArray(reference) && Array.isArray(ours)) {
    const length = Math.max(reference.length, ours.length);
    return Array.from({ length }, (_, index) => differences(reference[index], ours[index], [...at, String(index)])).flat();
  }
  if (Object.is(reference, ours) || hidesOnlySecrets(reference, ours)) return [];
  return [{ path: at.join('.'), reference, ours }];
}

const REDACTED = '<redacted>';

/**
 * Our `config` prints `<redacted>` for secret values (issue 17): a value of ours that differs from
 * compose-go's only where it says `<redacted>` is the same value, redacted.
 */
function hidesOnlySecrets(reference: unknown, ours: unknown): boolean {
  if (typeof ours !== 'string' || !ours.includes(REDACTED) || (typeof reference !== 'string' && typeof reference !== 'number')) return false;
  const pattern = ours.split(REDACTED).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]+');
  return new RegExp(`^${pattern}$`).test(String(reference));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Whether a dotted path matches a pattern: `*` stands for one segment, `**` for any number of
 * segments (none included); other segments match exactly.
 */
export function pathMatches(pattern: string, path: string): boolean {
  const match = (patternParts: readonly string[], pathParts: readonly string[]): boolean => {
    if (patternParts.length === 0) return pathParts.length === 0;
    const [head, ...rest] = patternParts;
    if (head === '**') return pathParts.some((_, index) => match(rest, pathParts.slice(index))) || match(rest, []);
    if (pathParts.length === 0) return false;
    return (head === '*' || head === pathParts[0]) && match(rest, pathParts.slice(1));
  };
  return match(pattern.split('.'), path === '' ? [] : path.split('.'));
}
