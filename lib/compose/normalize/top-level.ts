import path from 'node:path';
import { ComposeError } from '../errors.ts';
import { inspectInput, isInside, MAX_PAYLOAD_BYTES, readInspected, type InputPath } from '../read/input-files.ts';
import type { FileObject, Network, Volume } from '../model.ts';
import { isMapping, type Mapping, type Tree } from '../read/tree.ts';
import { compact, type Reporter } from './values.ts';

interface Named {
  readonly name: string;
  readonly external: boolean;
}

/**
 * The platform name of a top-level resource: `name:`, else `<project>_<key>`; external resources
 * use `name:` (or the legacy `external.name`) or the bare key.
 */
function naming(entry: Mapping, key: string, project: string, report: Reporter, resourceKey: string): Named {
  const external = entry['external'];
  const explicit = report.string(entry['name'], `${key}.name`);
  if (external !== null && typeof external === 'object') {
    const legacy = report.string((external as Mapping)['name'], `${key}.external.name`);
    report.warn(`${key}.external.name`, 'is deprecated; use name: together with external: true');
    return { name: legacy ?? explicit ?? resourceKey, external: true };
  }
  const isExternal = report.boolean(external, `${key}.external`);
  return { name: explicit ?? (isExternal ? resourceKey : `${project}_${resourceKey}`), external: isExternal };
}

/** Builds one model entry per key of a top-level section, sorted by key. */
function eachEntry<T>(value: Tree | undefined, section: string, report: Reporter, build: (entry: Mapping, key: string, name: string) => T): Record<string, T> {
  const result: Record<string, T> = {};
  const mapping = report.mapping(value, section) ?? {};
  for (const name of Object.keys(mapping).sort()) {
    const key = `${section}.${name}`;
    result[name] = build(report.mapping(mapping[name], key) ?? {}, key, name);
  }
  return result;
}

export function normalizeNetworks(value: Tree | undefined, project: string, report: Reporter): Record<string, Network> {
  // Object.assign, not a literal that starts with a spread: Node 20's V8 gives each object such a
  // literal makes a hidden class of its own (lib/name-records.ts).
  return eachEntry(value, 'networks', report, (entry, key, name) =>
    Object.assign(naming(entry, key, project, report, name), {
      internal: report.boolean(entry['internal'], `${key}.internal`),
      ...compact({ driver: report.string(entry['driver'], `${key}.driver`) }),
      attachable: report.boolean(entry['attachable'], `${key}.attachable`),
      labels: report.stringRecord(entry['labels'], `${key}.labels`),
      extensions: report.extensions(entry),
      ...compact({ subnets: ipamSubnets(entry, key, report) }),
    }),
  );
}

/** The `subnet` of each `ipam.config` entry that has one; undefined when none has. */
function ipamSubnets(entry: Mapping, key: string, report: Reporter): string[] | undefined {
  const config = report.mapping(entry['ipam'], `${key}.ipam`)?.['config'];
  if (!Array.isArray(config)) return undefined;
  const subnets = config.flatMap((item, index) => {
    const subnet = isMapping(item) ? report.string(item['subnet'], `${key}.ipam.config.${index}.subnet`) : undefined;
    return subnet === undefined || subnet === '' ? [] : [subnet];
  });
  return subnets.length > 0 ? subnets : undefined;
}

export function normalizeVolumes(value: Tree | undefined, project: string, report: Reporter): Record<string, Volume> {
  return eachEntry(value, 'volumes', report, (entry, key, name) =>
    Object.assign(naming(entry, key, project, report, name), {
      ...compact({ driver: report.string(entry['driver'], `${key}.driver`) }),
      driverOpts: report.stringRecord(entry['driver_opts'], `${key}.driver_opts`),
      labels: report.stringRecord(entry['labels'], `${key}.labels`),
      extensions: report.extensions(entry),
    }),
  );
}

/**
 * Top-level `secrets:` or `configs:`, with their payload read now (file, environment variable or
 * inline `content:`), so later stages never touch the file system.
 */
export function normalizeFileObjects(
  section: 'secrets' | 'configs',
  value: Tree | undefined,
  project: string,
  report: Reporter,
  projectDirectory: string,
  variables: ReadonlyMap<string, string>,
  /** Where secret and config files must lie (`inputBoundary`). */
  boundary: string = projectDirectory,
): Record<string, FileObject> {
  return eachEntry(value, section, report, (entry, key, name): FileObject => {
    const { name: platformName, external } = naming(entry, key, project, report, name);
    const common = { name: platformName, labels: report.stringRecord(entry['labels'], `${key}.labels`), extensions: report.extensions(entry) };
    // Object.assign, not a spread (lib/name-records.ts).
    const withCommon = (rest: Omit<FileObject, keyof typeof common>): FileObject => Object.assign(common, rest);
    const file = report.string(entry['file'], `${key}.file`);
    const variable = report.string(entry['environment'], `${key}.environment`);
    const content = report.string(entry['content'], `${key}.content`);
    if (external) return withCommon({ source: { kind: 'external' } });
    if (file !== undefined) {
      const absolute = path.resolve(projectDirectory, file);
      // Absent (awesome-compose's db/password.txt, a gitignored secret): the user creates it, as docker
      // compose only needs it when the container starts; the translation lists the object to create.
      // A secret file outside the project is not read (no `../../etc/shadow`) but referenced the same way.
      const checked = inspectInput(absolute, { within: boundary, maxBytes: MAX_PAYLOAD_BYTES });
      const source = { kind: 'file', path: absolute } as const;
      if (!checked.ok && checked.problem === 'missing' && (section === 'secrets' || isInside(absolute, boundary))) return withCommon({ source, missing: 'absent' });
      if (!checked.ok && checked.problem === 'outside' && section === 'secrets') return withCommon({ source, missing: 'outside' });
      return withCommon({ source, value: readFileObject(absolute, checked, `${key}.file`, report, section) });
    }
    if (variable !== undefined) {
      const text = variables.get(variable);
      if (text === undefined && section === 'secrets') return withCommon({ source: { kind: 'environment', variable }, missing: 'unset' });
      if (text === undefined) report.fail(`${key}.environment`, `environment variable ${variable} is not set`);
      return withCommon({ source: { kind: 'environment', variable }, value: text });
    }
    if (content !== undefined) return withCommon({ source: { kind: 'content' }, value: content });
    return report.fail(key, 'needs one of file, environment, content or external');
  });
}

/** Secret and config files are shipped as data, so they must lie in the project (no `../../etc/shadow`). */
function readFileObject(file: string, checked: InputPath, key: string, report: Reporter, section: string): string {
  try {
    return readInspected(file, section === 'secrets' ? 'secret file' : 'config file', checked, MAX_PAYLOAD_BYTES).toString('utf8');
  } catch (error) {
    if (error instanceof ComposeError) report.fail(key, error.fullMessage);
    throw error;
  }
}
