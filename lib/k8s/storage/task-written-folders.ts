import type { ComposeProject, Service } from '../../compose/model.ts';
import { commandLine, containerCommand } from '../workload/container-command.ts';
import { runOnceDecision } from '../workload/run-once/run-once-decision.ts';
import { bindsOf } from './mount-index.ts';
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
  /** The other services that mount it, sorted. */
  readonly readers: readonly string[];
}

/**
 * A project folder that a run-once task mounts read-write and writes into (writesInto), and another
 * service mounts too: the task writes there what the others read, as Teleport's `configure` renders teleport.yaml into
 * `./teleport/config` for the server that mounts the same folder (pli01/teleport-deploy's
 * `configure-auth` and `teleport-auth`). Copied into an emptyDir per pod, what the task wrote
 * never reached the server, which found no configuration (until 2026-12-07): such a folder is a
 * claim its files fill once, shared by all who mount it. Undefined for any other folder.
 */
export function taskWrittenFolder(project: ComposeProject, source: string): TaskWrittenFolder | undefined {
  const binds = bindsOf(project, source);
  // The workload the plan chose for each service (run-once-decision.ts), not a second guess.
  const decision = runOnceDecision(project);
  const writers = new Set(
    binds.filter(({ service, mount }) => !mount.readOnly && decision.runsOnce(service.name) && writesInto(project, service, mount.target)).map(({ service }) => service.name),
  );
  if (writers.size === 0) return undefined;
  const readers = new Set(binds.map(({ service }) => service.name).filter((name) => !writers.has(name)));
  if (readers.size === 0) return undefined;
  const sorted = (names: Set<string>) => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { writers: sorted(writers), readers: sorted(readers) };
}
