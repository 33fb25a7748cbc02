import { promoteExtensionAliases } from '../merge/extension-aliases.ts';
import { canonicalizeFile } from '../merge/canonical.ts';
import { readInput } from './input-files.ts';
import { interpolateTree } from '../interpolation/interpolate-tree.ts';
import type { Lookup } from '../interpolation/interpolation.ts';
import type { Diagnostic } from '../model.ts';
import type { Mapping } from './tree.ts';
import { parseComposeYaml } from './yaml-file.ts';
import { yamlText } from './yaml-text.ts';

/**
 * Reads Compose files once each: parse, interpolate, canonicalize. Files reached through
 * `extends` share the cache, so a base file used by many services is parsed once.
 */
export class ComposeFileReader {
  private readonly cache = new Map<string, Mapping>();

  constructor(
    readonly lookup: Lookup,
    private readonly warnings: Diagnostic[],
    /** Files a compose file names (`include`, `extends.file`, `env_file`) must lie in it (`inputBoundary`). @default anywhere */
    readonly boundary?: string,
    /** `-f -`: the compose file read from standard input, under the path `-` resolves to. */
    private readonly standardInput?: { readonly file: string; readonly content: string | Uint8Array },
    /** Shared with the readers made by withLookup, so that it answers for all files read. */
    private readonly substitutions = { any: false },
  ) {}

  /** A reader with other variables (an included project's `env_file`), and its own cache. */
  withLookup(lookup: Lookup): ComposeFileReader {
    return new ComposeFileReader(lookup, this.warnings, this.boundary, this.standardInput, this.substitutions);
  }

  /**
   * Whether a variable was substituted into any value of the files read so far (by this reader or
   * those withLookup made): without one, no origin records variables and nobody need look for them.
   */
  get substitutedVariables(): boolean {
    return this.substitutions.any;
  }

  /**
   * `file` is absolute. The returned tree is shared: callers must not modify it. `named` files
   * come from the command line or COMPOSE_FILE, so they need not lie in the project directory.
   */
  read(file: string, named = false): Mapping {
    const cached = this.cache.get(file);
    if (cached) return cached;
    const within = named ? undefined : this.boundary;
    const content = this.standardInput?.file === file ? this.standardInput.content : readInput(file, 'compose file', within === undefined ? { descriptor: true } : { within });
    const tree = parseComposeYaml(yamlText(content, file), file);
    if (interpolateTree(tree, this.lookup, this.warnings)) this.substitutions.any = true;
    promoteExtensionAliases(tree);
    canonicalizeFile(tree);
    this.cache.set(file, tree);
    return tree;
  }
}
