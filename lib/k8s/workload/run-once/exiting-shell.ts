/**
 * A service whose whole command is a shell with nothing to run: the shell reads its commands from
 * standard input, which Docker closes unless compose asks for one (`stdin_open`, `tty`), so it
 * exits at once, and compose leaves the container exited. Ninjaclasher/dmoj-docker's `base` builds
 * dmoj-site-base, the image its site, celery and bridged services start FROM: its Dockerfile (FROM
 * debian:buster-slim) sets no CMD, so `up` runs Debian's `bash`, which ends before it begins. As a
 * Deployment Kubernetes started it again after every exit, in CrashLoopBackOff (until 2026-12-07).
 *
 * The command is compose's, else the Dockerfile's or locked image's CMD (with no ENTRYPOINT before
 * it), else, for a Dockerfile that sets neither, its base image's when that is a distribution image
 * whose default command is a shell; a service with no build runs its image's. Only a lone shell
 * (`bash`, `/bin/sh`), without a script or `-c`.
 */
import type { Service } from '../../../compose/model.ts';
import type { ImageFacts } from '../../../images/facts.ts';
import { parseImage } from '../image-profiles.ts';
import { isShell } from '../command-words.ts';


/**
 * Distribution images whose default command is a shell (`bash` or `sh`): the official Debian,
 * Ubuntu, Alpine, BusyBox and RPM-family images, by repository.
 */
const SHELL_IMAGES: ReadonlySet<string> = new Set([
  'debian', 'ubuntu', 'alpine', 'busybox', 'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'archlinux', 'opensuse/leap', 'opensuse/tumbleweed',
]);

function isShellImage(image: string): boolean {
  return SHELL_IMAGES.has(parseImage(image).repository);
}

/** The command the container runs, as far as it is known: its words, or the image whose default it is. */
function effectiveCommand(service: Service, image: ImageFacts | undefined): { readonly words: readonly string[] } | { readonly defaultOf: string } | undefined {
  if (service.entrypoint !== undefined) return service.entrypoint.length === 0 && service.command !== undefined ? { words: service.command } : undefined;
  if (service.build === undefined) {
    if (service.command !== undefined) return { words: service.command };
    if (image?.config.entrypoint !== undefined) return undefined;
    if (image?.config.cmd !== undefined) return { words: image.config.cmd };
    return service.image === undefined ? undefined : { defaultOf: service.image };
  }
  // A built image: its Dockerfile's facts decide; without them nothing is known.
  if (image === undefined || image.config.entrypoint !== undefined) return undefined;
  if (service.command !== undefined) return { words: service.command };
  if (image.config.cmd !== undefined) return { words: image.config.cmd };
  return image.source === 'dockerfile' && image.baseImage !== undefined ? { defaultOf: image.baseImage } : undefined;
}

/** Why the service is a task by a command that is a lone shell without input, or undefined. */
export function exitingShellSign(service: Service, image: ImageFacts | undefined): string | undefined {
  if (service.stdinOpen || service.tty) return undefined;
  const command = effectiveCommand(service, image);
  if (command === undefined) return undefined;
  if ('defaultOf' in command) {
    return isShellImage(command.defaultOf)
      ? `its command is the default of ${command.defaultOf}, a shell, which without stdin_open or tty has nothing to read and exits at once`
      : undefined;
  }
  const words = command.words.filter((word) => word.trim() !== '');
  return words.length === 1 && isShell(words[0]!) ? `its command '${words[0]}' is a shell, which without stdin_open or tty has nothing to read and exits at once` : undefined;
}
