import { posix } from 'node:path';
import type { ComposeProject, Service } from '../../compose/model.ts';
import type { ImageFacts } from '../../images/facts.ts';
import { commandTokens } from '../workload/container-command.ts';
import { COMMAND_SEARCH_PATH, isBareCommandName } from '../../container-paths.ts';

/** A project file a service's command starts, by its path in the container. */
export interface StartedScript {
  /** Where the container sees it (`/usr/local/bin/proxy-entrypoint.sh`). */
  readonly path: string;
  readonly content: string;
}

/**
 * The text files of the project that the command line (`commandLine`) names by their path in the
 * container: a bind-mounted file, or a file of a bind-mounted folder. Binary files are left out.
 */
export function startedScripts(project: ComposeProject, service: Service, command: string): StartedScript[] {
  const scripts: StartedScript[] = [];
  for (const mount of service.volumes) {
    if (mount.type !== 'bind') continue;
    const host = project.hostFiles[mount.source];
    const root = mount.target.endsWith('/') ? mount.target.slice(0, -1) : mount.target;
    if (host?.kind === 'file' && !host.binary && command.includes(root)) scripts.push({ path: root, content: host.content });
    if (host?.kind !== 'directory') continue;
    for (const [path, file] of Object.entries(host.entries)) {
      if (!file.binary && command.includes(`${root}/${path}`)) scripts.push({ path: `${root}/${path}`, content: file.content });
    }
  }
  return scripts;
}

/**
 * The project's scripts the image copies from its build context and the container's command words
 * run (read at load: ImageFacts.startedScripts), by their path in the image; `./x` is taken in the
 * working directory.
 */
export function imageStartedScripts(service: Service, image: ImageFacts | undefined, words: readonly string[]): StartedScript[] {
  const scripts = image?.startedScripts;
  if (scripts === undefined) return [];
  const workdir = service.workingDir ?? image?.config.workingDir ?? '/';
  const named = new Set<string>();
  for (const token of commandTokens(words)) {
    if (!isBareCommandName(token)) named.add(token.startsWith('./') ? posix.join(workdir, token) : token);
    else {
      // A bare name (`start-container`) is the project's script the PATH finds first, if any.
      const found = COMMAND_SEARCH_PATH.map((directory) => `${directory}/${token}`).find((path) => Object.hasOwn(scripts, path));
      if (found !== undefined) named.add(found);
    }
  }
  return Object.entries(scripts)
    .filter(([path]) => named.has(path))
    .map(([path, content]) => ({ path, content }));
}
