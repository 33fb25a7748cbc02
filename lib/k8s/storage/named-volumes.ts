/** Named volumes of compose (`volumes:` top level): claims, claim templates, external claims, tmpfs. */
import type { NamedVolumeMount, Volume } from '../../compose/model.ts';
import { projectLabels } from '../names/labels.ts';
import { dnsLabel } from '../names/object-names.ts';
import { own } from '../plan/own.ts';
import { claimSettings, claimSpec, claimVolume } from './claims.ts';
import { addDataClaim, type DataClaim } from './data-claims.ts';
import { copiesPrivateFiles, fillsFromImage, imageFilesName, isImageConfigFolder, placesFilesAt, taskRunsUsersImage } from './image-files.ts';
import { servicesUsingVolume, userOf } from './mount-index.ts';
import { shellLessReason } from './shell-less-images.ts';
import type { PodStorage } from './pod-storage.ts';
import { isTmpfsVolume, tmpfsSizeLimit } from './tmpfs-volumes.ts';

/** What Argo CD, Flux and Helm read to never prune or delete an object they applied. */
const KEEP_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'helm.sh/resource-policy': 'keep',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};

export function addNamedVolume(storage: PodStorage, mount: NamedVolumeMount, source: string, key: string): void {
  const { context } = storage;
  const volume = own(context.project.volumes, source);
  const users = servicesUsingVolume(context.project, source);
  if (volume?.external) {
    addExternalVolume(storage, mount, source, volume, users, key);
    return;
  }
  if (volume && isTmpfsVolume(volume)) {
    addTmpfsVolume(storage, mount, source, volume, users, key);
    return;
  }
  if (context.workload === 'StatefulSet') {
    if (users.length > 1) {
      context.warn(
        `volume '${source}' is also used by ${users.filter((u) => u !== userOf(context)).join(', ')}: each StatefulSet replica gets its own claim, so they do not share its data`,
        key,
      );
    }
    const name = storage.mount(source, undefined, mount, mount.subpath);
    storage.templates.push({ name, spec: claimSpec(claimSettings(context, source, true)) });
    return;
  }
  const owner = { id: `volume:${source}`, what: `volume '${source}'`, key };
  const claim: DataClaim = { volumeName: source, claimName: dnsLabel(source), users, what: `volume '${source}'`, ownClaim: false, labels: projectLabels(context.project.name), owner };
  const mounted = addDataClaim(storage, claim, mount, source, mount.subpath);
  // A run-once task's image may be a helper's (busybox preparing the volume): the servers' images carry the application.
  const task = context.workload === 'Job' || context.workload === 'CronJob';
  const fills =
    (!task || taskRunsUsersImage(context.project, context.service, users)) && fillsFromImage(mount, users, context.service.image) ||
    placesFilesAt(mount, context.image?.placedFiles);
  const shellLess = mounted.claim && fills ? shellLessReason(context.options.image ?? context.service.image, context.image) : undefined;
  if (shellLess !== undefined) {
    context.warn(
      `volume '${source}' (${users.join(', ')}) is not filled with the image's files at ${mount.target}, as Docker fills a new named volume: ${shellLess}, and the init container that copies them runs the service's image with sh, find, cp and ln; its claim starts empty (put the files into it yourself, or set volume nocopy: true to say so)`,
      key,
    );
  } else if (mounted.claim && fills) {
    // A package's configuration in /etc may hold a folder only its user reads (slapd.d, 0750 openldap).
    const unreadable = isImageConfigFolder(mount.target) && !copiesPrivateFiles(mount.target);
    storage.imageCopies.push({
      name: imageFilesName(mounted.volume),
      volume: mounted.volume,
      path: mount.target,
      ...(mount.subpath === undefined ? {} : { subPath: mount.subpath }),
      ...(copiesPrivateFiles(mount.target) ? { privateFor: { readers: users, key } } : unreadable ? { emptyWhenUnreadable: true } : {}),
    });
    context.warn(
      `volume '${source}' (${users.join(', ')}) is filled with the image's files at ${mount.target} while its claim holds no file, as Docker fills a new named volume: an init container running the service's image copies them, since Kubernetes leaves a new claim empty${unreadable ? " (where it cannot read all of them, a folder only the program's user may read, the volume starts empty)" : ''} (set volume nocopy: true to start it empty)`,
      key,
    );
  }
}

/**
 * External volumes exist on the compose host; on a new cluster nothing creates their claims, so
 * by default the claim is emitted, annotated so that no GitOps tool or Helm ever deletes it.
 */
function addExternalVolume(storage: PodStorage, mount: NamedVolumeMount, source: string, volume: Volume, users: readonly string[], key: string): void {
  const { context } = storage;
  const claimName = dnsLabel(volume.name);
  const first = users[0] === userOf(context);
  const owner = { id: `volume:${source}`, what: `external volume '${source}'`, key };
  if (context.chartOptions.externalVolumes === 'existing') {
    if (first) context.warn(`volume '${source}' is external: the PersistentVolumeClaim '${claimName}' must exist in the namespace (externalVolumes: existing)`, key);
    storage.references.push({ kind: 'PersistentVolumeClaim', name: claimName, owner });
    storage.mount(source, claimVolume(claimName, mount.readOnly), mount, mount.subpath);
    return;
  }
  if (first) {
    context.warn(
      `volume '${source}' is external: its claim '${claimName}' is emitted so that the stack starts on a new cluster, annotated so that Argo CD, Flux and Helm never prune or delete it; set x-kubernetes externalVolumes: existing if the claim already exists`,
      key,
    );
  }
  const claim: DataClaim = { volumeName: source, claimName, users, what: `volume '${source}'`, ownClaim: false, labels: projectLabels(context.project.name), owner, annotations: KEEP_ANNOTATIONS };
  addDataClaim(storage, claim, mount, source, mount.subpath);
}

/** A `driver_opts: {type: tmpfs}` volume is memory the pod owns: a memory-backed emptyDir. */
function addTmpfsVolume(storage: PodStorage, mount: NamedVolumeMount, source: string, volume: Volume, users: readonly string[], key: string): void {
  const { context } = storage;
  const sizeLimit = tmpfsSizeLimit(volume, (message) => context.warn(message, `volumes.${source}.driver_opts.o`));
  const others = users.filter((user) => user !== userOf(context));
  if (others.length > 0 && users[0] === userOf(context)) {
    context.warn(`volume '${source}' is a tmpfs: each pod gets its own memory-backed emptyDir, so ${users.join(', ')} do not see each other's files`, key);
  }
  storage.mount(source, { emptyDir: { medium: 'Memory', ...(sizeLimit === undefined ? {} : { sizeLimit }) } }, mount, mount.subpath);
}

export function addAnonymousVolume(storage: PodStorage, mount: NamedVolumeMount, key: string, codeTargets: readonly string[]): void {
  if (codeTargets.some((target) => mount.target.startsWith(`${target}/`))) {
    // The anonymous volume only kept the image's copy (e.g. node_modules) visible under a source
    // bind mount; that mount is dropped, so the image's copy is visible as it is.
    storage.context.warn(`anonymous volume ${mount.target} only shields image files from a dropped source-code mount; not mounted`, key);
    return;
  }
  const volume = storage.mount(`scratch-${mount.target}`, { emptyDir: {} }, mount);
  // Docker fills a new anonymous volume with the image's files as it fills a named one: the classic
  // `- /usr/src/app/node_modules` keeps the installed packages even where no source mount hides
  // them. An emptyDir hid them (hoppscotch/hoppscotch's old backend, rw18vd; until 2026-12-07), so
  // the copier fills it at each start of the pod, as the emptyDir starts empty each time.
  const { context } = storage;
  const task = context.workload === 'Job' || context.workload === 'CronJob';
  const fills = (!task && fillsFromImage(mount, [userOf(context)], context.service.image)) || placesFilesAt(mount, context.image?.placedFiles);
  if (!fills) return;
  const shellLess = shellLessReason(context.options.image ?? context.service.image, context.image);
  if (shellLess !== undefined) {
    context.warn(`anonymous volume ${mount.target} is not filled with the image's files, as Docker fills a new volume: ${shellLess}, and the init container that copies them runs the service's image with sh, find, cp and ln; its emptyDir starts empty (set nocopy: true to say so)`, key);
    return;
  }
  storage.imageCopies.push({ name: imageFilesName(volume), volume, path: mount.target });
  context.warn(`anonymous volume ${mount.target} is filled with the image's files, as Docker fills a new volume: an init container running the service's image copies them into its emptyDir at each start of the pod (set nocopy: true to start it empty)`, key);
}
