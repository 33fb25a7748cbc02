/**
 * Where a build puts files of its build context: the destinations of the COPY and ADD instructions
 * (without `--from`) of the target stage and of the stages it is built from (FROM, or COPY --from:
 * a production stage that copies a build stage's output is built from the code the build stage
 * copied). This is the evidence that the image carries the project's code at a path, which decides
 * whether a bind mount there is a live-reload copy of it (bind-kinds.ts).
 */
import path from 'node:path';
import type { ParsedDockerfile } from './parse.ts';
import { scriptCommands } from './words.ts';

/** One COPY or ADD of build-context files: where it puts them, and the sources as written. */
export interface ContextCopy {
  readonly destination: string;
  /** The context paths it copies (`.`, `src/`, `package*.json`), relative to the context. */
  readonly sources: readonly string[];
}

interface StageCopies {
  readonly name?: string;
  /** The stage it is built FROM, when that is an earlier stage. */
  readonly parent?: StageCopies;
  /** The earlier stages it is built from: its FROM, and those it copies files from. */
  readonly sources: readonly StageCopies[];
  readonly copies: readonly ContextCopy[];
  /** Where its COPY and ADD put files, from the context or another stage (not its parent's). */
  readonly placed: readonly string[];
  /** Undefined once a WORKDIR names a variable, which is not evaluated here. */
  readonly workdir: string | undefined;
}

/**
 * The copies of build-context files the target stage (`target`, else the last) holds, with their
 * sources and absolute destinations. A destination written with a variable is not evaluated and so
 * not listed: no evidence rather than a guess.
 */
export function contextCopies(parsed: ParsedDockerfile, target?: string): readonly ContextCopy[] {
  const wanted = targetStage(stagesOf(parsed), target);
  const copies: ContextCopy[] = [];
  // A list, not recursion: a Dockerfile of many chained stages must not overflow the stack.
  const seen = new Set<StageCopies>();
  const pending = wanted ? [wanted] : [];
  for (let stage = pending.pop(); stage !== undefined; stage = pending.pop()) {
    if (seen.has(stage)) continue;
    seen.add(stage);
    for (const copy of stage.copies) copies.push(copy);
    for (const source of stage.sources) pending.push(source);
  }
  return copies;
}

/**
 * The copies of build-context files that are at their destination in the target stage's own file
 * system: those of the stage and of the stages it is built FROM, earliest first, so that a later
 * copy to a path replaces an earlier one as Docker's does. A stage it only copies files from (COPY
 * --from) keeps its copies at its own paths: getodk/central's nginx image copies its built client
 * from a stage that ran `COPY ./ ./`, which put no context file at the final image's /scripts/.
 */
export function ownContextCopies(parsed: ParsedDockerfile, target?: string): readonly ContextCopy[] {
  const lineage: StageCopies[] = [];
  for (let stage = targetStage(stagesOf(parsed), target); stage !== undefined; stage = stage.parent) lineage.unshift(stage);
  return lineage.flatMap((stage) => stage.copies);
}

/**
 * Where the image (the target stage, else the last) has files that its Dockerfile put there: the
 * destinations of every COPY and ADD of the stage and of the stages it is built FROM, from the
 * context or from another stage (`COPY --from=generator /tmp/certs/roach-0/* /certs/roach-0/`, the
 * certificates dbist/cockroach-docker's roach-cert image carries for the nodes). A volume mounted
 * there is filled with them by Docker.
 */
export function placedFiles(parsed: ParsedDockerfile, target?: string): readonly string[] {
  const placed: string[] = [];
  for (let stage = targetStage(stagesOf(parsed), target); stage !== undefined; stage = stage.parent) placed.push(...stage.placed);
  return placed;
}

function targetStage(stages: readonly StageCopies[], target: string | undefined): StageCopies | undefined {
  return target === undefined ? stages[stages.length - 1] : stages.find((stage) => stage.name === target.toLowerCase());
}

function stagesOf(parsed: ParsedDockerfile): StageCopies[] {
  const stages: StageCopies[] = [];
  let current: { name?: string; parent?: StageCopies; sources: StageCopies[]; copies: ContextCopy[]; placed: string[]; workdir: string | undefined } | undefined;
  const stageNamed = (name: string): StageCopies | undefined => stages.find((stage) => stage.name !== undefined && stage.name === name.toLowerCase());
  const close = (): void => {
    if (current) stages.push(current);
  };
  for (const instruction of parsed.instructions) {
    const words = instruction.json ?? instruction.text.trim().split(/\s+/);
    if (instruction.keyword === 'FROM') {
      close();
      const [image = '', as, name] = words.filter((word) => !word.startsWith('--'));
      const parent = stageNamed(image);
      current = {
        ...(as?.toLowerCase() === 'as' && name ? { name: name.toLowerCase() } : {}),
        ...(parent ? { parent } : {}),
        sources: parent ? [parent] : [],
        copies: [],
        placed: [],
        workdir: parent ? parent.workdir : '/',
      };
      continue;
    }
    if (!current) continue;
    if (instruction.keyword === 'WORKDIR') {
      current.workdir = within(current.workdir, instruction.text.trim());
      continue;
    }
    if (instruction.keyword === 'RUN') {
      for (const script of [instruction.json ? '' : instruction.text, ...instruction.heredocs.map((heredoc) => heredoc.body)]) current.placed.push(...runCopyDestinations(script, current.workdir));
      continue;
    }
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    const destination = words[words.length - 1];
    const absolute = words.length >= 2 && destination !== undefined ? within(current.workdir, destination) : undefined;
    if (absolute !== undefined) current.placed.push(absolute);
    if (instruction.keyword === 'COPY' && instruction.flags['from'] !== undefined) {
      const source = stageNamed(instruction.flags['from']);
      if (source) current.sources.push(source);
    } else if (instruction.flags['from'] === undefined && instruction.heredocs.length === 0 && absolute !== undefined) {
      current.copies.push({ destination: absolute, sources: words.slice(0, -1) });
    }
  }
  close();
  return stages;
}

/** The tools whose last operand (or `-t DIR`) is where they put files. */
const COPY_TOOLS: ReadonlySet<string> = new Set(['cp', 'mv']);
const VARIABLE = '\u0000';

/**
 * Where a RUN script copies or moves files (`cp -r resources /assets/`, `mv build /srv/www`): the
 * destination of each `cp` and `mv`, absolute or relative to the stage's WORKDIR (until a `cd`, after
 * which a relative one is not known). Ninjaclasher/dmoj-docker's static image fills /assets with `RUN
 * cp`, the folder its `assets` volume is mounted at and nginx serves from: Docker filled the new
 * volume with them, Kubernetes' claim stayed empty (until 2026-12-07). A destination written with a
 * variable is not evaluated: no evidence rather than a guess.
 */
function runCopyDestinations(script: string, workdir: string | undefined): string[] {
  const destinations: string[] = [];
  let directory = workdir;
  // Variables are left unexpanded (marked), so that a destination naming one is not read as a path.
  for (const command of scriptCommands(script.replace(/\$/g, VARIABLE), new Map(), '\\')) {
    const at = command.findIndex((word) => !/^\w+=/.test(word) && word !== 'sudo');
    const tool = at < 0 ? undefined : command[at]!.split('/').pop();
    if (tool === 'cd') directory = undefined;
    if (tool === undefined || !COPY_TOOLS.has(tool)) continue;
    const operands: string[] = [];
    let target: string | undefined;
    const words = command.slice(at + 1);
    for (let index = 0; index < words.length; index++) {
      const word = words[index]!;
      if (word === '-t' || word === '--target-directory') target = words[++index];
      else if (word.startsWith('--target-directory=')) target = word.slice('--target-directory='.length);
      else if (!word.startsWith('-') || word === '-') operands.push(word);
    }
    const destination = target ?? (operands.length >= 2 ? operands[operands.length - 1] : undefined);
    const absolute = destination === undefined || destination.includes(VARIABLE) || /[*?[\]]/.test(destination) ? undefined : within(directory, destination);
    if (absolute !== undefined) destinations.push(absolute);
  }
  return destinations;
}

/** `relative` resolved against `directory`; undefined when either is unknown (a variable). */
function within(directory: string | undefined, relative: string): string | undefined {
  if (relative.includes('$')) return undefined;
  if (relative.startsWith('/')) return path.posix.resolve(relative);
  return directory === undefined ? undefined : path.posix.resolve(directory, relative);
}
