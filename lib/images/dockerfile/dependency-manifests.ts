/**
 * The files a build copies to install the project's dependencies before (or instead of) its code:
 * `COPY requirements.txt /app/`, `COPY package*.json ./`, `COPY Gemfile Gemfile.lock ./`. A copy of
 * these alone puts the dependency list in the image, not the code: bookwyrm's Dockerfile copies
 * requirements.txt into /app, and its web, celery and flower services get the code from the
 * `.:/app` bind mount, which was dropped as code the image carried, leaving the pods without
 * manage.py (bookwyrm-social/bookwyrm, until 2026-12-07).
 */
import type { ContextCopy } from './copies.ts';

const MANIFEST =
  /^(requirements([\w.-]*\.(txt|in))?|constraints[\w.-]*\.txt|package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|\.yarnrc(\.yml)?|\.npmrc|pnpm-(lock|workspace)\.yaml|bun\.lockb?|Gemfile(\.lock)?|composer\.(json|lock)|go\.(mod|sum)|Cargo\.(toml|lock)|pyproject\.toml|poetry\.lock|Pipfile(\.lock)?|uv\.lock|mix\.(exs|lock)|pom\.xml)$/;

/**
 * Whether a COPY source names a dependency manifest or lock file (or a `requirements` folder). A
 * pattern counts when what it names without its wildcards does (`package*.json`, `requirements*.txt`);
 * any other pattern (`*.json`) may match code, so it does not.
 */
export function isDependencyManifest(source: string): boolean {
  const name = source.replace(/\/+$/, '').split('/').pop() ?? '';
  return MANIFEST.test(name.replace(/[*?]/g, ''));
}

/** A copy whose every source is a dependency manifest: it carries no code of the project. */
export function copiesOnlyDependencyManifests(copy: ContextCopy): boolean {
  return copy.sources.length > 0 && copy.sources.every(isDependencyManifest);
}
