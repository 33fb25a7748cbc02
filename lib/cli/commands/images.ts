import { loadProject } from '../../compose/load.ts';
import { lockFilePath, writeImageLock, type ImageLock, type LockedImage } from '../../images/lock-file.ts';
import { referencesToLock } from '../../images/project-facts.ts';
import { parseImageReference } from '../../images/reference.ts';
import { resolveImage, LOCKED_PLATFORMS } from '../../images/registry/client.ts';
import { dockerCredentials } from '../../images/registry/credentials.ts';
import { ExitCode, UsageError, type CliIO, type Command } from '../io.ts';
import { loadOptionsFrom, parseCommandArgs, PROJECT_OPTIONS_USAGE } from '../project-args.ts';
import { presentWarnings } from '../warnings.ts';

const USAGE = `Usage: cdk8s-compose images lock [-f FILE]... [options]

Reads every image the project pulls (services' image:, and the base image each build's Dockerfile
starts from) from its registry, and writes compose.images.lock.json beside the compose file: per
image its digest and, for linux/amd64 and linux/arm64, the platform digest, user, exposed ports,
healthcheck, working directory, entrypoint, command and labels. convert and synth read only this
file, never the network. Credentials come from docker's config.json "auths" (docker login).

Options:
${PROJECT_OPTIONS_USAGE}
  --platform OS/ARCH        platform to lock (repeatable; default: ${LOCKED_PLATFORMS.join(' and ')})
  -h, --help                show this help

Exit codes: 0 ok, 1 bad input or a registry failure (no lock file is written then), 2 bad usage.
`;

async function run(args: readonly string[], io: CliIO): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'lock') throw new UsageError(subcommand === undefined ? 'name a subcommand: lock' : `unknown subcommand '${subcommand}'`);
  const values = parseCommandArgs(rest, { platform: { type: 'string', multiple: true } });
  const project = loadProject(loadOptionsFrom(values, io));
  presentWarnings(project.warnings, io, 'text');
  const credentials = dockerCredentials(io.env);
  for (const notice of credentials.notices) io.stderr(`notice: ${notice}\n`);
  const images: Record<string, LockedImage> = {};
  const failures: string[] = [];
  // One at a time: a project has few images, and registries rate-limit anonymous pulls.
  for (const reference of referencesToLock(project)) {
    try {
      const parsed = parseImageReference(reference);
      images[parsed.canonical] = await resolveImage(parsed, { credentials: credentials.forRegistry, ...(values.platform ? { platforms: values.platform } : {}) });
      io.stderr(`locked ${parsed.canonical}\n`);
    } catch (error) {
      failures.push(`${reference}: ${failureMessage(error)}`);
    }
  }
  if (failures.length > 0) {
    for (const failure of failures) io.stderr(`error: ${failure}\n`);
    io.stderr('no lock file written\n');
    return ExitCode.badInput;
  }
  const lock: ImageLock = { version: 1, images };
  const file = lockFilePath(project);
  writeImageLock(file, lock);
  io.stderr(`wrote ${file} (${Object.keys(images).length} images)\n`);
  return ExitCode.ok;
}

function failureMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch hides the reason (refused, no route, DNS) in its cause.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

export const imagesCommand: Command = {
  name: 'images',
  summary: 'Lock the facts of the project\'s images (images lock)',
  usage: USAGE,
  run,
};
