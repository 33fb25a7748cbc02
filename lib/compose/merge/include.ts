import path from 'node:path';
import { ComposeError, locateError } from '../errors.ts';
import { applyExtends } from './extends.ts';
import type { ComposeFileReader } from '../read/files.ts';
import { mergeTrees } from './merge.ts';
import { parseDotenv } from '../interpolation/dotenv.ts';
import { readInputText } from '../read/input-files.ts';
import type { Diagnostic } from '../model.ts';
import { copyMapping, rebaseDocument } from './rebase.ts';
import { isMapping, newMapping, originOf, type Mapping, type Tree } from '../read/tree.ts';

/** A git or OCI address (`https://…repo.git#ref:file`, `git@…`, `oci://…`), as docker compose reads them in `include`. */
const REMOTE_RESOURCE = /^([a-z][a-z0-9+.-]*:\/\/|git@)/i;

const SECTIONS = ['services', 'jobs', 'networks', 'volumes', 'secrets', 'configs'] as const;

/**
 * The top-level keys an included file brings into the project: its resources. Its `name`, `version`
 * and `x-*` extensions stay its own, as compose-go imports only resources from an included project:
 * coleam00/local-ai-packaged includes supabase's compose file, which says `name: supabase`, and the
 * whole stack took that name (its Namespace, images and volumes), where docker compose keeps the
 * including project's (rw19wb).
 */
const INCLUDED_KEYS: ReadonlySet<string> = new Set([...SECTIONS, 'models']);

/**
 * The included document's resources alone (see INCLUDED_KEYS). Its `name` and extensions (an
 * `x-kubernetes` among them) are said once each where the included file writes them, so that options
 * written there are not lost silently; `version`, obsolete, is not.
 */
function resourcesOf(document: Mapping, warnings: Diagnostic[]): Mapping {
  const resources = copyMapping(document);
  for (const key of Object.keys(resources)) {
    if (INCLUDED_KEYS.has(key)) continue;
    if (key === 'name' || key.startsWith('x-')) {
      const location = originOf(document, key)?.location;
      warnings.push({ message: `${key}: not read from an included file, which brings its ${[...INCLUDED_KEYS].join(', ')} alone (as compose includes it): write it in the including file`, key, ...(location ? { location } : {}) });
    }
    delete resources[key];
  }
  return resources;
}

/** How deeply includes may nest: enough for any real project, and far below the stack's limit. */
export const MAX_INCLUDE_DEPTH = 64;

/**
 * Resolves a file's top-level `include:`: each included file (itself with includes and extends
 * resolved) is read with its relative paths rebased from its project directory onto `anchor`, the
 * directory the including file's relative paths resolve against; the included documents are
 * merged, then the including file's own content on top. A resource defined
 * both by an included file and elsewhere is an error, as in compose. Included files are
 * interpolated with the project's variables, then their entry's `env_file` for names still unset.
 */
export function applyIncludes(tree: Mapping, file: string, reader: ComposeFileReader, warnings: Diagnostic[], anchor: string, chain: readonly string[] = []): Mapping {
  const include = tree['include'];
  if (include === undefined || include === null) return tree;
  const where = (key: string | number, owner: object = tree): ComposeError['location'] => originOf(owner, key)?.location;
  if (!Array.isArray(include)) throw new ComposeError('include: must be a list', where('include'), 'include');
  let included: Mapping = newMapping();
  const owners = new Map<string, string>();
  include.forEach((entry, index) => {
    const key = `include.${index}`;
    const spec = typeof entry === 'string' ? { path: entry } : isMapping(entry) ? entry : undefined;
    const paths = spec ? [spec['path']].flat() : [];
    if (paths.length === 0 || paths.some((item) => typeof item !== 'string')) {
      throw new ComposeError(`${key}: must be a file path or a mapping with path`, where(index, include), key);
    }
    // docker compose fetches git and OCI includes itself; the converter reads local files only.
    const remote = (paths as string[]).find((item) => REMOTE_RESOURCE.test(item));
    if (remote !== undefined) {
      throw new ComposeError(`${key}: ${remote} is a remote resource, which is not fetched: download it and include it by its path`, where(index, include), key);
    }
    const files = (paths as string[]).map((item) => path.resolve(path.dirname(file), item));
    const projectDirectory = typeof spec?.['project_directory'] === 'string' ? path.resolve(path.dirname(file), spec['project_directory']) : path.dirname(files[0] ?? file);
    const includeReader = spec?.['env_file'] === undefined ? reader : withEnvFiles(reader, spec['env_file'], path.dirname(file), () => where(index, include), key);
    let document: Mapping = newMapping();
    for (const includedFile of files) {
      if (includedFile === file || chain.includes(includedFile)) {
        throw new ComposeError(`${key}: include cycle: ${[...chain, file, includedFile].join(' -> ')}`, where(index, include), key);
      }
      if (chain.length >= MAX_INCLUDE_DEPTH) {
        throw new ComposeError(`${key}: includes nested more than ${MAX_INCLUDE_DEPTH} levels deep`, where(index, include), key);
      }
      let includedTree: Mapping;
      try {
        includedTree = includeReader.read(includedFile);
      } catch (error) {
        throw locateError(error, where(index, include), key);
      }
      const inner = applyIncludes(includedTree, includedFile, includeReader, warnings, projectDirectory, [...chain, file]);
      applyExtends(inner, includedFile, includeReader, projectDirectory);
      document = (mergeTrees(document, rebaseDocument(resourcesOf(inner, warnings), projectDirectory, anchor)) as Mapping | undefined) ?? newMapping();
    }
    checkConflicts(document, owners, files[0] ?? '', () => where(index, include), key);
    included = (mergeTrees(included, document) as Mapping | undefined) ?? newMapping();
  });
  const own = copyMapping(tree);
  delete own['include'];
  for (const section of SECTIONS) {
    const entries = own[section];
    if (!isMapping(entries)) continue;
    for (const name of Object.keys(entries)) {
      const from = owners.get(`${section}.${name}`);
      if (from) {
        const key = `${section}.${name}`;
        throw new ComposeError(`${key}: conflicts with the ${section.slice(0, -1)} of the same name included from ${from}`, where(name, entries), key);
      }
    }
  }
  return (mergeTrees(included, own) as Mapping | undefined) ?? newMapping();
}

function checkConflicts(document: Mapping, owners: Map<string, string>, file: string, where: () => ComposeError['location'], key: string): void {
  for (const section of SECTIONS) {
    const entries = document[section];
    if (!isMapping(entries)) continue;
    for (const name of Object.keys(entries)) {
      const id = `${section}.${name}`;
      const previous = owners.get(id);
      if (previous) throw new ComposeError(`${key}: ${id} from ${file} conflicts with the one included from ${previous}`, where(), key);
      owners.set(id, file);
    }
  }
}

function withEnvFiles(reader: ComposeFileReader, envFile: Tree, directory: string, where: () => ComposeError['location'], key: string): ComposeFileReader {
  const files = [envFile].flat();
  if (files.some((item) => typeof item !== 'string')) throw new ComposeError(`${key}.env_file: must be a file path or a list of them`, where(), `${key}.env_file`);
  const values = new Map<string, string>();
  for (const item of files as string[]) {
    const envFilePath = path.resolve(directory, item);
    try {
      const within = reader.boundary === undefined ? {} : { within: reader.boundary };
      for (const [name, value] of parseDotenv(readInputText(envFilePath, 'env file', within), envFilePath, (name) => reader.lookup(name) ?? values.get(name))) values.set(name, value);
    } catch (error) {
      throw locateError(error, where(), `${key}.env_file`);
    }
  }
  return reader.withLookup((name) => reader.lookup(name) ?? values.get(name));
}
