import type { ComposeProject } from '../../compose/model.ts';
import type { ImageFacts, ImageUser } from '../../images/facts.ts';
import type { ServiceContext } from '../plan/context.ts';
import { own } from '../plan/own.ts';
import { capabilityName } from './pod-security-level.ts';
import { commandLine, containerCommand } from '../workload/container-command.ts';
import { BASE_IMAGE_USERS, DEFAULT_PROFILE, imageProfile, type ImageProfile } from '../workload/image-profiles.ts';
import { rootTask, scriptRootTask } from './root-tasks.ts';
import { imageStartedScripts, startedScripts, type StartedScript } from '../storage/started-scripts.ts';
import { withoutTrailingSlash } from '../../container-paths.ts';
import { nginxTemplatesRootReason } from './nginx-templates.ts';
import { chownedVolumeOwner, type ChownedVolumeOwner } from './chowned-volume-owner.ts';
import { switchedUserVariable } from './switched-user.ts';
import { debianBaseUser } from './debian-base-users.ts';

export interface ImageIdentity {
  /** The image as the pod runs it (`x-kubernetes.image` over compose's), when there is one. */
  readonly image: string | undefined;
  /** What is known of how the image runs; undefined when nothing is, and the default applies. */
  readonly known: ImageProfile | undefined;
}

/** /root or a path below it: root's home directory. */
const ROOT_HOME = /^\/root(\/|$)/;

/** Debian's useradd gives system accounts ids from SYS_UID_MAX (999) down, so the first one gets 999. */
const FIRST_DEBIAN_SYSTEM_ID = 999;

/**
 * Who the image runs as when compose does not say, from the most certain source: the profile of an
 * image the converter knows; the image facts' USER (its Dockerfile, the lock file), root included;
 * the profile of the base image a Dockerfile starts from. A command that runs chown/chmod prepares
 * files as root, and one that installs packages (`apk add`, `apt-get install`) or writes the image's
 * files under /etc (itself, or by a project script it starts) writes what root owns, as Docker
 * runs them when the image sets no USER; so does an image of unknown user that compose gives
 * capabilities. Where nothing is known, the default user is stated once per image with how to
 * change it.
 */
export function imageIdentity(context: ServiceContext, privileged: boolean): ImageIdentity {
  const { service, options } = context;
  const image = options.image ?? service.image;
  const decided = service.user !== undefined || options.securityContext?.runAsUser !== undefined;
  const known = (image === undefined ? undefined : imageProfile(image)) ?? fromFacts(context, context.image, !decided);
  // A folder compose mounts read-write (a volume, a project folder, a tmpfs) is the pod's to write,
  // whoever owns the image's /etc: Teleport's quickstart configure writes /etc/teleport/teleport.yaml
  // into its ./config, and ran as root for it until 2026-12-07.
  const writable = service.volumes.filter((mount) => mount.type === 'tmpfs' || !mount.readOnly).map((mount) => withoutTrailingSlash(mount.target));
  const owned = [...(known?.ownedPaths ?? []), ...writable];
  const words = containerCommand(context).words;
  const needsRoot =
    rootTask(words, owned) ??
    runScripts(context)
      .map((script) => scriptRootTask(script.path, script.content, owned))
      .find((reason) => reason !== undefined);
  // Docker runs the command as the image's USER: a non-root one would have failed there too.
  const imageUid = context.image?.config.user?.uid;
  if (needsRoot && !decided && (imageUid === undefined || imageUid === 0)) {
    return { image, known: { ...(known ?? DEFAULT_PROFILE), uid: 0, gid: 0, rootReason: `its command ${needsRoot}, which needs root (as Docker runs it)` } };
  }
  const templates = decided ? undefined : nginxTemplatesRootReason(context.service, known);
  if (templates !== undefined && known !== undefined) return { image, known: { ...known, uid: 0, gid: 0, rootReason: templates } };
  // Docker gives cap_add only to a root process (a non-root one has no ambient capabilities): an image
  // of unknown user that compose gives capabilities runs as root, or NET_ADMIN would be void (gluetun).
  // Not NET_BIND_SERVICE alone: the restricted level allows it to non-root users, whose low ports the
  // unprivileged-port sysctl opens anyway.
  const added = [...new Set(service.capAdd.map(capabilityName))].filter((name) => name !== 'NET_BIND_SERVICE');
  if (!known && !decided && !privileged && added.length > 0) {
    return { image, known: { ...DEFAULT_PROFILE, uid: 0, gid: 0, rootReason: `compose adds capabilities (${added.join(', ')}), which Docker gives only to a root process` } };
  }
  // A mount in root's home (flowise's `~/.flowise:/root/.flowise`) is where the process keeps its
  // data, so it runs as root: /root is mode 700, and the default uid 1000 could not even enter it.
  const inRootHome = service.volumes.find((mount) => mount.type !== 'tmpfs' && ROOT_HOME.test(mount.target));
  if (!known && !decided && !privileged && inRootHome !== undefined) {
    return { image, known: { ...DEFAULT_PROFILE, uid: 0, gid: 0, rootReason: `compose mounts ${inRootHome.target} in root's home directory, which only root can enter (mode 700)` } };
  }
  // PUID/PGID name the user an image switches to itself after starting as root (lowcoder's gosu).
  const switched = !known && !decided && !privileged ? switchedUserVariable(service) : undefined;
  if (switched !== undefined) {
    return { image, known: { ...DEFAULT_PROFILE, uid: 0, gid: 0, rootReason: `compose sets ${switched}, the user an image of that convention switches to itself once started as root (gosu, su-exec, s6), which no other user can` } };
  }
  if (!known && !decided && !privileged) {
    // A task the service waits for chowns a volume they share to the user the stack runs it as
    // (shopware's `chown -R 82:82`): the default uid 1000 could not write the image's own files.
    const owner = chownedVolumeOwner(context.project, service);
    if (owner !== undefined) {
      warnChownedUser(context, image, owner);
      return { image, known: { uid: owner.uid, ...(owner.gid === undefined ? {} : { gid: owner.gid }) } };
    }
    // A privileged container without a profile runs as the image's user, as Docker runs it (identityFor).
    warnDefaultUser(context, image);
  }
  return { image, known };
}

/** The project's scripts the container runs: mounted ones its command names, and those its image starts. */
export function runScripts(context: ServiceContext): StartedScript[] {
  return [...startedScripts(context.project, context.service, commandLine(context.service)), ...imageStartedScripts(context.service, context.image, containerCommand(context).words)];
}

/** `stateAssumptions`: say what is assumed, unless compose or the options decide the user anyway. */
function fromFacts(context: ServiceContext, facts: ImageFacts | undefined, stateAssumptions: boolean): ImageProfile | undefined {
  if (!facts) return undefined;
  const base = facts.baseImage === undefined || facts.baseImage === 'scratch' ? undefined : imageProfile(facts.baseImage);
  const user = facts.config.user;
  const where = facts.source === 'dockerfile' ? 'its Dockerfile' : 'its image config';
  if (user === undefined) {
    // A server that starts as root, installed on a base whose profile runs a user: Docker runs the
    // image as root (the base's process drops root by itself), and so must the pod, or nginx cannot
    // write /var/lib/nginx nor switch to its `user` (akaunting's fpm-alpine-nginx image on php-fpm).
    const servers = facts.installsRootServers ?? [];
    if (base !== undefined && base.uid !== 0 && servers.length > 0) {
      return { ...base, uid: 0, gid: 0, rootReason: `${where} installs ${servers.join(', ')}, which ${servers.length > 1 ? 'start' : 'starts'} as root, and sets no USER, so Docker runs it as root` };
    }
    // Unknown base: its own USER may apply, which its profile knows; a complete image without USER runs as root.
    if (!facts.complete) return base;
    return { uid: 0, gid: 0, rootReason: `${where} sets no USER, so Docker runs it as root` };
  }
  const name = user.spec.split(':')[0] ?? '';
  // `USER nobody` on a base of unknown profile (focalboard's on gcr.io/distroless/base-debian10, its
  // files chowned nobody:nobody) ran as the default uid 1000, which could not write them; so did
  // `USER www-data` on a Debian base (pelican's panel), whose base-passwd fixes it at 33.
  const everywhere = user.uid === undefined && !user.system ? (own(BASE_IMAGE_USERS, name) ?? debianBaseUser(facts.baseImage, name)) : undefined;
  const uid = user.uid ?? own(base?.users ?? {}, name) ?? everywhere?.uid ?? systemUserId(context, facts, user, stateAssumptions);
  if (uid === undefined) return undefined;
  const gid = user.gid ?? (base && base.uid === uid ? base.gid : everywhere !== undefined && user.spec === name ? everywhere.gid : undefined);
  return {
    ...(base && base.uid === uid ? base : {}),
    uid,
    ...(gid !== undefined ? { gid } : {}),
    users: { [name]: uid },
    ...(uid === 0 ? { rootReason: `${where} sets USER ${user.spec}` } : {}),
  };
}

/** A system user created without a uid on a Debian-based image: the first one is 999, stated as an assumption. */
function systemUserId(context: ServiceContext, facts: ImageFacts, user: ImageUser, state: boolean): number | undefined {
  if (!user.system || /alpine/i.test(facts.baseImage ?? '')) return undefined;
  if (state) {
    context.warn(
      `USER ${user.spec} is a system user created without a fixed uid; Debian's useradd gives the first one ${FIRST_DEBIAN_SYSTEM_ID}, so it runs as uid ${FIRST_DEBIAN_SYSTEM_ID}: give it a uid in the Dockerfile (useradd -u) or set x-kubernetes securityContext.runAsUser`,
      `services.${context.service.name}.${context.service.build ? 'build' : 'image'}`,
    );
  }
  return FIRST_DEBIAN_SYSTEM_ID;
}

/**
 * Said once per image, in the same words from every service, at the first service it is said of:
 * services translate in project order, and one that sets its own user is not told its image states none.
 */
const firstWarned = new WeakMap<ComposeProject, Map<string, string>>();

function firstWarnedOf(project: ComposeProject, image: string, service: string): string {
  let byImage = firstWarned.get(project);
  if (!byImage) firstWarned.set(project, (byImage = new Map()));
  const first = byImage.get(image);
  if (first !== undefined) return first;
  byImage.set(image, service);
  return service;
}

function warnChownedUser(context: ServiceContext, image: string | undefined, owner: ChownedVolumeOwner): void {
  const ids = owner.gid === undefined ? `uid ${owner.uid}` : `uid ${owner.uid}, gid ${owner.gid}`;
  context.warn(
    `${image === undefined ? 'the image built for this service' : `image ${image}`} states no user the converter can see; it runs as ${ids}, the owner '${owner.task}' gives ${owner.shared} by chown before this service starts: set x-kubernetes securityContext.runAsUser and runAsGroup to change it, or lock the image (cdk8s-compose images lock)`,
    `services.${context.service.name}.user`,
  );
}

function warnDefaultUser(context: ServiceContext, image: string | undefined): void {
  const { service, project } = context;
  const why = context.image?.config.user?.unresolved ?? (context.image ? 'its Dockerfile sets no USER and its base image is not locked' : 'no Dockerfile the project has or image lock entry says');
  const shared = context.options.image === undefined && image !== undefined ? firstWarnedOf(project, image, service.name) : undefined;
  // Keyed where compose would decide it: the service's `user`.
  const key = `services.${shared ?? service.name}.user`;
  context.warn(
    `${image === undefined ? 'the image built for this service' : `image ${image}`} states no user the converter can see (${why}); it runs as uid ${DEFAULT_PROFILE.uid}, gid ${DEFAULT_PROFILE.gid}: set x-kubernetes securityContext.runAsUser and runAsGroup (0 for root) to change it, or lock the image (cdk8s-compose images lock)`,
    key,
  );
}
