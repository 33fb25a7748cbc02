import type { BindMount, ComposeProject, Service } from '../../compose/model.ts';
import { isBelow, withoutTrailingSlash } from '../../container-paths.ts';
import { commandLine, containerCommand } from '../workload/container-command.ts';
import { runOnceDecision } from '../workload/run-once/run-once-decision.ts';
import { bindsOf, boundSources } from './mount-index.ts';
import { outputFlagPaths } from './output-flags.ts';
import { imageStartedScripts, startedScripts } from './started-scripts.ts';

/**
 * Whether the service's command, a script of the project it starts, or one its image starts (read
 * at load: jeboehm's `ssl` builds create_tls.sh into its image), writes a file below `target` by a
 * redirection (`> /etc/teleport/teleport.yaml`, `>>`), `tee` or an output flag (prysmctl's
 * `--geth-genesis-json-out=/execution/genesis.json`): a task that only runs scripts from
 * the folder (superset's `superset-init` runs /app/docker/docker-init.sh) writes nothing there for
 * the others.
 */
function writesInto(project: ComposeProject, service: Service, target: string): boolean {
  const folder = target.endsWith('/') ? target.slice(0, -1) : target;
  const command = commandLine(service);
  const image = runOnceDecision(project).image(service.name);
  const scripts = [...startedScripts(project, service, command), ...imageStartedScripts(service, image, containerCommand({ service, image }).words)];
  return [command, ...scripts.map((script) => script.content)].some((text) => writesBelow(text, folder));
}

/** A redirection, `tee` or output flag (output-flags.ts) whose file lies below `folder`. */
function writesBelow(text: string, folder: string): boolean {
  const below = (path: string): boolean => path === folder || path.startsWith(`${folder}/`);
  for (const match of text.matchAll(WRITE_TARGET)) if (below(match[1]!)) return true;
  return outputFlagPaths([text]).some(below);
}

/** The path a redirection (`>`, `>>`, `2>`) or `tee [-a]` writes. */
const WRITE_TARGET = /(?:\d?>>?|\btee(?:[ \t]+-a)?)[ \t]*["']?(\/[^\s"';|&)]*)/g;

/** Who writes and who reads a project folder that a run-once task renders for others. */
export interface TaskWrittenFolder {
  /** The run-once tasks that mount it read-write, sorted. */
  readonly writers: readonly string[];
  /** The other services that mount it, or a file of it that a writer writes (taskWrittenFile), sorted. */
  readonly readers: readonly string[];
}

/**
 * A project folder that a run-once task mounts read-write and writes into (writesInto), and another
 * service mounts too: the task writes there what the others read, as Teleport's `configure` renders teleport.yaml into
 * `./teleport/config` for the server that mounts the same folder (pli01/teleport-deploy's
 * `configure-auth` and `teleport-auth`). Copied into an emptyDir per pod, what the task wrote
 * never reached the server, which found no configuration (until 2026-12-07): such a folder is a
 * claim its files fill once, shared by all who mount it. A service that binds, on its own, a file
 * of the folder that the task writes, and waits for the task, reads it too (taskWrittenFile).
 * Undefined for any other folder.
 */
export function taskWrittenFolder(project: ComposeProject, source: string): TaskWrittenFolder | undefined {
  const binds = bindsOf(project, source);
  // The workload the plan chose for each service (run-once-decision.ts), not a second guess.
  const decision = runOnceDecision(project);
  const writing = binds.filter(({ service, mount }) => !mount.readOnly && decision.runsOnce(service.name) && writesInto(project, service, mount.target));
  const writers = new Set(writing.map(({ service }) => service.name));
  if (writers.size === 0) return undefined;
  const readers = new Set(binds.map(({ service }) => service.name).filter((name) => !writers.has(name)));
  for (const file of boundSources(project)) {
    if (project.hostFiles[file]?.kind !== 'file' || !isBelow(file, source)) continue;
    for (const reader of fileReaders(project, file, source, writing)) readers.add(reader);
  }
  if (readers.size === 0) return undefined;
  return { writers: sorted(writers), readers: sorted(readers) };
}

/** The tasks that write the project file `file` of the folder they bind (`writing`), and the services binding the file alone that wait for one of them. */
function fileReaders(project: ComposeProject, file: string, folder: string, writing: readonly { readonly service: Service; readonly mount: BindMount }[]): string[] {
  const writers = writing.filter(({ service, mount }) => writesInto(project, service, `${withoutTrailingSlash(mount.target)}${file.slice(folder.length)}`)).map(({ service }) => service.name);
  if (writers.length === 0) return [];
  return bindsOf(project, file)
    .filter(({ service }) => !writers.includes(service.name) && writers.some((writer) => service.dependsOn[writer] !== undefined))
    .map(({ service }) => service.name);
}

/**
 * A project file bound on its own by a service that waits for a run-once task which writes that
 * file into a folder it binds: prysmctl's `--geth-genesis-json-out=/execution/genesis.json` into
 * `./execution`, read as `./execution/genesis.json:/genesis.json`. On the host it is the task's file;
 * shipped as a ConfigMap of the project's copy, the reader got the stale one (until 2026-12-07):
 * it is read from the folder's claim. The folder and its writers; undefined for any other file or reader.
 */
export function taskWrittenFile(project: ComposeProject, service: Service, source: string): { readonly folder: string; readonly writers: readonly string[] } | undefined {
  for (let slash = source.lastIndexOf('/'); slash > 0; slash = source.lastIndexOf('/', slash - 1)) {
    const folder = source.slice(0, slash);
    const binds = bindsOf(project, folder);
    if (binds.length === 0) continue;
    const decision = runOnceDecision(project);
    const writing = binds.filter(({ service: writer, mount }) => !mount.readOnly && decision.runsOnce(writer.name) && writesInto(project, writer, mount.target));
    if (!fileReaders(project, source, folder, writing).includes(service.name)) continue;
    const writers = writing.filter(({ service: writer }) => service.dependsOn[writer.name] !== undefined).map(({ service: writer }) => writer.name);
    return { folder, writers: sorted(new Set(writers)) };
  }
  return undefined;
}

const sorted = (names: Iterable<string>): string[] => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
