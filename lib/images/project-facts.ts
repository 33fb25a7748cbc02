import type { ComposeProject, Service } from '../compose/model.ts';
import { dockerfileFacts } from './dockerfile/read.ts';
import type { FactsResult } from './facts.ts';
import { parseImageReference } from './reference.ts';
import { DEFAULT_PLATFORM, lockedImageFacts, readImageLock, type LoadedLock } from './lock-file.ts';

/**
 * What every service's image says about how it runs, read once on the loading side so that
 * translation rules never read files or the network: `services[name]` answers "what does this
 * service's image expose, run as, check, run" in one look-up.
 */
export interface ProjectImageFacts {
  readonly services: Readonly<Record<string, FactsResult>>;
  /** The lock file read, when there was one. */
  readonly lockFile?: string;
}

/**
 * A service with `build:` gets its Dockerfile's facts, on top of its base image's from the lock
 * file when locked (as the build would start from that image's config); a service with only
 * `image:` gets the lock file's. Reads the Dockerfiles and the lock file, never the network.
 */
export function readProjectImageFacts(project: ComposeProject, lock: LoadedLock | undefined = readImageLock(project)): ProjectImageFacts {
  const builds = projectBuilds(project, lock);
  const services: Record<string, FactsResult> = {};
  for (const service of Object.values(project.services)) services[service.name] = service.build ? builds.facts(service) : pulledFacts(service, project, lock);
  return { services, ...(lock ? { lockFile: lock.file } : {}) };
}

/** The canonical reference of an image, or undefined when it is malformed. */
function canonicalReference(reference: string): string | undefined {
  try {
    return parseImageReference(reference).canonical;
  } catch {
    return undefined;
  }
}

/**
 * The facts of every build of the project, each read once: a Dockerfile FROM an image another
 * service builds (its `image:`, else compose's `<project>-<service>`) starts from that build's
 * facts, as the image compose built would (dmoj-docker's static, site and celery FROM the `base`
 * service's dmoj-site-base); a chain that comes back to itself starts from nothing known.
 */
function projectBuilds(project: ComposeProject, lock: LoadedLock | undefined): { facts: (service: Service) => FactsResult } {
  const builders = new Map<string, Service>();
  for (const service of Object.values(project.services)) {
    if (!service.build) continue;
    const reference = canonicalReference(service.image ?? `${project.name}-${service.name}`);
    if (reference !== undefined && !builders.has(reference)) builders.set(reference, service);
  }
  const done = new Map<string, FactsResult>();
  const pending = new Set<string>();
  const facts = (service: Service): FactsResult => {
    const known = done.get(service.name);
    if (known) return known;
    pending.add(service.name);
    const platform = service.platform ?? DEFAULT_PLATFORM;
    const result = dockerfileFacts(service, project, {
      baseConfig: (reference) => lockedImageFacts(lock, reference, platform).facts?.config,
      projectImage: (reference) => {
        const canonical = canonicalReference(reference);
        const builder = canonical === undefined ? undefined : builders.get(canonical);
        return builder === undefined || builder === service || pending.has(builder.name) ? undefined : facts(builder).facts;
      },
    })!;
    pending.delete(service.name);
    done.set(service.name, result);
    return result;
  };
  return { facts };
}

function pulledFacts(service: Service, project: ComposeProject, lock: LoadedLock | undefined): FactsResult {
  const platform = service.platform ?? DEFAULT_PLATFORM;
  if (!service.image) return { reason: `service ${service.name} has neither image nor build`, location: service.location };
  const result = lockedImageFacts(lock, service.image, platform);
  return result.facts ? result : { reason: result.reason, location: project.locations[`services.${service.name}.image`] ?? service.location };
}

/**
 * The references `images lock` resolves: every service image that is pulled (a service with
 * `build:` names the image it builds, which no registry has yet) and every build's base image.
 */
export function referencesToLock(project: ComposeProject): string[] {
  const references = new Set<string>();
  // A base image another service builds is the project's, which no registry has: its own base is locked.
  const builds = projectBuilds(project, undefined);
  for (const service of Object.values(project.services)) {
    if (!service.build) {
      if (service.image) references.add(service.image);
      continue;
    }
    const facts = builds.facts(service);
    if (facts?.facts?.baseImage && facts.facts.baseImage !== 'scratch') references.add(facts.facts.baseImage);
  }
  // Normalized, so `postgres:16` and `docker.io/library/postgres:16` are fetched once; a malformed
  // reference stays as written for the command to report.
  const canonical = [...references].map((reference) => {
    try {
      return parseImageReference(reference).canonical;
    } catch {
      return reference;
    }
  });
  return [...new Set(canonical)].sort();
}
