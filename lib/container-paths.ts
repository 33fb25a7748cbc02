/** Paths inside a container or an image (POSIX, absolute), as compose mounts and Dockerfiles write them. */

/** `/etc/teleport/` as `/etc/teleport`; `/` stays. */
export function withoutTrailingSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** Whether `path` lies strictly below `directory`. */
export function isBelow(path: string, directory: string): boolean {
  return path !== directory && path.startsWith(directory === '/' ? '/' : `${directory}/`);
}

/**
 * The directories a bare command name (`start-container`, `docker-entrypoint`) is looked up in, in
 * order: the PATH Docker gives a Linux container whose image sets none, which the official base
 * images keep (`/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`).
 */
export const COMMAND_SEARCH_PATH: readonly string[] = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** A command word that is a bare program name, looked up in the PATH: no slash, no variable, no option. */
export function isBareCommandName(word: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/.test(word);
}
