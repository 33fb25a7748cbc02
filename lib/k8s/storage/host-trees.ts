/**
 * Host trees: a folder compose binds and every bound folder below it are one set of files on the
 * host (the downloader's `${DATA}/torrents` is the library's `${DATA}` folder `torrents`), so they
 * are one claim, rooted at the outermost bound folder, and a nested mount shows its folder of it by
 * subPath. Separate claims would leave each service an unrelated, empty disk.
 */
import type { ComposeProject } from '../../compose/model.ts';
import { podHostOf } from '../workload/shared-pods.ts';
import { isClaimData } from './host-data.ts';
import { bindsOf, boundSources, servicesBindingSource } from './mount-index.ts';

export interface HostTree {
  /** The outermost bound folder: what the claim holds. */
  readonly root: string;
  /** How many bound folders the tree holds: 1 when none is bound below the root. */
  readonly folders: number;
  /** Compose names of the services binding a folder of the tree as data, counted as servicesBindingSource does, sorted. */
  readonly users: readonly string[];
}

/** A bound folder's tree, and where the folder lies in it. */
export interface TreeFolder extends HostTree {
  /** The folder below the root, undefined for the root itself. */
  readonly subPath?: string;
}

const treeIndexes = new WeakMap<ComposeProject, ReadonlyMap<string, HostTree>>();

/** Built once per project: each folder bound as claim data → its tree. */
function treeIndex(project: ComposeProject): ReadonlyMap<string, HostTree> {
  const known = treeIndexes.get(project);
  if (known) return known;
  const members = boundSources(project).filter((source) => bindsOf(project, source).some(({ service, mount }) => isClaimData(project, service, mount)));
  const memberSet = new Set(members);
  // The first bound folder on the way down from `/` is the outermost.
  const rootOf = (source: string): string => {
    for (let slash = source.indexOf('/', 1); slash > 0; slash = source.indexOf('/', slash + 1)) {
      const folder = source.slice(0, slash);
      if (memberSet.has(folder)) return folder;
    }
    return source;
  };
  const roots = new Map<string, { folders: number; users: Set<string> }>();
  for (const source of members) {
    const root = rootOf(source);
    const tree = roots.get(root) ?? { folders: 0, users: new Set<string>() };
    tree.folders += 1;
    for (const { service, mount } of bindsOf(project, source)) if (isClaimData(project, service, mount)) tree.users.add(podHostOf(project, service.name));
    roots.set(root, tree);
  }
  const trees = new Map<string, HostTree>();
  for (const [root, tree] of roots) trees.set(root, { root, folders: tree.folders, users: [...tree.users].sort() });
  const index = new Map<string, HostTree>();
  for (const source of members) {
    const tree = trees.get(rootOf(source));
    if (tree) index.set(source, tree);
  }
  treeIndexes.set(project, index);
  return index;
}

/** The tree `source` belongs to; a path no tree holds (a socket) is a tree of its own. */
export function treeFolderOf(project: ComposeProject, source: string): TreeFolder {
  const tree = treeIndex(project).get(source);
  if (tree === undefined) return { root: source, folders: 1, users: servicesBindingSource(project, source) };
  return tree.root === source ? tree : { ...tree, subPath: source.slice(tree.root.length + 1) };
}

/** The users of each tree: the services of a tree share its claim. */
export function hostTreeUsers(project: ComposeProject): readonly (readonly string[])[] {
  const byRoot = new Map<string, readonly string[]>();
  for (const tree of treeIndex(project).values()) byRoot.set(tree.root, tree.users);
  return [...byRoot.values()];
}
