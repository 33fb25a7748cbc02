import { canonicalizeFile } from './canonical.ts';
import { readText } from './environment.ts';
import { interpolateTree } from './interpolate-tree.ts';
import type { Lookup } from './interpolation.ts';
import type { Diagnostic } from './model.ts';
import type { Mapping } from './tree.ts';
import { parseComposeYaml } from './yaml-file.ts';

/**
 * Reads Compose files once each: parse, interpolate, canonicalize. Files reached through
 * `extends` share the cache, so a base file used by many services is parsed once.
 */
export class ComposeFileReader {
  private readonly cache = new Map<string, Mapping>();

  constructor(
    readonly lookup: Lookup,
    private readonly warnings: Diagnostic[],
  ) {}

  /** A reader with other variables (an included project's `env_file`), and its own cache. */
  withLookup(lookup: Lookup): ComposeFileReader {
    return new ComposeFileReader(lookup, this.warnings);
  }

  /** `file` is absolute. The returned tree is shared: callers must not modify it. */
  read(file: string): Mapping {
    const cached = this.cache.get(file);
    if (cached) return cached;
    const tree = parseComposeYaml(readText(file, 'compose file'), file);
    interpolateTree(tree, this.lookup, this.warnings);
    canonicalizeFile(tree);
    this.cache.set(file, tree);
    return tree;
  }
}
