/**
 * What a bind mount's path says about it: the service's own code (dropped, the image carries it),
 * configuration, data, or a per-pod cache. Rules of thumb on paths and file names; each decision
 * is reported where it drops or changes something.
 */
import { relative, resolve } from 'node:path';
import type { BindMount, HostFile, HostPath, Service } from '../../compose/model.ts';
import { contextCopies } from '../../images/dockerfile/copies.ts';
import { copiesOnlyDependencyManifests } from '../../images/dockerfile/dependency-manifests.ts';
import { parseDockerfile } from '../../images/dockerfile/parse.ts';
import { baseName } from '../names/object-names.ts';
import { isBelow, withoutTrailingSlash } from '../../container-paths.ts';

/**
 * Where images conventionally keep their code, the usual target of a live-reload bind mount.
 * `/var/www/localhost/htdocs` is Alpine's Apache document root: the openemr/openemr images keep
 * OpenEMR there, and their production compose mounts `sitevolume` at its `sites` folder, which
 * Docker fills with the image's default site (sqlconf.php); on an empty claim the start script
 * crashed reading it (until 2026-12-07).
 */
const APP_DIRECTORIES = new Set(['/app', '/usr/src/app', '/code', '/src', '/var/www/html', '/var/www/localhost/htdocs', '/workspace', '/opt/app', '/home/node/app']);

/**
 * An application installed in its user's home, `/home/<user>/<application>` or below it, no part
 * hidden: frappe's images keep the bench at /home/frappe/frappe-bench, whose `sites` folder (with the
 * built assets nginx serves) frappe_docker's services share through a named volume. Hidden folders
 * (`/home/node/.n8n`) and data folders (the bench's `logs`) hold what a program writes, not what its
 * image carries.
 */
const HOME_APPLICATION = /^\/home\/[^/.][^/]*\/[^/.][^/]*(\/[^/.][^/]*)*$/;

/** Whether a target is one of the directories where images keep their code, or below one. */
export function isInAppDirectory(target: string): boolean {
  const path = withoutTrailingSlash(target);
  for (const directory of APP_DIRECTORIES) if (path === directory || isBelow(path, directory)) return true;
  return HOME_APPLICATION.test(path) && !DATA_TARGET.test(path);
}
const CODE_FILE = /\.(py|js|mjs|cjs|ts|tsx|jsx|go|rb|php|java|kt|rs|c|cc|cpp|h|cs|vue|svelte)$|^(package\.json|requirements\.txt|pyproject\.toml|go\.mod|Gemfile|composer\.json|Cargo\.toml|pom\.xml|Dockerfile)$/;
/** Targets where a directory is configuration the image reads, not data it writes. */
const CONFIG_TARGET = /^\/etc\/|conf|provisioning|initdb|init\.d|templates|sites-(enabled|available)/i;
/**
 * Targets where a service keeps what it writes. `files` is where Misskey (`/misskey/files`), Redmine
 * and Drupal (`sites/default/files`) keep uploads: Misskey's `./files`, absent from a checkout, was
 * dropped as source code of the build context, and uploads lived in the container (until 2026-12-06).
 * `<name>_home` is an application's home, where it keeps its state: Jenkins' `/var/jenkins_home`
 * (its jobs, builds and credentials; ljbkusters/gitea-jenkins-docker-compose's `./jenkins`, copied
 * afresh at every start until 2026-12-06), Superset's `/app/superset_home`. `sessions` is where a web
 * application keeps its users' sessions: Sylius-Standard's production stack mounts
 * `./var/sessions:/srv/sylius/var/sessions:rw` "as we want to keep the sessions", absent from a
 * checkout, which was dropped as source code of the build context (until 2026-12-07).
 */
export const DATA_TARGET = /(^|\/)(data|db|database|var\/lib|logs?|media|uploads?|files|storage|backups?|cache|models|sessions?|[\w.-]+_home)(\/|$)/i;
/** Caches and logs: what one pod writes for itself (see `isPerPodScratch`). */
/** The name of a host folder kept for what a service writes: `data`, `data-kafka-ui`, `mongo_data`, `pgdata`, `db`, `uploads`, `backups`. */
const DATA_SOURCE = /(^|[-_.])(data|db|database|pgdata|uploads?|backups?|storage)([-_.]|$)|^[a-z0-9]+data$/i;
const SCRATCH_TARGET = /(^|\/)(__pycache__|\.?cache|logs?)\/?$/i;
const DATA_FILE = /\.(log|db|sqlite3?|dat|data)$/i;
/** A hidden directory or a path below one (`/root/.m2`, `/home/runner/.local/share/containers`). */
const HIDDEN_DIRECTORY = /\/\.[^/.][^/]*(\/|$)/;
/** Files that only keep an empty directory in git. */
const PLACEHOLDER = /^\.(gitkeep|gitignore|keep|empty)$/;

/**
 * Why the mount is the service's own source code, mounted for live reload, which the image carries
 * so that it can be dropped; undefined when it is not. Only evidence counts: the build context
 * itself is code where its Dockerfile (in the context, or `dockerfile_inline`) COPYs or ADDs files
 * of it at the target or below it (`WORKDIR /code` + `COPY . .` for `.:/code`), which the mount
 * would hide, other than dependency manifests alone (`COPY requirements.txt /app/`, which installs
 * the dependencies of code the mount brings); a dev container's `.:/workspace` over an image that copies nothing there is the
 * project to work in. A folder of source files inside the build context, whose Dockerfile is not at hand, counts by
 * place; so does a directory absent from the project (an empty claim would hide the image's code).
 * A folder the image is not built from (`image: php` with `./site:/var/www/html`) is where the
 * code comes from, never dropped. A build-context directory of configuration and scripts
 * (`./app-conf:/etc/app`) is configuration, however it is built.
 */
export function sourceCodeReason(
  service: Service,
  mount: BindMount,
  host: HostPath | undefined,
  hostFiles: Readonly<Record<string, HostPath>> = {},
  services: Readonly<Record<string, Service>> = {},
): string | undefined {
  if (host !== undefined && host.kind !== 'directory') return undefined;
  if (host === undefined && looksLikeFile(mount.source)) return undefined;
  if (DATA_TARGET.test(mount.target) || CONFIG_TARGET.test(mount.target) || mount.target === '/') return undefined;
  const context = service.build?.context;
  const inContext = context !== undefined && (mount.source === context || mount.source.startsWith(`${context}/`));
  const overCode = mount.target.replace(/\/+$/, '') === service.workingDir?.replace(/\/+$/, '') || APP_DIRECTORIES.has(mount.target.replace(/\/+$/, ''));
  if (host === undefined) {
    // Not in the project (code is often left out of a checkout): where it comes from says what it is,
    // but for a target in a hidden directory, where programs keep their state and caches, never
    // the code an image carries (TBAIKamine/gitea-act_runner-pinp's `./containers` at podman's
    // ~/.local/share/containers was dropped as code, and the runner's images with it, until 2026-12-06).
    // Nor a hidden folder of the context, where a stack keeps what its containers write: NodeBB's
    // `./.docker/build:/usr/src/app/build`, the assets its entrypoint builds, beside `./.docker` at
    // /opt/config and mongo's data in `./.docker/database`, was dropped as code (until 2026-12-07).
    const hiddenSource = context !== undefined && HIDDEN_DIRECTORY.test(`/${relative(context, mount.source)}`);
    if (inContext && context !== undefined && !HIDDEN_DIRECTORY.test(mount.target) && !hiddenSource && !(!overCode && carriesNothingAt(service, context, mount, hostFiles))) {
      return `it is a folder of the build context ${relative(context, mount.source) || '.'}, which the image is built from`;
    }
    // A folder another service mounts too is what they share, not code one image carries: the
    // roundcube/roundcubemail-docker fpm example mounts `./www` at /var/www/html in roundcubemail,
    // whose entrypoint fills it with Roundcube, and in nginx, which serves it and passes PHP on; both
    // were dropped, and nginx, whose image has no /var/www/html, answered 404 to everything (until 2026-12-07).
    if (overCode && mountedByAnother(services, service.name, mount.source)) return undefined;
    // Nor a folder the stack names for data (`./data-kafka-ui`, `./mongo_data`, `./db`) over an image
    // it does not build, whose Dockerfile no COPY shows code in: olivier-2018/IoT_pipeline_EMQX-Kafka-Spark
    // mounts `./data-kafka-ui:/workspace` in kafka-ui, which was dropped as code the image carries
    // (until 2026-12-07), where compose gives it a folder it keeps.
    if (overCode && !inContext && DATA_SOURCE.test(baseName(withoutTrailingSlash(mount.source)))) return undefined;
    return overCode ? `it is mounted over the image's code directory ${mount.target}` : undefined;
  }
  if (context === undefined || !inContext) return undefined;
  const copied = copiedInto(service, context, mount, host.entries, hostFiles);
  if (copied !== undefined) {
    const target = withoutTrailingSlash(mount.target);
    // Files the image has at the target or below it, which the mount hides: they are what it mounts.
    const into = copied.find((destination) => destination === target || isBelow(destination, target));
    const what = mount.source === context ? 'the build context' : `the build context's folder ${relative(context, mount.source)}`;
    return into === undefined ? undefined : `it is ${what}, whose files its Dockerfile copies into ${into === target ? target : `${into}, below ${target}`}`;
  }
  const sources = Object.keys(host.entries).filter((file) => CODE_FILE.test(baseName(file))).length;
  if (sources === 0 || mount.source === context) return undefined;
  return `it holds ${sources} source file${sources === 1 ? '' : 's'} of the service, mounted from the build context ${relative(context, mount.source)} for live reload`;
}

/** Whether a service other than `own` bind-mounts `source`. */
function mountedByAnother(services: Readonly<Record<string, Service>>, own: string, source: string): boolean {
  return Object.values(services).some((other) => other.name !== own && other.volumes.some((mount) => mount.type === 'bind' && mount.source === source));
}

/**
 * Whether the Dockerfile at hand shows that the image keeps nothing at the target: no COPY or ADD in
 * any stage (of context files or another stage's output, as scip's production stage copies the
 * built bundle into /usr/share/nginx/html) at it, below it or above it, and no WORKDIR at it or
 * below it. go-shiori's development compose builds Dockerfile.compose (`WORKDIR /src/shiori`, no
 * COPY) and mounts `./dev-data:/srv/shiori`, its data folder, absent from a checkout: it was dropped
 * as code the image carried, and the bookmarks' database lived in the container (until 2026-12-07).
 * Without the Dockerfile there is no evidence: an absent folder of the context still counts as code;
 * so does a path written with a variable or relative to a WORKDIR that is.
 */
function carriesNothingAt(service: Service, context: string, mount: BindMount, hostFiles: Readonly<Record<string, HostPath>>): boolean {
  const text = dockerfileText(service, context, mount, {}, hostFiles);
  if (text === undefined) return false;
  let instructions;
  try {
    instructions = parseDockerfile(text, 'Dockerfile').instructions;
  } catch {
    return false;
  }
  const target = withoutTrailingSlash(mount.target);
  let workdir: string | undefined = '/';
  const places: (string | undefined)[] = [];
  const at = (path: string): string | undefined => (path.includes('$') ? undefined : path.startsWith('/') ? withoutTrailingSlash(path) : workdir === undefined ? undefined : withoutTrailingSlash(resolve(workdir, path)));
  for (const instruction of instructions) {
    const words = instruction.json ?? instruction.text.trim().split(/\s+/);
    if (instruction.keyword === 'FROM') workdir = '/';
    else if (instruction.keyword === 'WORKDIR') places.push((workdir = at(instruction.text.trim())));
    else if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && words.length >= 2) places.push(at(words[words.length - 1]!));
  }
  return places.every((place) => place !== undefined && place !== target && !isBelow(place, target) && !isBelow(target, place));
}

/**
 * Where the build copies files of its context (copies.ts), when the Dockerfile is at hand: inline,
 * among the mounted folder's files, or read beside a folder of the context the service mounts (the
 * loader's host files: `build: .` with `./customs:/customs`, whose `FROM odoo:17` copies nothing
 * there, so the addons are the project's to ship, not code the image carries); undefined when it is
 * not (or does not parse).
 */
function copiedInto(
  service: Service,
  context: string,
  mount: BindMount,
  entries: Readonly<Record<string, HostFile>>,
  hostFiles: Readonly<Record<string, HostPath>>,
): readonly string[] | undefined {
  const text = dockerfileText(service, context, mount, entries, hostFiles);
  if (text === undefined) return undefined;
  try {
    // A copy of dependency manifests alone (`COPY requirements.txt /app/`) installs what the code
    // needs, not the code, which then comes from the mount.
    return contextCopies(parseDockerfile(text, relative(mount.source, resolve(context, service.build?.dockerfile ?? 'Dockerfile'))), service.build?.target)
      .filter((copy) => !copiesOnlyDependencyManifests(copy))
      .map((copy) => copy.destination);
  } catch {
    return undefined;
  }
}

/** The Dockerfile's text when it is at hand: inline, among the mounted folder's files, or read beside it. */
function dockerfileText(
  service: Service,
  context: string,
  mount: BindMount,
  entries: Readonly<Record<string, HostFile>>,
  hostFiles: Readonly<Record<string, HostPath>>,
): string | undefined {
  const build = service.raw['build'];
  const inline = typeof build === 'object' && build !== null ? (build as Record<string, unknown>)['dockerfile_inline'] : undefined;
  if (typeof inline === 'string') return inline;
  const path = resolve(context, service.build?.dockerfile ?? 'Dockerfile');
  const beside = Object.hasOwn(hostFiles, path) ? hostFiles[path] : undefined;
  const read = entries[relative(mount.source, path)] ?? (beside?.kind === 'file' ? beside : undefined);
  return read?.binary === false ? read.content : undefined;
}

/** A directory with no files, or only placeholders (`.gitkeep`): data the service will write. */
export function isEmptyDirectory(entries: Readonly<Record<string, HostFile>>): boolean {
  return Object.keys(entries).every((file) => PLACEHOLDER.test(baseName(file)));
}

/**
 * A directory mounted where the service keeps data (`/data`, `/var/lib/…`) that holds data files
 * (`.db`, `.log`, binaries): state to keep on a claim, not configuration to copy at every start.
 */
export function holdsData(mount: BindMount, entries: Readonly<Record<string, HostFile>>): boolean {
  return DATA_TARGET.test(mount.target) && Object.entries(entries).some(([file, { binary }]) => binary || DATA_FILE.test(file));
}

/**
 * A read-write mount where the service keeps its data (`/var/lib/postgresql/data`, `/data`), not
 * its configuration: what the service writes there is its state, which compose keeps on the host.
 */
export function writesData(mount: BindMount, entries: Readonly<Record<string, HostFile>> = {}): boolean {
  return !mount.readOnly && ((DATA_TARGET.test(mount.target) && !CONFIG_TARGET.test(mount.target)) || namedDatabase(mount, entries) !== undefined);
}

const DATABASE_FILE = /\.(db|sqlite3?)$/i;
const PATH_AT = /[^\s'"`,;)]+/y;

/**
 * A database file below a read-write target that the folder's own configuration names and does not
 * hold (authelia's `storage.local.path: '/config/db.sqlite3'` in the `./authelia:/config` it ships):
 * the service writes its state beside its configuration. Copied into an emptyDir at every start,
 * the folder lost it at each restart, with every user's second factor (authelia's lite example,
 * until 2026-12-06).
 */
export function namedDatabase(mount: BindMount, entries: Readonly<Record<string, HostFile>>): string | undefined {
  if (mount.readOnly) return undefined;
  const target = withoutTrailingSlash(mount.target);
  if (target === '/') return undefined;
  const prefix = `${target}/`;
  for (const file of Object.values(entries)) {
    if (file.binary) continue;
    for (let at = file.content.indexOf(prefix); at >= 0; ) {
      // The path as written: up to a quote, a blank or the end of the line. The search goes on
      // after it, so each character is read once or twice whatever the text.
      PATH_AT.lastIndex = at;
      const path = PATH_AT.exec(file.content)?.[0] ?? prefix;
      if (DATABASE_FILE.test(path) && !Object.hasOwn(entries, path.slice(prefix.length))) return path;
      at = file.content.indexOf(prefix, at + Math.max(path.length, prefix.length));
    }
  }
  return undefined;
}

/**
 * The README's per-pod rule: a cache (`__pycache__`, `.cache`, `cache`) or log directory (`log`,
 * `logs`) that only one service mounts holds what each pod writes for itself, so replicas need no
 * shared disk; it is an emptyDir per pod. Several services mounting it do share it.
 */
export function isScratchTarget(target: string): boolean {
  return SCRATCH_TARGET.test(target);
}

/**
 * A file name with an extension (`nginx.conf`), as opposed to a directory (`conf.d`, `data`). An
 * extension names a format, so it has a letter: digits alone end a version (LibreChat's
 * `./meili_data_v1.35.1:/meili_data`, the data folder of meilisearch 1.35.1), which made it a
 * ConfigMap to create, mounted read-only where meilisearch writes, until 2026-12-06.
 */
export function looksLikeFile(path: string): boolean {
  const name = baseName(path);
  // A dot that starts the name hides it, and names no format: `~/.m2`, `.cache`, `.ssh` are folders
  // (metabase's read-write Maven cache `~/.m2:/root/.m2` was a ConfigMap to create from a file, until
  // 2026-12-06), but for the dotfiles that hold credentials or settings.
  if (/^\.[^.]+$/.test(name)) return DOTFILE.test(name);
  if (SSH_FILE.test(name)) return true;
  if (DIRECTORY_NAME.test(name)) return false;
  return /\.(?=\d*[a-z])[a-z0-9]{1,10}$/i.test(name) && !/\.d$/i.test(path);
}

/**
 * Folders named like files: `data.ms` is Meilisearch's database directory (its default `--db-path`),
 * which rortan134/dockerized-strapi-meilisearch mounts as `../meilisearch/data.ms:/data.ms`; read as a
 * file with the extension `ms`, it was a ConfigMap to create, mounted read-only where Meilisearch
 * writes its index (until 2026-12-07).
 */
const DIRECTORY_NAME = /^data\.ms$/i;

/**
 * SSH's files, named without an extension: markshust/docker-magento mounts `~/.ssh/id_rsa` and
 * `~/.ssh/known_hosts` into its containers, which became claims, that is directories, at the key's
 * path (until 2026-12-06); a key is a Secret to create, mounted as the file it is.
 */
const SSH_FILE = /^(id_(rsa|dsa|ecdsa|ed25519)(_sk)?|known_hosts|authorized_keys)$/;

const DOTFILE = /^\.(env|htpasswd|htaccess|netrc|pgpass|profile|gitconfig|dockercfg|s3cfg|boto|pypirc|\w*rc)$/i;

/** A file that configures rather than stores: data files (`.db`, `.log`) get a claim instead. */
export function isConfigFileName(path: string): boolean {
  return looksLikeFile(path) && !DATA_FILE.test(path);
}
