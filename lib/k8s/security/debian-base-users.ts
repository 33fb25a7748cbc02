import { parseImage } from '../workload/image-profiles.ts';
import { own } from '../plan/own.ts';

/**
 * The users Debian's base-passwd creates with fixed ids in every Debian and Ubuntu image, with their
 * primary groups: a Dockerfile's `USER www-data` on such a base names uid 33, group 33, though the
 * Dockerfile creates no such user and the base image's own profile is unknown. On Alpine the same
 * names have other ids (daemon 2, www-data 82 where php's images create it), so the table applies
 * only to a base the converter can tell is Debian's or Ubuntu's.
 */
const DEBIAN_USERS: Readonly<Record<string, { readonly uid: number; readonly gid: number }>> = {
  daemon: { uid: 1, gid: 1 },
  bin: { uid: 2, gid: 2 },
  sys: { uid: 3, gid: 3 },
  games: { uid: 5, gid: 60 },
  man: { uid: 6, gid: 12 },
  lp: { uid: 7, gid: 7 },
  mail: { uid: 8, gid: 8 },
  news: { uid: 9, gid: 9 },
  uucp: { uid: 10, gid: 10 },
  proxy: { uid: 13, gid: 13 },
  'www-data': { uid: 33, gid: 33 },
  backup: { uid: 34, gid: 34 },
  list: { uid: 38, gid: 38 },
  irc: { uid: 39, gid: 39 },
};

/** Debian's and Ubuntu's release code names, as image tags carry them (`php8.4-bookworm`, `22.04-jammy`). */
const RELEASE_WORD = /(^|[-_.])(jessie|stretch|buster|bullseye|bookworm|trixie|forky|sid|xenial|bionic|focal|jammy|noble|oracular|plucky)([-_.]|$)/i;

/** The distribution images themselves, and buildpack-deps, which is Debian's or Ubuntu's by its tag. */
const DEBIAN_REPOSITORIES: ReadonlySet<string> = new Set(['debian', 'ubuntu', 'buildpack-deps']);

/**
 * Official images whose default variant (every tag but the Alpine and Windows ones) is built on
 * Debian or Ubuntu, as their Docker Hub pages list them: `nginx:1.27` is bookworm, `rabbitmq:4` and
 * `mariadb:11` are Ubuntu's. dfir-iris/iris-web's nginx image (`FROM nginx:1.27`, its cache and pid
 * file chowned to www-data, `USER www-data`) ran as the default uid 1000, which can write none of
 * them, as its tag names no release (until 2026-12-07).
 */
const DEBIAN_DEFAULT_REPOSITORIES: ReadonlySet<string> = new Set([
  'nginx', 'httpd', 'python', 'node', 'php', 'ruby', 'golang', 'perl', 'postgres', 'redis', 'wordpress',
  'rabbitmq', 'mariadb', 'tomcat', 'eclipse-temurin', 'haproxy', 'memcached', 'mongo', 'gcc', 'rust',
]);

/** A tag of another distribution's variant: `alpine3.20`, `1.27-alpine-slim`, `windowsservercore-ltsc2022`. */
const OTHER_VARIANT = /alpine|windowsservercore|nanoserver|ubi|oraclelinux|amazonlinux/i;

/** Whether the image is Debian's or Ubuntu's, names one of their releases in its tag, or is an official image's Debian or Ubuntu default variant. */
export function isDebianFamilyImage(image: string): boolean {
  const { repository, registry, tag } = parseImage(image);
  if (DEBIAN_REPOSITORIES.has(repository) || (tag !== undefined && RELEASE_WORD.test(tag))) return true;
  return registry === undefined && DEBIAN_DEFAULT_REPOSITORIES.has(repository) && !OTHER_VARIANT.test(tag ?? '');
}

/**
 * The uid and primary gid of `name` on the base image `baseImage` when that is Debian's or Ubuntu's
 * and base-passwd fixes them. Pelican's panel image (pelican-dev/panel's Dockerfile, `USER www-data`
 * on dunglas/frankenphp-dev:php8.4-bookworm, its code `chown root:www-data`, mode 770) ran as the
 * default uid 1000, which could read none of it (until 2026-12-07).
 */
export function debianBaseUser(baseImage: string | undefined, name: string): { readonly uid: number; readonly gid: number } | undefined {
  if (baseImage === undefined || !isDebianFamilyImage(baseImage)) return undefined;
  return own(DEBIAN_USERS, name);
}
