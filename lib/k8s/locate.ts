import type { ComposeProject, SourceLocation } from '../compose/model.ts';

/**
 * Where a dotted key was written; falls back to the nearest enclosing key that has a location,
 * so that keys the loader did not record (defaults, derived values) still point somewhere useful.
 */
export function locate(project: ComposeProject, key: string): SourceLocation | undefined {
  const parts = key.split('.');
  while (parts.length > 0) {
    const found = project.locations[parts.join('.')];
    if (found) return found;
    parts.pop();
  }
  return undefined;
}
