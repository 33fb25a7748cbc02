import { nearestLocation } from '../../compose/locations.ts';
import type { ComposeProject, SourceLocation } from '../../compose/model.ts';

/** Where a dotted key of the project was written, or its nearest enclosing key (see nearestLocation). */
export function locate(project: ComposeProject, key: string): SourceLocation | undefined {
  return nearestLocation(project.locations, key);
}
