import type { ExposedPort, Healthcheck, SourceLocation } from '../compose/model.ts';

/**
 * What an image says about how it runs, whether read from a Dockerfile or from a registry's image
 * config (through the lock file). Plain data in the model's terms (durations in milliseconds,
 * healthchecks shaped as compose's), so translation rules treat both sources alike. An absent field
 * means the image leaves it unset — unless `ImageFacts.complete` is false, when it is unknown.
 */
export interface ImageConfig {
  readonly user?: ImageUser;
  readonly exposedPorts: readonly ExposedPort[];
  /** `test: ['NONE']`, `disable: true` for `HEALTHCHECK NONE`. */
  readonly healthcheck?: Healthcheck;
  readonly workingDir?: string;
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly stopSignal?: string;
}

/** The image's user: numeric ids when the image makes them certain. */
export interface ImageUser {
  /** As the image states it: `USER app:staff`, or the config's `User` (`101`, `nginx`). */
  readonly spec: string;
  readonly uid?: number;
  readonly gid?: number;
  /** Why `uid` is unknown (a name the image's base defines, a system user without a fixed uid, …). */
  readonly unresolved?: string;
  /** Created with `useradd -r`/`adduser --system` and no uid: the image's tools chose one (usually below 1000). */
  readonly system?: boolean;
}

export interface ImageFacts {
  readonly config: ImageConfig;
  readonly source: 'dockerfile' | 'lock';
  /**
   * False when part of the image is unknown: a Dockerfile whose base image is not in the lock
   * file, so the base's USER, EXPOSE, CMD… may apply where `config` shows nothing.
   */
  readonly complete: boolean;
  /** The external image the (final stage of the) build starts from, or the locked reference itself. */
  readonly baseImage?: string;
  /** Servers that start as root which the Dockerfile installs (`apk add nginx`), sorted (Dockerfile facts only). */
  readonly installsRootServers?: readonly string[];
  /**
   * The project's scripts the image's ENTRYPOINT or CMD runs, copied from the build context: text
   * by the path the image has them at (`/cmd.sh`), read at load (Dockerfile facts only).
   */
  readonly startedScripts?: Readonly<Record<string, string>>;
  /** Where the Dockerfile put files in the image (COPY and ADD destinations, copies.ts), sorted (Dockerfile facts only). */
  readonly placedFiles?: readonly string[];
  /** The locked platform manifest's digest (lock facts only). */
  readonly digest?: string;
  /** The digest the reference resolved to: the multi-platform index's where there is one (lock facts only). */
  readonly referenceDigest?: string;
  /** Where the facts were read: the Dockerfile, or the lock file. */
  readonly file: string;
}

/** Facts, or why there are none (for a warning: the rule then keeps its compose-only behaviour). */
export type FactsResult = { readonly facts: ImageFacts; readonly reason?: undefined } | { readonly facts?: undefined; readonly reason: string; readonly location?: SourceLocation };
