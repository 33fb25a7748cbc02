/** Paths inside a container or an image (POSIX, absolute), as compose mounts and Dockerfiles write them. */

/** `/etc/teleport/` as `/etc/teleport`; `/` stays. */
export function withoutTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** Whether `path` lies strictly below `directory`. */
export function isBelow(path: string, directory: string): boolean {
  return path !== directory && path.startsWith(directory === '/' ? '/' : `${directory}/`);
}
