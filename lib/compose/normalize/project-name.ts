import { ComposeError } from '../errors.ts';
import type { SourceLocation } from '../model.ts';

/** compose-go NormalizeProjectName: lowercase, only `[a-z0-9_-]`, not starting with `_` or `-`. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

export interface ProjectNameSources {
  /** `-p` or `COMPOSE_PROJECT_NAME`: set on purpose, so it must already be valid. */
  readonly imperative?: { readonly name: string; readonly from: string };
  /** Top-level `name:` of the last file that sets it. */
  readonly declared?: { readonly name: string; readonly location?: SourceLocation };
  readonly directory: string;
}

/** `-p` > `COMPOSE_PROJECT_NAME` > `name:` > the project directory's name (normalized). */
export function projectName(sources: ProjectNameSources): string {
  const { imperative, declared } = sources;
  const chosen = imperative ?? declared;
  if (!chosen) {
    const name = normalizeProjectName(sources.directory);
    if (name === '') throw new ComposeError(`cannot derive a project name from directory "${sources.directory}"; use -p or name:`);
    return name;
  }
  const where = 'from' in chosen ? chosen.from : 'name';
  const location = 'location' in chosen ? chosen.location : undefined;
  if (chosen.name === '') throw new ComposeError(`project name (${where}) must not be empty`, location, 'name');
  if (normalizeProjectName(chosen.name) !== chosen.name) {
    throw new ComposeError(
      `invalid project name "${chosen.name}" (${where}): must contain only lowercase letters, digits, dashes and underscores, and start with a letter or digit`,
      location,
      'name',
    );
  }
  return chosen.name;
}
