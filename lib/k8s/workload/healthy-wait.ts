/**
 * What a `service_healthy` wait tests when the dependency has no healthcheck the converter knows.
 * The wait connects to the dependency's Service, which routes to ready pods only: it means
 * "healthy" exactly where the dependency's readiness probe is its healthcheck — compose's, or its
 * image's HEALTHCHECK, which compose uses when it writes none (a Dockerfile of the project or the
 * image lock file says it). Without either, the probe is the converter's guess (a TCP connection,
 * readiness-port.ts), and "healthy" is only "accepts connections on the port": Mathesar waits for
 * its db (pgautoupgrade, whose image checks with pgautoupgrade-healthcheck.sh) to be healthy, and
 * the wait on db:5432 was given without a word that the image's check was not what it tested
 * (until 2026-12-07). Said once per dependant and dependency.
 */
import type { Service } from '../../compose/model.ts';
import type { ImageFacts } from '../../images/facts.ts';

/** Why a healthy wait on `target` tests a guess, or undefined when it tests the dependency's own healthcheck. */
export function guessedHealth(target: Service, image: ImageFacts | undefined): string | undefined {
  const own = target.healthcheck;
  if (own !== undefined && !own.disable && own.test.length > 1) return undefined;
  if (own?.disable) return `compose switches off the healthcheck of '${target.name}' (disable: true, or test: NONE), so compose would refuse the condition`;
  const imageCheck = image?.config.healthcheck;
  if (imageCheck !== undefined && !imageCheck.disable && imageCheck.test.length > 1) return undefined;
  if (imageCheck?.disable) return `'${target.name}' has no healthcheck: compose writes none and its image switches its own off (HEALTHCHECK NONE), so compose would refuse the condition`;
  // A Dockerfile whose base image is not locked may inherit a HEALTHCHECK nobody here sees.
  if (image?.complete === true) return `'${target.name}' has no healthcheck: compose writes none and its image (${image.source === 'dockerfile' ? 'its Dockerfile' : 'the image lock entry'}) has no HEALTHCHECK`;
  return `compose writes no healthcheck for '${target.name}', and its image's HEALTHCHECK, which compose would use, is not known to the converter (lock the image: cdk8s-compose images lock)`;
}

/** The warning: what the wait tests instead of the dependency's health. */
export function guessedHealthWarning(label: string, target: Service, image: ImageFacts | undefined, host: string, port: number): string | undefined {
  const why = guessedHealth(target, image);
  if (why === undefined) return undefined;
  return `${label} asks for '${target.name}' to be healthy, but ${why}: the wait is only for ${host}:${port} to accept TCP connections, which may come before the service is healthy; write a healthcheck for '${target.name}' to wait for what it means`;
}
