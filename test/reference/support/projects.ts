import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** One project both loaders read: the folder they run in and the `config` arguments they get. */
export interface ReferenceProject {
  /** `corpus/awesome-compose/plex`, `compose-vectors/compose-go/cli/testdata/simple/compose.yaml`, … */
  readonly id: string;
  readonly cwd: string;
  readonly args: readonly string[];
  /** Variables added to the common environment both loaders get. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Every project of `../shared` the loaders are compared on:
 * - each folder of corpus/awesome-compose and corpus/realworld, run from the folder with the
 *   arguments of its `args` file (one per line; realworld has them) or none (default file
 *   discovery, as the awesome-compose samples are meant to be run);
 * - the complete projects among the compose-vectors fixtures (see {@link vectorProjects});
 * - our own fixtures (test/reference/fixtures): one project with every field our config prints,
 *   and one small project for each documented deviation that the shared material lacks.
 */
export function referenceProjects(shared: string, fixtures: string): ReferenceProject[] {
  return [
    ...folderProjects(path.join(shared, 'corpus', 'awesome-compose'), 'corpus/awesome-compose'),
    ...folderProjects(path.join(shared, 'corpus', 'realworld'), 'corpus/realworld'),
    ...vectorProjects(path.join(shared, 'compose-vectors')),
    ...folderProjects(fixtures, 'fixtures'),
  ];
}

/** Each subfolder of `folder`, run from itself with the arguments of its `args` file, if any. */
function folderProjects(folder: string, prefix: string): ReferenceProject[] {
  return subfolders(folder).map((name) => {
    const cwd = path.join(folder, name);
    const argsFile = path.join(cwd, 'args');
    const args = existsSync(argsFile) ? readFileSync(argsFile, 'utf8').split('\n').filter((line) => line !== '') : [];
    return { id: `${prefix}/${name}`, cwd, args };
  });
}

/**
 * The complete projects among the compose-vectors fixtures.
 *
 * compose-go/cli/testdata and compose-go/loader/testdata: every compose file, loaded alone with
 * `-f` from its folder, except the fragments another fixture pulls in with `extends.file` or
 * `include` (they are parts of that project, not projects; a `remote:` reference names a file of
 * loader/testdata/remote, as compose-go's tests resolve it). Fixtures that are meant to fail
 * (cycles, an empty file) stay: both loaders must then fail. Added to those, the combinations
 * compose-go's cli/options_test.go loads: the two `simple` files merged, `compose-name.yaml` with
 * its variable set, the env-file folder with its `.env` (which names the compose file) and with
 * two `--env-file`s.
 *
 * docker-compose-e2e: each fixture folder run the way docker compose's e2e tests run it — from the
 * folder (bridge, dotenv whose `.env` sets COMPOSE_FILE and COMPOSE_PROFILES, env_file), from
 * nested/sub (the compose file and a second `.env` are found in the parent), publish/oci's
 * interpolated file with its override and its extends file, and simple-build-test's interpolated
 * build.
 */
export function vectorProjects(vectors: string): ReferenceProject[] {
  const projects: ReferenceProject[] = [];
  const composeGo = path.join(vectors, 'compose-go');
  const fixtureFolders = [path.join(composeGo, 'cli', 'testdata'), path.join(composeGo, 'loader', 'testdata')];
  const files = fixtureFolders.flatMap((folder) => yamlFiles(folder));
  const fragments = new Set(files.flatMap((file) => referencedFiles(file, path.join(composeGo, 'loader', 'testdata', 'remote'))));
  for (const file of files.filter((candidate) => !fragments.has(candidate))) {
    projects.push({ id: path.relative(path.dirname(vectors), file), cwd: path.dirname(file), args: ['-f', path.basename(file)] });
  }
  const id = (relative: string, suffix: string): string => `compose-vectors/${relative} ${suffix}`;
  const simple = path.join(composeGo, 'cli', 'testdata', 'simple');
  const envFile = path.join(composeGo, 'cli', 'testdata', 'env-file');
  projects.push(
    { id: id('compose-go/cli/testdata/simple', '-f compose.yaml -f compose-with-overrides.yaml'), cwd: simple, args: ['-f', 'compose.yaml', '-f', 'compose-with-overrides.yaml'] },
    { id: id('compose-go/cli/testdata/simple', 'compose-name.yaml TEST=42'), cwd: simple, args: ['-f', 'compose-name.yaml'], env: { TEST: '42' } },
    { id: id('compose-go/cli/testdata/env-file', '(COMPOSE_FILE from .env)'), cwd: envFile, args: [] },
    {
      id: id('compose-go/cli/testdata/env-file', '--env-file .env --env-file override.env'),
      cwd: envFile,
      args: ['-f', 'compose-with-env-files.yaml', '--env-file', '.env', '--env-file', 'override.env'],
    },
  );
  const e2e = path.join(vectors, 'docker-compose-e2e');
  const oci = path.join(e2e, 'publish', 'oci');
  projects.push(
    { id: id('docker-compose-e2e/bridge', ''), cwd: path.join(e2e, 'bridge'), args: [] },
    { id: id('docker-compose-e2e/dotenv', ''), cwd: path.join(e2e, 'dotenv'), args: [] },
    { id: id('docker-compose-e2e/env_file', ''), cwd: path.join(e2e, 'env_file'), args: [] },
    { id: id('docker-compose-e2e/env_file', '--profile test'), cwd: path.join(e2e, 'env_file'), args: ['--profile', 'test'] },
    { id: id('docker-compose-e2e/nested/sub', ''), cwd: path.join(e2e, 'nested', 'sub'), args: [] },
    { id: id('docker-compose-e2e/publish/oci', '-f compose-interpolated.yaml -f compose-override.yaml'), cwd: oci, args: ['-f', 'compose-interpolated.yaml', '-f', 'compose-override.yaml'] },
    { id: id('docker-compose-e2e/publish/oci', '-f extends.yaml'), cwd: oci, args: ['-f', 'extends.yaml'] },
    { id: id('docker-compose-e2e/simple-build-test', '-f compose-interpolate.yaml'), cwd: path.join(e2e, 'simple-build-test'), args: ['-f', 'compose-interpolate.yaml'] },
  );
  return projects.map((project) => ({ ...project, id: project.id.trimEnd() }));
}

function subfolders(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => statSync(path.join(folder, name)).isDirectory())
    .sort();
}

function yamlFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => path.join(folder, name))
    .sort();
}

/** The local files a compose file names in `extends.file` and `include`, resolved. */
function referencedFiles(file: string, remoteRoot: string): string[] {
  let document: unknown;
  try {
    document = parse(readFileSync(file, 'utf8'), { logLevel: 'error' }); // !reset and !override are compose's own tags
  } catch {
    return [];
  }
  const resolve = (reference: string): string =>
    reference.startsWith('remote:') ? path.join(remoteRoot, reference.slice('remote:'.length)) : path.resolve(path.dirname(file), reference);
  const found: string[] = [];
  if (!isRecord(document)) return found;
  const services = document['services'];
  if (isRecord(services)) {
    for (const service of Object.values(services)) {
      const extendsFile = isRecord(service) && isRecord(service['extends']) ? service['extends']['file'] : undefined;
      if (typeof extendsFile === 'string') found.push(resolve(extendsFile));
    }
  }
  const include = document['include'];
  if (Array.isArray(include)) {
    for (const entry of include) {
      const paths = typeof entry === 'string' ? [entry] : isRecord(entry) ? [entry['path']].flat() : [];
      for (const reference of paths) if (typeof reference === 'string' && resolve(reference) !== file) found.push(resolve(reference));
    }
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
