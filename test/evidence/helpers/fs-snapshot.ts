/** Byte-exact pictures of directory trees, to prove that a failed run changed nothing. */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Relative path → sha256 of the content (directories end in `/`), sorted. */
export function snapshotTree(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      const name = relative(root, path);
      if (entry.isDirectory()) {
        entries[`${name}/`] = 'dir';
        walk(path);
      } else {
        entries[name] = createHash('sha256').update(readFileSync(path)).digest('hex');
      }
    }
  };
  walk(root);
  return entries;
}

/**
 * An output folder as a previous successful run left it, plus a file the user put there:
 * neither may change when a later run fails.
 */
export function prefillOutput(dir: string, projectName: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${projectName}.k8s.yaml`), `# previous output of ${projectName}\nkind: ConfigMap\n`);
  writeFileSync(join(dir, 'SENTINEL'), 'written by the user, never touched by cdk8s-compose\n');
}
