/**
 * Where a build puts files of its build context: the destinations of the COPY and ADD instructions
 * (without `--from`) of the target stage and of the stages it is built FROM. This is the evidence
 * that the image carries the project's code at a path, which decides whether a bind mount there is
 * a live-reload copy of it (bind-kinds.ts).
 */
import path from 'node:path';
import type { ParsedDockerfile } from './parse.ts';

interface StageCopies {
  readonly name?: string;
  /** The stage it is built FROM, when that is an earlier stage. */
  readonly parent?: StageCopies;
  readonly destinations: readonly string[];
  /** Undefined once a WORKDIR names a variable, which is not evaluated here. */
  readonly workdir: string | undefined;
}

/**
 * Absolute destinations of the context files the target stage (`target`, else the last) holds.
 * A destination written with a variable is not evaluated and so not listed: no evidence rather
 * than a guess.
 */
export function contextCopyDestinations(parsed: ParsedDockerfile, target?: string): readonly string[] {
  const stages: StageCopies[] = [];
  let current: { name?: string; parent?: StageCopies; destinations: string[]; workdir: string | undefined } | undefined;
  const close = (): void => {
    if (current) stages.push(current);
  };
  for (const instruction of parsed.instructions) {
    const words = instruction.json ?? instruction.text.trim().split(/\s+/);
    if (instruction.keyword === 'FROM') {
      close();
      const [image = '', as, name] = words.filter((word) => !word.startsWith('--'));
      const parent = stages.find((stage) => stage.name !== undefined && stage.name === image.toLowerCase());
      current = {
        ...(as?.toLowerCase() === 'as' && name ? { name: name.toLowerCase() } : {}),
        ...(parent ? { parent } : {}),
        destinations: [],
        workdir: parent ? parent.workdir : '/',
      };
    } else if (!current) {
      continue;
    } else if (instruction.keyword === 'WORKDIR') {
      current.workdir = within(current.workdir, instruction.text.trim());
    } else if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && instruction.flags['from'] === undefined && instruction.heredocs.length === 0) {
      const destination = words[words.length - 1];
      const absolute = words.length >= 2 && destination !== undefined ? within(current.workdir, destination) : undefined;
      if (absolute !== undefined) current.destinations.push(absolute);
    }
  }
  close();
  const wanted = target === undefined ? stages[stages.length - 1] : stages.find((stage) => stage.name === target.toLowerCase());
  const destinations: string[] = [];
  for (let stage = wanted; stage !== undefined; stage = stage.parent) destinations.push(...stage.destinations);
  return destinations;
}

/** `relative` resolved against `directory`; undefined when either is unknown (a variable). */
function within(directory: string | undefined, relative: string): string | undefined {
  if (relative.includes('$')) return undefined;
  if (relative.startsWith('/')) return path.posix.resolve(relative);
  return directory === undefined ? undefined : path.posix.resolve(directory, relative);
}
