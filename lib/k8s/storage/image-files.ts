/**
 * The image's files in a new named volume. Docker fills a new, empty named volume with what the
 * image has at the mount's target (unless `nocopy`); Kubernetes never fills a claim. Stacks rely on
 * it where one service's image carries the application and others use it through the volume:
 * invoiceninja's nginx serves the `public` folder its php-fpm image fills, Monica's app, cron,
 * queue and web share the Laravel `storage` skeleton the image carries. On empty claims nginx served
 * nothing and Laravel found no storage folders (until 2026-12-06).
 */
import type * as k8s from '../plan/api-types.ts';
import type { ComposeProject, NamedVolumeMount, Service } from '../../compose/model.ts';
import { own } from '../plan/own.ts';
import { WAIT_SECURITY } from '../workload/wait-security.ts';
import { parseImage } from '../workload/image-profiles.ts';
import { DATA_TARGET, isInAppDirectory, isScratchTarget } from './bind-kinds.ts';
import { isBelow, withoutTrailingSlash } from '../../container-paths.ts';
import { isSensitivePath } from '../../compose/sensitivity.ts';

/**
 * An application installed in its own folder of `/opt` (the FHS's place for add-on packages), or
 * below it: kimai's FPM image keeps the application at /opt/kimai, whose `public` folder
 * tobybatch/kimai2's nginx serves from the volume both mount. Its empty claim hid the application's
 * front controller and assets from kimai and nginx alike (until 2026-12-07). Hidden folders and
 * data folders (penpot's `/opt/data/assets`, netbox's `media`) hold what a program writes, not what
 * its image carries.
 */
const OPT_APPLICATION = /^\/opt\/[^/.][^/]*(\/[^/.][^/]*)*\/?$/;

function isOptApplication(target: string): boolean {
  return OPT_APPLICATION.test(target) && !DATA_TARGET.test(target);
}

/**
 * The folders of `/etc` a distribution's base image already has (Debian, Ubuntu, Alpine, BusyBox and
 * the RPM family): a volume over one holds the base system's files, not the image's own, and
 * starts empty as a Kubernetes claim does.
 */
const BASE_SYSTEM_ETC: ReadonlySet<string> = new Set([
  'alternatives', 'apk', 'apt', 'bash_completion.d', 'ca-certificates', 'cron.d', 'cron.daily', 'cron.hourly', 'cron.monthly', 'cron.weekly', 'crontabs',
  'default', 'dnf', 'dpkg', 'fonts', 'gss', 'init.d', 'iproute2', 'kernel', 'ld.so.conf.d', 'logrotate.d', 'modprobe.d', 'modules-load.d', 'network',
  'opt', 'pam.d', 'periodic', 'pki', 'profile.d', 'rc0.d', 'rc1.d', 'rc2.d', 'rc3.d', 'rc4.d', 'rc5.d', 'rc6.d', 'rcS.d', 'rpm', 'security', 'selinux',
  'skel', 'ssl', 'sudoers.d', 'sysctl.d', 'systemd', 'terminfo', 'tmpfiles.d', 'udev', 'update-motd.d', 'X11', 'xdg', 'yum', 'yum.repos.d',
]);

/** Folders of `/etc` a program fills at run time (certificates it obtains), never its image. */
const RUNTIME_ETC = /\/(?:letsencrypt|acme)(?:\/|$)/i;

/**
 * Whether the target is a configuration folder an image installs in `/etc` for its own program
 * (`/etc/ldap`, `/etc/ssh`, `/etc/nginx`, `/etc/prometheus`, or below one): Docker fills a new named
 * volume there with the package's configuration, and the program reads it at start.
 * openfrontier/ci-compose's openldap mounts `openldap-etc-volume` at /etc/ldap (slapd's schema and
 * slapd.d) and zeigren/phorge `phorge_ssh` at /etc/ssh (sshd_config, moduli): on empty claims slapd
 * found no configuration and sshd none (until 2026-12-07). Not a folder of the base system
 * (BASE_SYSTEM_ETC), key material by name (certs, ssl, keys, secrets: what an image ships there is
 * no key of the stack's own), data, a hidden folder, nor certificates a program obtains.
 */
export function isImageConfigFolder(target: string): boolean {
  const folder = /^\/etc\/([^/]+)/.exec(withoutTrailingSlash(target))?.[1];
  if (folder === undefined || folder.startsWith('.') || BASE_SYSTEM_ETC.has(folder)) return false;
  return !isSensitivePath(target) && !DATA_TARGET.test(target) && !RUNTIME_ETC.test(target);
}

/** sshd's folder, which holds its host keys (0600, root's) where the image made them. */
const SSH_HOST_KEYS = /^\/etc\/ssh(?:\/|$)/;

/** Init containers that copy an image's files into a claim are named `image-files-<volume>`. */
const PREFIX = 'image-files-';

/** What to copy: the image's files at `path` into the pod volume `volume` (at `subPath`). */
export interface ImageFilesCopy {
  readonly name: string;
  readonly volume: string;
  readonly path: string;
  readonly subPath?: string;
  /**
   * The files are key material (copiesPrivateFiles): the services mounting the volume, in compose
   * order, whose user the copies are handed to, and the mount's key. Absent for any other copy.
   */
  readonly privateFor?: { readonly readers: readonly string[]; readonly key: string };
  /**
   * A configuration folder of `/etc` (isImageConfigFolder): where the copier cannot read all of it (a
   * folder only the package's user may read: Debian's slapd.d, 0750 openldap), the volume starts
   * empty, as a new claim does, instead of the copy stopping the pod for good.
   */
  readonly emptyWhenUnreadable?: boolean;
}

/**
 * Whether the files the image keeps at the mount's target are key material by their folder's name
 * (`certs`, `ssl`, `tls`, `keys`, `secrets`, `private`): private keys are made readable by their
 * owner alone (0600), most often root, whom the build ran as. dbist/cockroach-docker's roach-cert
 * image carries each node's `node.key` (0600, root's) at /certs/roach-N: the copier, running as
 * nobody, could not read it, so the copy stopped and its pod with it; and CockroachDB, running as
 * uid 1000, could not have read root's 0600 copy either (until 2026-12-07).
 */
export function copiesPrivateFiles(target: string): boolean {
  const path = withoutTrailingSlash(target);
  // sshd refuses a host key others may read or write: the copy keeps its mode and owner's uid.
  return isSensitivePath(path) || SSH_HOST_KEYS.test(path);
}

/**
 * Whether the service's image is what fills the volume (the service being no run-once task, whose
 * image may be a helper's): a named volume mounted read-write, without `nocopy`, where images keep
 * their application (`/var/www/html/public`, `/app/…`) or their program's configuration
 * (`/etc/ldap`: isImageConfigFolder), that other services mount too (they use
 * what Docker copied into it) or that this service alone mounts at no data path (it hides what the
 * image keeps there). Data directories elsewhere hold what the service writes, and an image's
 * empty data directory leaves nothing to copy. `image` is the service's image, whose own folder
 * (`/label-studio/…` for heartexlabs/label-studio) holds its application too.
 */
export function fillsFromImage(mount: NamedVolumeMount, users: readonly string[], image?: string): boolean {
  if (mount.readOnly || mount.nocopy) return false;
  if (image !== undefined && shipsFilesIn(image, mount.target)) return true;
  if (!(isInAppDirectory(mount.target) || isOptApplication(mount.target) || isImageConfigFolder(mount.target))) return users.length > 1 && image !== undefined && isInImageFolder(mount.target, image);
  // One service alone relies on the copy too where the volume hides what its image keeps there:
  // beakman/medusa-stack-dockerized's backend mounts medusa_data at /app/medusa and node_modules at
  // /app/medusa/node_modules, the application and its installed packages, which empty claims hid
  // (until 2026-12-07). Not where it keeps data (`/app/data`, `/app/uploads`) or caches
  // (`/app/__pycache__`): those start empty.
  return users.length > 1 || (!DATA_TARGET.test(mount.target) && !isScratchTarget(mount.target));
}

/**
 * Whether the service's own build put files where the volume is mounted (at its target or below:
 * the Dockerfile's COPY and ADD destinations), whatever the path: Docker fills the new volume with
 * them. dbist/cockroach-docker's roach-cert image carries the nodes' certificates (`COPY
 * --from=generator … /certs/roach-0/`) and mounts each node's volume there; the nodes read them from
 * the volumes, whose claims started empty, so no node had a certificate (until 2026-12-07).
 */
export function placesFilesAt(mount: NamedVolumeMount, placed: readonly string[] | undefined): boolean {
  if (mount.readOnly || mount.nocopy || placed === undefined) return false;
  const target = withoutTrailingSlash(mount.target);
  return placed.some((path) => path === target || isBelow(path, target));
}

/**
 * Folders a well-known image declares as VOLUME and ships its program's files in, which no path rule
 * above recognises, by repository: Graylog keeps graylog.conf and log4j2.xml in
 * /usr/share/graylog/data/config, below its VOLUME /usr/share/graylog/data (Graylog2/graylog-docker's
 * Dockerfile: `COPY config ${GRAYLOG_HOME}/data/config`, `VOLUME ${GRAYLOG_HOME}/data`). Docker fills
 * the named volume Graylog2/docker-compose mounts there with them; on an empty claim the server found
 * no configuration (rw17ua, until 2026-12-07).
 */
const IMAGE_VOLUME_FILES: Readonly<Record<string, readonly string[]>> = {
  'graylog/graylog': ['/usr/share/graylog/data'],
  'graylog/graylog-enterprise': ['/usr/share/graylog/data'],
};

function shipsFilesIn(image: string, target: string): boolean {
  const { repository } = parseImage(image);
  const folders = own(IMAGE_VOLUME_FILES, repository.replace(/^(?:docker\.io\/|index\.docker\.io\/)?(?:library\/)?/, ''));
  return folders !== undefined && folders.includes(withoutTrailingSlash(target));
}

/** Folders that hold an application in a folder named after it: `/<name>`, `/srv/<name>`, `/usr/src/<name>` (`/opt/<name>` is any application's, above). */
const IMAGE_FOLDER = /^\/(?:srv\/|usr\/src\/)?([^/]+)(?:\/|$)/;

/**
 * Whether the target is in the folder named after the image's repository (`-` and `_` alike), where
 * images keep their application, and is no data or cache path: HumanSignal/label-studio's compose
 * shares the volume `static` between the app (heartexlabs/label-studio, at
 * /label-studio/label_studio, the Django application and its built static files) and nginx, which
 * serves them from it. On an empty claim the app lost its code and nginx served nothing (until
 * 2026-12-07). Only for a volume others share, who use what Docker copied into it: a folder of
 * this name that one service alone mounts is most often its data (`/prometheus`, `/loki`), in
 * images that may have no shell to copy with.
 */
function isInImageFolder(target: string, image: string): boolean {
  const folder = IMAGE_FOLDER.exec(target)?.[1];
  if (folder === undefined || DATA_TARGET.test(target) || isScratchTarget(target)) return false;
  const { repository } = parseImage(image);
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  const spelling = (word: string): string => word.toLowerCase().replace(/_/g, '-');
  return spelling(folder) === spelling(name);
}

/**
 * Whether a run-once task fills the volume too: Docker fills a new volume from whichever container
 * mounts it first, and a task running the image another of the volume's users runs carries the same
 * files. frappe_docker's configurator, the bench image run once, writes `sites/apps.txt` into the
 * empty `sites` volume before the servers start; their copy then found a file there and copied
 * nothing, so nginx had no built assets to serve (until 2026-12-07). A task of another image
 * (busybox preparing the volume) fills nothing: the servers' images carry the application.
 */
export function taskRunsUsersImage(project: ComposeProject, service: Service, users: readonly string[]): boolean {
  const image = service.image;
  if (image === undefined) return false;
  return users.some((user) => user !== service.name && own(project.services, user)?.image === image);
}

/** The name of the init container that fills `volume`, a DNS label of at most 63 characters. */
export function imageFilesName(volume: string): string {
  return `${PREFIX}${volume}`.slice(0, 63).replace(/-+$/, '');
}

export function isImageFilesContainer(name: string): boolean {
  return name.startsWith(PREFIX);
}

const TARGET = '/target';

/** Who the copies of key material are handed to: the user (and group) that reads them. */
export interface FilesOwner {
  readonly uid: number;
  readonly gid: number;
}

/**
 * Who copies: nobody, like the other helpers, where the pod gives its claims a group (fsGroup), which
 * then owns the copies, and group write lets the service change them. A pod without one (a service
 * that runs as root) leaves a new claim root's, mode 755, where nobody can create no file: the copy
 * runs as the service's own user then, root, the claim's owner, with no capability. tt-rss's app
 * (its command runs `apk add`, so root) copied its image's /var/www/html as nobody into a claim
 * only root could write, and its pod never got past the copy (until 2026-12-07).
 */
function copierSecurity(pod: k8s.PodSecurityContext | undefined, main: k8s.SecurityContext | undefined): k8s.SecurityContext {
  if (pod?.fsGroup !== undefined) return WAIT_SECURITY;
  const uid = main?.runAsUser ?? pod?.runAsUser;
  if (uid === undefined || uid === WAIT_SECURITY.runAsUser) return WAIT_SECURITY;
  const gid = main?.runAsGroup ?? pod?.runAsGroup ?? uid;
  return { ...WAIT_SECURITY, runAsUser: uid, runAsGroup: gid, runAsNonRoot: uid !== 0 };
}

/**
 * The copier of key material: root, which reads the image's files whatever their owner and mode
 * (DAC_OVERRIDE) and hands each copy to the user that reads it (CHOWN), with no other capability,
 * no privilege escalation and a read-only root file system. Root and these capabilities are within
 * Pod Security's baseline level, not restricted: the namespace is labelled baseline (said).
 */
export const PRIVATE_COPIER_SECURITY: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: false,
  runAsUser: 0,
  runAsGroup: 0,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** A path as one single-quoted shell word. */
function quoted(path: string): string {
  return `'${path.replaceAll("'", `'\\''`)}'`;
}

/** How often a running copy refreshes its marker's time, in seconds. */
const BEAT_SECONDS = 10;
/** A marker not refreshed for longer than this, in minutes, is a stopped copy's. */
const STALE_MINUTES = 2;
/** How many beats a finished copy waits at most for the others' markers to go (finished) or go stale (stopped): past the stale time. */
const WAIT_BEATS = Math.ceil((STALE_MINUTES * 60) / BEAT_SECONDS) + 2;

/**
 * The copy as a shell script: the image's files at `path` into the claim while it holds no file (as
 * Docker fills a volume once, at its creation), each file created whole and never over one that
 * exists. Every pod sharing the volume runs its copy, and they may run at once, beside a task that
 * writes into the volume (frappe_docker's configurator writes `sites/apps.txt`): a plain `cp -R` of
 * a pod still copying overwrote what another had just written, and a pod that found the claim
 * holding the first files of another's copy started with them alone (until 2026-12-07). Here the
 * folder is copied whole, by one `cp`, into a folder of its own in the claim
 * (`.image-files.<random>.tmp`, on the same file system), and each file is then linked from there to
 * its name, which fails where the name exists (link(2) is atomic); a file system without hard links
 * renames it there unless the name exists. One process per file: a `cp` per file took about 200
 * times as long as the whole copy (30 s for 5,000 files). Folders are made where none is. A copy
 * announces itself with a folder `.image-files.<random>.copying` in the claim before it looks, whose
 * time it refreshes every 10 s while it runs, and removes it once it has copied all: a copy that
 * finds files and another's marker (a copy running, or one that was stopped) copies what is missing
 * itself rather than start with a part. A copy stopped midway (its pod killed during the `cp`) left
 * its `.tmp` folder, a whole copy of the image's files (gigabytes for some images), in the claim for
 * good, as the marker that said whose it was was removed by the next copy (until 2026-12-07). Now a
 * marker not refreshed for 2 minutes is a stopped copy's: every start removes the `.tmp` folders of
 * stopped copies, and of copies with no marker (left by the previous script), before it looks and
 * copies; and a copy that has finished waits, at most past that time, until each other marker is
 * either gone (that copy finished) or stale, then removes the stale ones and their folders. A copy
 * another pod is doing right now keeps its marker fresh, so its folder is never touched. Ordinary
 * copies get group write (the pod's fsGroup owns them, and the service may change them); key
 * material keeps its modes and is handed to `owner`.
 */
export function imageFilesScript(path: string, owner?: FilesOwner, emptyWhenUnreadable = false): string {
  const copy = owner
    ? `cp -Rp ${quoted(path)}/. "$s" && chown -R -h ${owner.uid}:${owner.gid} "$s"`
    : `cp -R ${quoted(path)}/. "$s" && find "$s" ! -type l -exec chmod ug+w {} +`;
  const folder = owner ? `chown ${owner.uid}:${owner.gid} "$d"` : `chmod ug+w "$d"`;
  // o: the other copies' markers (find options follow); z: removes the folders of stopped copies;
  // done: stops the heartbeat and removes the copy's own marker.
  const done = 'kill $b 2>/dev/null; wait $b 2>/dev/null; rm -rf "$m"';
  const others = `o() { find ${TARGET} -maxdepth 1 -type d -name '.image-files.*.copying' ! -path "$m" "$@"; }`;
  const stopped =
    `z() { for t in ${TARGET}/.image-files.*.tmp; do [ -d "$t" ] && [ "$t" != "$s" ] || continue; c="\${t%.tmp}.copying"; ` +
    `if [ ! -d "$c" ] || [ -n "$(find "$c" -maxdepth 0 -mmin +${STALE_MINUTES})" ]; then rm -rf "$t"; fi; done; }`;
  return [
    `[ -d ${quoted(path)} ] || exit 0`,
    `u="$(cat /proc/sys/kernel/random/uuid 2>/dev/null || echo "\${HOSTNAME:-x}-$$")"; s="${TARGET}/.image-files.$u.tmp"; m="${TARGET}/.image-files.$u.copying"`,
    `mkdir "$m" || exit 1`,
    // The marker's time says the copy is alive: refreshed every BEAT_SECONDS while it runs.
    `( while sleep ${BEAT_SECONDS}; do mkdir "$m/.beat" 2>/dev/null && rmdir "$m/.beat"; done ) & b=$!; trap 'kill $b 2>/dev/null' EXIT`,
    others,
    stopped,
    'z',
    `if [ -n "$(find ${TARGET} -type f | head -n 1)" ] && [ -z "$(o | head -n 1)" ]; then ${done}; exit 0; fi`,
    emptyWhenUnreadable
      ? `rm -rf "$s"; ${copy} || { rm -rf "$s"; echo "the copier cannot read all of the image's files at "${quoted(path)}" (a folder only its program's user may read): the volume starts empty" >&2; ${done}; exit 0; }`
      : `rm -rf "$s"; ${copy} || exit 1`,
    `cd "$s" && find . ! -name . | while IFS= read -r p; do d="${TARGET}/\${p#./}"; ` +
      `if [ -d "$p" ] && [ ! -L "$p" ]; then { mkdir "$d" 2>/dev/null && ${folder} || [ -d "$d" ]; } || exit 1; ` +
      `elif [ ! -e "$d" ] && [ ! -L "$d" ]; then ln "$p" "$d" 2>/dev/null || [ -e "$d" ] || [ -L "$d" ] || mv "$p" "$d" || exit 1; fi; done || exit 1`,
    // Done, its marker gone: another copy still alive finishes and removes its own; one whose marker
    // goes stale was stopped midway, and its folder (a whole copy of the image's files) is removed.
    `cd / && rm -rf "$s"; ${done}; i=0; while [ -n "$(o ! -mmin +${STALE_MINUTES} | head -n 1)" ] && [ $i -lt ${WAIT_BEATS} ]; do sleep ${BEAT_SECONDS}; i=$((i+1)); done`,
    `z; o -mmin +${STALE_MINUTES} -exec rm -rf {} + 2>/dev/null; exit 0`,
  ].join('; ');
}

/**
 * Runs the service's own image, with its files at `path` where the volume is not mounted, and
 * copies them into the claim while it holds no file, as Docker does once, at the volume's creation,
 * as the user `copierSecurity` chooses from the pod's and its main container's security contexts,
 * or, for key material handed to `owner`, as root with CHOWN and DAC_OVERRIDE alone. The image
 * needs `sh`, `find`, `cp` and `ln`, which images carrying an application in these directories have.
 */
export function imageFilesContainer(
  copy: ImageFilesCopy,
  image: string,
  imagePullPolicy: k8s.Container['imagePullPolicy'],
  security: { readonly pod?: k8s.PodSecurityContext; readonly main?: k8s.SecurityContext } = {},
  owner?: FilesOwner,
): k8s.Container {
  return {
    name: copy.name,
    image,
    ...(imagePullPolicy === undefined ? {} : { imagePullPolicy }),
    command: ['sh', '-c', imageFilesScript(copy.path, owner, copy.emptyWhenUnreadable === true && owner === undefined)],
    volumeMounts: [{ name: copy.volume, mountPath: TARGET, ...(copy.subPath === undefined ? {} : { subPath: copy.subPath }) }],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
    securityContext: owner ? PRIVATE_COPIER_SECURITY : copierSecurity(security.pod, security.main),
  };
}
