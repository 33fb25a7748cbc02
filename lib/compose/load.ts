import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectEnvironment, withDotenvBelow } from './interpolation/environment.ts';
import { withUnsetVariables } from './interpolation/interpolate-tree.ts';
import { ComposeError } from './errors.ts';
import { applyExtends } from './merge/extends.ts';
import { applyIncludes } from './merge/include.ts';
import { ComposeFileReader } from './read/files.ts';
import { collectInterpolated } from './flatten.ts';
import { locationsOf } from './locations.ts';
import { readHostFiles } from './read/host-files.ts';
import { mountsWithBoundVolumes } from './bound-volumes.ts';
import { inputBoundary, isDescriptorName } from './read/input-files.ts';
import { redactedValuesOf, refuseSecretProjectName, SecretRedactor, secretVariableValues } from './sensitivity.ts';
import { enforceUnicity, mergeTrees } from './merge/merge.ts';
import type { ComposeProject, Diagnostic, Network, Service } from './model.ts';
import { checkServices, isEnabled } from './normalize/project-checks.ts';
import { projectName } from './normalize/project-name.ts';
import { validateSchema } from './schema/schema.ts';
import { hasMergeTags } from './read/yaml-file.ts';
import { normalizeService } from './normalize/service.ts';
import { normalizeJobs } from './normalize/jobs.ts';
import { normalizeFileObjects, normalizeNetworks, normalizeVolumes } from './normalize/top-level.ts';
import { isMapping, newMapping, originOf, toPlain, type Mapping } from './read/tree.ts';
import { Reporter } from './normalize/values.ts';

export interface LoadOptions {
  /** `-f` files, relative to `cwd`; default: `compose.yaml` & co. (+ override file) or `COMPOSE_FILE`. */
  readonly files?: readonly string[];
  /** @default process.cwd() */
  readonly cwd?: string;
  /** @default the directory of the first file */
  readonly projectDirectory?: string;
  /** `-p` */
  readonly projectName?: string;
  /** `--profile`; `COMPOSE_PROFILES` from the environment when not given. */
  readonly profiles?: readonly string[];
  /**
   * `--env-file`; default `<projectDirectory>/.env` when it exists, below the `.env` of the working
   * directory when neither `-f` nor `projectDirectory` is given (as docker compose reads them).
   */
  readonly envFiles?: readonly string[];
  /** Wins over `.env`. @default process.env */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** The compose file named `-` (`-f -`), read from standard input by the caller: its bytes, or its text. */
  readonly standardInput?: string | Uint8Array;
  /**
   * As compose-go's `SkipConsistencyCheck`: load services that have neither an image nor a build
   * (fragments merged elsewhere; compose-go's own merge tests load such files). @default false
   */
  readonly skipConsistencyCheck?: boolean;
}

/** The file names `docker compose` looks for without `-f`, in order, each with its override files. */
const DEFAULT_FILES: readonly (readonly [string, readonly string[]])[] = [
  ['compose.yaml', ['compose.override.yaml', 'compose.override.yml']],
  ['compose.yml', ['compose.override.yml', 'compose.override.yaml']],
  ['docker-compose.yml', ['docker-compose.override.yml', 'docker-compose.override.yaml']],
  ['docker-compose.yaml', ['docker-compose.override.yaml', 'docker-compose.override.yml']],
];

/** The compose file `docker compose` would pick in `dir` itself (no parents, no override), if any. */
export function defaultComposeFile(dir: string): string | undefined {
  return DEFAULT_FILES.map(([main]) => main).find((name) => existsSync(path.join(dir, name)));
}

/**
 * Loads a Compose project as `docker compose config` would: files read, interpolated and
 * `extends`-resolved one by one, merged in order, validated against the Compose Specification
 * schema, then normalized into the typed model. Bad input throws one ComposeError. Its messages,
 * and the warnings, hide the secret values of the project (`invalid size "<redacted>"`).
 */
export function loadProject(options: LoadOptions = {}): ComposeProject {
  const redactor = new SecretRedactor();
  const warnings: Diagnostic[] = [];
  try {
    return loadWith(options, redactor, warnings);
  } catch (error) {
    throw error instanceof ComposeError ? withUnsetVariables(error, warnings).redactedBy(redactor) : error;
  }
}

/**
 * The project directory a compose file gives: its own directory, but the working directory for a
 * file descriptor's name (`-f <(sops -d compose.yaml)`), as for `-f -`.
 */
function directoryOf(file: string | undefined, cwd: string): string {
  return file === undefined || isDescriptorName(file) ? cwd : path.dirname(file);
}

function loadWith(options: LoadOptions, redactor: SecretRedactor, warnings: Diagnostic[]): ComposeProject {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const processEnvironment = options.environment ?? process.env;
  // As docker compose: `.env` of the directory known before the files are found may set
  // COMPOSE_FILE; the project directory the files then give has its own `.env`, read below it.
  const explicitDirectory = options.projectDirectory ? path.resolve(cwd, options.projectDirectory) : undefined;
  const firstFile = options.files?.[0];
  const knownDirectory = explicitDirectory ?? directoryOf(firstFile === undefined ? undefined : path.resolve(cwd, firstFile), cwd);
  const early = projectEnvironment(options.envFiles, knownDirectory, cwd, processEnvironment);
  const files = composeFiles(options, cwd, early);
  const projectDirectory = explicitDirectory ?? directoryOf(files[0], cwd);
  const variables = options.envFiles || projectDirectory === knownDirectory ? early : withDotenvBelow(early, projectDirectory);
  // Messages from here on hide the values of secret variables (`shm_size: ${DB_PASSWORD}`).
  redactor.add(secretVariableValues(variables));
  const boundary = inputBoundary(cwd, projectDirectory);
  const standardInput = options.standardInput === undefined ? undefined : { file: path.resolve(cwd, '-'), content: options.standardInput };
  const reader = new ComposeFileReader((name) => variables.get(name), warnings, boundary, standardInput);

  const merged = mergeFiles(files, reader, warnings, projectDirectory);
  const services = isMapping(merged['services']) ? merged['services'] : newMapping();
  const plain = toPlain(merged, true) as Record<string, Record<string, Record<string, unknown>> | undefined>;
  // The plain copy, which the services' `raw` share, answers for locations: `merged` is garbage
  // once the model is built.
  const locations = locationsOf(plain as Mapping);
  const report = new Reporter(locations, warnings, redactor);
  validateSchema(plain, report);
  if (merged['version'] !== undefined) report.warn('version', 'the attribute `version` is obsolete and ignored');

  const imperative = imperativeName(options, variables);
  if (!imperative.imperative) refuseSecretProjectName(originOf(merged, 'name'));
  const name = projectName({
    ...imperative,
    ...(typeof merged['name'] === 'string' ? { declared: { name: merged['name'], location: originOf(merged, 'name')?.location } } : {}),
    directory: path.basename(projectDirectory),
  });
  const active = activeProfiles(options, variables);
  const normalizeEnabled = (section: 'services' | 'jobs', tree: Mapping): { enabled: Record<string, Service>; disabled: string[] } => {
    const enabled: Record<string, Service> = {};
    const disabled: string[] = [];
    for (const entryName of Object.keys(tree).sort()) {
      const entry = tree[entryName] as Mapping;
      const key = `${section}.${entryName}`;
      if (!isEnabled(report.strings(entry['profiles'], `${key}.profiles`), active)) {
        disabled.push(entryName);
        continue;
      }
      enabled[entryName] = normalizeService(entryName, entry, {
        report,
        projectDirectory,
        boundary,
        variables,
        location: originOf(tree, entryName)?.location ?? { file: files[0] ?? '', line: 1, column: 1 },
        // The walk for them costs ~1% of a conversion, and most projects substitute no variables.
        interpolated: reader.substitutedVariables ? collectInterpolated(entry) : {},
        raw: plain[section]?.[entryName] ?? {},
        key,
      });
    }
    return { enabled, disabled };
  };
  const { enabled, disabled } = normalizeEnabled('services', services);
  const jobTree = isMapping(merged['jobs']) ? merged['jobs'] : newMapping();
  const jobNames = new Set(Object.keys(jobTree));
  for (const jobName of jobNames) {
    if (Object.hasOwn(services, jobName)) report.fail(`jobs.${jobName}`, `"${jobName}" is declared both as a service and a job: service and job names must be unique`);
  }
  const jobs = normalizeEnabled('jobs', jobTree);
  const networks: Record<string, Network> = normalizeNetworks(merged['networks'], name, report);
  const volumes = normalizeVolumes(merged['volumes'], name, report);
  const secrets = normalizeFileObjects('secrets', merged['secrets'], name, report, projectDirectory, variables, boundary);
  const configs = normalizeFileObjects('configs', merged['configs'], name, report, projectDirectory, variables, boundary);
  const declared = {
    networks: new Set(Object.keys(networks)),
    volumes: new Set(Object.keys(volumes)),
    secrets: new Set(Object.keys(secrets)),
    configs: new Set(Object.keys(configs)),
  };
  const runnable = options.skipConsistencyCheck !== true;
  const checked = checkServices(enabled, new Set(disabled), declared, report, runnable, { names: jobNames });
  const jobServices = checkServices(jobs.enabled, new Set([...disabled, ...jobs.disabled]), declared, report, runnable, { names: jobNames, checking: true, services: checked });
  if (!networks['default'] && [...Object.values(checked), ...Object.values(jobServices)].some((service) => 'default' in service.networks)) {
    networks['default'] = { name: `${name}_default`, external: false, internal: false, attachable: false, labels: {}, extensions: {} };
  }
  // A local volume that binds a directory of the project is read as a bind mount's source is.
  const reading = [...Object.values(checked), ...Object.values(jobServices)].map((service) => ({ ...service, volumes: mountsWithBoundVolumes(service, volumes, projectDirectory) }));
  const hostFiles = readHostFiles(reading, boundary, (key, message) => report.warn(key, message));
  const project: ComposeProject = {
    name,
    workingDir: projectDirectory,
    inputBoundary: boundary,
    composeFiles: files,
    profiles: active,
    services: checked,
    disabledServices: disabled,
    jobs: normalizeJobs(jobTree, jobServices, report),
    networks: sortKeys(networks),
    volumes,
    secrets,
    configs,
    extensions: report.extensions(merged),
    hostFiles,
    warnings,
    locations,
  };
  // Warnings given before the secret files were read may still hold their values.
  redactor.add(redactedValuesOf(project));
  warnings.forEach((warning, index) => (warnings[index] = { ...warning, message: redactor.redact(warning.message) }));
  return project;
}

/**
 * Reads, resolves `extends` in, and merges `files` in order, with keyed lists de-duplicated: the
 * document compose validates. Exported for conformance tests of the merge rules.
 */
export function mergeFiles(files: readonly string[], reader: ComposeFileReader, warnings: Diagnostic[] = [], projectDirectory = path.dirname(files[0] ?? '.')): Mapping {
  let merged: Mapping = newMapping();
  for (const file of files) {
    const tree = applyIncludes(reader.read(file, true), file, reader, warnings, projectDirectory);
    applyExtends(tree, file, reader, projectDirectory);
    // The first file needs no copy unless it has tags to strip.
    const first = Object.keys(merged).length === 0 && !hasMergeTags(tree);
    merged = first ? tree : ((mergeTrees(merged, tree) as Mapping | undefined) ?? newMapping());
  }
  for (const section of ['services', 'jobs']) {
    const entries = merged[section];
    if (!isMapping(entries)) continue;
    for (const name of Object.keys(entries)) {
      const service = entries[name];
      if (isMapping(service)) enforceUnicity(service);
    }
  }
  return merged;
}

/** `-f` files, or COMPOSE_FILE (from the environment or `.env`), or the default files found from `cwd` up. */
function composeFiles(options: LoadOptions, cwd: string, variables: ReadonlyMap<string, string>): string[] {
  if (options.files && options.files.length > 0) return options.files.map((file) => path.resolve(cwd, file));
  const fromEnvironment = variables.get('COMPOSE_FILE');
  if (fromEnvironment) {
    const separator = variables.get('COMPOSE_PATH_SEPARATOR') || path.delimiter;
    return fromEnvironment.split(separator).filter(Boolean).map((file) => path.resolve(cwd, file));
  }
  for (let directory = cwd; ; directory = path.dirname(directory)) {
    for (const [main, overrides] of DEFAULT_FILES) {
      const file = path.join(directory, main);
      if (!existsSync(file)) continue;
      const override = overrides.map((name) => path.join(directory, name)).find((candidate) => existsSync(candidate));
      return override ? [file, override] : [file];
    }
    if (path.dirname(directory) === directory) break;
  }
  throw new ComposeError(`no configuration file provided: none of ${DEFAULT_FILES.map(([main]) => main).join(', ')} found in ${cwd} or its parents`);
}

/** `COMPOSE_*` settings may come from the process environment or the `.env` file, as in compose. */
function imperativeName(options: LoadOptions, variables: ReadonlyMap<string, string>): { imperative?: { name: string; from: string } } {
  if (options.projectName !== undefined) return { imperative: { name: options.projectName, from: '-p' } };
  const fromEnvironment = variables.get('COMPOSE_PROJECT_NAME');
  return fromEnvironment ? { imperative: { name: fromEnvironment, from: 'COMPOSE_PROJECT_NAME' } } : {};
}

function activeProfiles(options: LoadOptions, variables: ReadonlyMap<string, string>): string[] {
  const profiles = options.profiles ?? (variables.get('COMPOSE_PROFILES') ?? '').split(',');
  return [...new Set(profiles.map((profile) => profile.trim()).filter(Boolean))];
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
