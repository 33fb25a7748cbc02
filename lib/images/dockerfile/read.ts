import path from 'node:path';
import { ComposeError, locateError } from '../../compose/errors.ts';
import type { ComposeProject, Service } from '../../compose/model.ts';
import { readBoundedText } from '../bounded-read.ts';
import type { FactsResult, ImageConfig, ImageFacts } from '../facts.ts';
import { placedFiles } from './copies.ts';
import { evaluateDockerfile, type ProjectBaseImage } from './evaluate.ts';
import { parseDockerfile, type ParsedDockerfile } from './parse.ts';
import { MAX_SCRIPT_BYTES, startedContextFiles } from './started-scripts.ts';

/** A Dockerfile is a recipe, not data: a larger one is a mistake (or a device), never read whole. */
export const MAX_DOCKERFILE_BYTES = 1024 * 1024;

export interface DockerfileFactsOptions {
  /** The config of an external base image, when the lock file has it. */
  readonly baseConfig?: (reference: string) => ImageConfig | undefined;
  /** The facts of the image another service of the project builds, when a stage starts FROM it (project-facts.ts). */
  readonly projectImage?: (reference: string) => ImageFacts | undefined;
}

/**
 * The facts of a service's `build:`: its Dockerfile (`dockerfile_inline`, or `dockerfile` relative
 * to the context, `Dockerfile` by default) evaluated for `target` with `args`. A Dockerfile that is
 * missing, remote, outside the project or too large yields a reason (a warning: convert does not
 * need the build to exist); one that docker would refuse (syntax, unknown target) is a located error.
 */
export function dockerfileFacts(service: Service, project: ComposeProject, options: DockerfileFactsOptions = {}): FactsResult | undefined {
  const build = service.build;
  if (!build) return undefined;
  const key = `services.${service.name}.build`;
  const location = project.locations[key] ?? service.location;
  const source = dockerfileSource(service, project);
  if ('reason' in source) return { reason: source.reason, location };
  const platform = service.platform?.startsWith('linux/') ? service.platform : undefined;
  try {
    const parsed = parseDockerfile(source.text, source.file);
    const evaluated = evaluateDockerfile(parsed, {
      args: build.args,
      ...(build.target ? { target: build.target } : {}),
      ...(platform ? { platform } : {}),
      ...(options.baseConfig ? { baseConfig: options.baseConfig } : {}),
      ...(options.projectImage ? { projectImage: projectBaseImage(options.projectImage) } : {}),
    });
    // What the project's base build put in the image is in this one too, and so are its scripts.
    const base = evaluated.projectBase === undefined ? undefined : options.projectImage?.(evaluated.projectBase);
    const rootServers = evaluated.rootServers.length > 0 ? { installsRootServers: evaluated.rootServers } : {};
    const own = startedScripts(parsed, evaluated.config, service, project).startedScripts;
    const inherited = { ...base?.startedScripts, ...own };
    const scripts = Object.keys(inherited).length > 0 ? { startedScripts: inherited } : {};
    const placed = [...new Set([...(base?.placedFiles ?? []), ...placedFiles(parsed, build.target)])].sort();
    const files = placed.length > 0 ? { placedFiles: placed } : {};
    return { facts: { config: evaluated.config, source: 'dockerfile', complete: evaluated.baseKnown, baseImage: evaluated.baseImage, ...rootServers, ...scripts, ...files, file: source.file } };
  } catch (error) {
    // An unknown target is the compose key's fault; say both where and why.
    if (error instanceof ComposeError && build.target && error.message.startsWith('target stage')) {
      throw new ComposeError(`${error.message} (${source.file})`, project.locations[`${key}.target`] ?? location, `${key}.target`);
    }
    throw locateError(error, location, key);
  }
}

function projectBaseImage(facts: (reference: string) => ImageFacts | undefined): (reference: string) => ProjectBaseImage | undefined {
  return (reference) => {
    const base = facts(reference);
    return base === undefined ? undefined : { config: base.config, baseImage: base.baseImage ?? 'scratch', baseKnown: base.complete, rootServers: base.installsRootServers ?? [] };
  };
}

/**
 * The build-context scripts the image starts (started-scripts.ts), read inside the project; one
 * that is missing, too large or binary is left out (no evidence rather than a guess).
 */
function startedScripts(parsed: ParsedDockerfile, config: ImageConfig, service: Service, project: ComposeProject): { startedScripts?: Record<string, string> } {
  const context = service.build?.context;
  if (context === undefined || !path.isAbsolute(context)) return {};
  const roots = [project.workingDir, ...project.composeFiles.map((composeFile) => path.dirname(composeFile))];
  const scripts: Record<string, string> = {};
  // What compose runs instead (`command: ./generate-secrets.sh`, getodk/central's secrets) may start one too.
  const run: ImageConfig = {
    ...config,
    ...(service.entrypoint === undefined ? {} : { entrypoint: service.entrypoint, cmd: [] }),
    ...(service.command === undefined ? {} : { cmd: service.command }),
    ...(service.workingDir === undefined ? {} : { workingDir: service.workingDir }),
  };
  const files = new Map([...startedContextFiles(parsed, config, service.build?.target), ...startedContextFiles(parsed, run, service.build?.target)]);
  for (const [image, file] of files) {
    const read = readBoundedText(path.resolve(context, file), roots, MAX_SCRIPT_BYTES);
    if (read.ok && !read.text.includes('\u0000')) scripts[image] = read.text;
  }
  return Object.keys(scripts).length > 0 ? { startedScripts: scripts } : {};
}

export type Source = { readonly text: string; readonly file: string } | { readonly reason: string };

/** The text and path of a service's Dockerfile, or why it is not read. */
export function dockerfileSource(service: Service, project: ComposeProject): Source {
  const build = service.build!;
  // The model has no field for it yet; the resolved mapping keeps it, interpolated.
  const rawBuild = service.raw['build'];
  const inline = typeof rawBuild === 'object' && rawBuild !== null ? (rawBuild as Record<string, unknown>)['dockerfile_inline'] : undefined;
  if (typeof inline === 'string') {
    const where = project.locations[`services.${service.name}.build.dockerfile_inline`]?.file ?? service.location.file;
    return { text: inline, file: `${where}#services.${service.name}.build.dockerfile_inline` };
  }
  if (!path.isAbsolute(build.context)) return { reason: `the build context ${build.context} is remote; its Dockerfile is not read` };
  const file = path.resolve(build.context, build.dockerfile ?? 'Dockerfile');
  // Where the other files the project names may lie: wallabag/docker's tests/docker-compose.*.yml
  // build `context: ../`, the repository root the command runs in, whose Dockerfile (no USER, on
  // Alpine) went unread, so the image ran as the default uid 1000 (until 2026-12-07).
  const roots = [project.inputBoundary ?? project.workingDir, ...project.composeFiles.map((composeFile) => path.dirname(composeFile))];
  const read = readBoundedText(file, roots, MAX_DOCKERFILE_BYTES);
  if (!read.ok) return { reason: `Dockerfile ${file} ${read.reason}` };
  return { text: read.text, file };
}
