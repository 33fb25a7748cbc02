/**
 * The stacks of ../shared/corpus as the CLI sees them: each folder with its `args` (realworld) or
 * its compose file, loaded with exactly the options `cdk8s-compose convert` would build from those
 * arguments, in an empty environment.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '../../lib/compose/load.ts';
import type { ComposeProject } from '../../lib/compose/model.ts';
import { loadOptionsFrom, parseCommandArgs } from '../../lib/cli/project-args.ts';
import { projectArgs } from '../../tools/cluster/units.ts';
import { sharedDir } from './k8s.ts';

export interface CorpusStack {
  /** `realworld/immich-app__immich` */
  readonly id: string;
  readonly dir: string;
  readonly args: readonly string[];
}

export const corpusRoot = join(sharedDir, 'corpus');

/** Every stack of the named collections, sorted; none when ../shared is absent. */
export function corpusStacks(collections: readonly ('realworld' | 'awesome-compose')[]): CorpusStack[] {
  return collections.flatMap((collection) => {
    const root = join(corpusRoot, collection);
    if (!existsSync(root)) return [];
    return readdirSync(root).sort().flatMap((name) => {
      const dir = join(root, name);
      const args = statSync(dir).isDirectory() ? projectArgs(dir) : undefined;
      return args ? [{ id: `${collection}/${name}`, dir, args }] : [];
    });
  });
}

/** The stack's project, loaded as `convert` loads it. */
export function loadStack(stack: CorpusStack): ComposeProject {
  const io = { stdout: () => {}, stderr: () => {}, cwd: stack.dir, env: {} };
  return loadProject(loadOptionsFrom(parseCommandArgs(stack.args, {}), io));
}
