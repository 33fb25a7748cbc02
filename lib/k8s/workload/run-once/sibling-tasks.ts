import type { ComposeProject, Service } from '../../../compose/model.ts';
import { parseImageReference } from '../../../images/reference.ts';
import { imageDefaultPorts } from '../../networking/service-default-ports.ts';
import { completionTargets } from './completion-targets.ts';

/**
 * Why a service nobody waits for is a task all the same: it is written as two or more of the
 * project's completion targets are (tasks another service waits on with
 * `service_completed_successfully`), images of the same maker (registry and namespace) run with no
 * command, entrypoint or restart, and with their named volumes at the same paths, so its image does
 * the same job: a data container that fills its volume and exits. One such target is no family: an
 * `init` of the app's own image that others wait for says nothing of another image of its maker
 * sharing its volume. Greenbone's community containers ship each feed so (`vulnerability-tests`,
 * `scap-data`, `gpg-data`, … mount their volume at /mnt); gvmd and openvasd wait for the others, but
 * nothing waits for `notus-data`, which was a Deployment that Kubernetes restarted after every exit,
 * in CrashLoopBackOff, until 2026-12-07.
 *
 * Official images (docker.io/library) share no maker, and an image known to serve a port (postgres,
 * redis) is a server whatever it looks like. The targets are indexed once per project, so a service
 * costs one look-up.
 */
export function siblingTaskSign(project: ComposeProject, service: Service): string | undefined {
  const shape = dataContainerShape(service);
  if (shape === undefined) return undefined;
  const siblings = siblingsOf(project).get(shape)?.filter((name) => name !== service.name) ?? [];
  return siblings.length < 2
    ? undefined
    : `it is written like ${named(siblings)}, tasks others wait for to complete (images of the same maker, no command, their volumes at the same paths), so its image does the same job and exits`;
}

/** `'a', 'b'`, or `'a', 'b' and 5 more`: Greenbone has seven feed containers. */
function named(names: readonly string[]): string {
  const shown = names.slice(0, 2).map((name) => `'${name}'`).join(', ');
  return names.length > 2 ? `${shown} and ${names.length - 2} more` : shown;
}

const cache = new WeakMap<ComposeProject, ReadonlyMap<string, readonly string[]>>();

/** The shapes of the project's completion targets, each with the targets of that shape, by name. */
function siblingsOf(project: ComposeProject): ReadonlyMap<string, readonly string[]> {
  const known = cache.get(project);
  if (known) return known;
  const shapes = new Map<string, string[]>();
  const targets = [...completionTargets(project)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of targets) {
    const target = Object.hasOwn(project.services, name) ? project.services[name] : undefined;
    const shape = target === undefined ? undefined : dataContainerShape(target);
    if (shape !== undefined) shapes.set(shape, [...(shapes.get(shape) ?? []), name]);
  }
  cache.set(project, shapes);
  return shapes;
}

/**
 * `<registry>/<namespace> <target>…`: the maker of the image and the paths of the named volumes of a
 * service run as its image says (no command, entrypoint or restart, no terminal); undefined for any
 * other service, an official image, or one known to serve a port.
 */
function dataContainerShape(service: Service): string | undefined {
  if (service.image === undefined || service.command !== undefined || service.entrypoint !== undefined) return undefined;
  if (service.restart !== undefined || service.deploy.restartPolicy !== undefined || service.stdinOpen || service.tty) return undefined;
  const targets = service.volumes.filter((mount) => mount.type === 'volume' && mount.source !== undefined).map((mount) => mount.target.replace(/\/+$/, ''));
  if (targets.length === 0 || imageDefaultPorts(service.image).length > 0) return undefined;
  let maker: string;
  try {
    const reference = parseImageReference(service.image);
    const slash = reference.repository.lastIndexOf('/');
    if (slash < 0) return undefined;
    maker = `${reference.registry}/${reference.repository.slice(0, slash)}`;
  } catch {
    return undefined;
  }
  if (maker === 'docker.io/library') return undefined;
  return [maker, ...targets.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))].join(' ');
}
