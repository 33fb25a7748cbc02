/**
 * The project's scripts an image starts: files of the build context that the Dockerfile COPYs or
 * ADDs to the path its ENTRYPOINT or CMD runs (`COPY *.sh /` + `CMD ["/cmd.sh"]`). What such a
 * script does at start decides who must run it, as a command line does: friendica's opensocial.at
 * example builds its avatar and web servers FROM nginx with a cmd.sh that renders
 * /etc/nginx/conf.d/server_name.active before starting nginx, which only root may write, and ran
 * as the nginx profile's uid 101, exiting before nginx started (friendica/docker, until 2026-12-07).
 * Read on the loading side, so that rules never read files.
 */
import path from 'node:path';
import type { ImageConfig } from '../facts.ts';
import { COMMAND_SEARCH_PATH, isBareCommandName, isBelow } from '../../container-paths.ts';
import { ownContextCopies } from './copies.ts';
import type { ParsedDockerfile } from './parse.ts';

/** A shell script is text of a few KiB; a larger file is no script to read. */
export const MAX_SCRIPT_BYTES = 256 * 1024;

/**
 * The image paths the image's ENTRYPOINT and CMD name (absolute, or relative to its working
 * directory: `./docker-entrypoint.sh`), each with the build-context file the build copies there,
 * relative to the context (a candidate: the loader reads it only if the context has it); none where
 * no copy of the context puts it.
 */
export function startedContextFiles(parsed: ParsedDockerfile, config: ImageConfig, target?: string): ReadonlyMap<string, string> {
  const found = new Map<string, string>();
  const words = [...(config.entrypoint ?? []), ...(config.cmd ?? [])];
  const copies = ownContextCopies(parsed, target);
  for (const word of words) {
    if (/^(\/|\.\/)[^\s$]+$/.test(word)) {
      addCopiedFile(found, copies, word.startsWith('/') ? path.posix.normalize(word) : path.posix.join(config.workingDir ?? '/', word));
    } else if (isBareCommandName(word)) {
      // A bare name runs the file of that name the PATH finds first: laravel/sail's runtimes copy
      // start-container to /usr/local/bin and start `ENTRYPOINT ["start-container"]`, whose usermod
      // and gosu need root; unread, the image ran as uid 1000 and gosu refused (until 2026-12-07).
      // Every directory's candidate is kept; the rules take the first one the context had. Only a
      // file copied there by name counts: every bare word (`sh`, `php`) lies below a folder copied
      // into a PATH directory (`COPY bin/ /usr/local/bin/`), which names no file of its own.
      for (const directory of COMMAND_SEARCH_PATH) addCopiedFile(found, copies, `${directory}/${word}`, false);
    }
  }
  return found;
}

/** Records the context file a copy of the build puts at `image`, if one does. */
function addCopiedFile(found: Map<string, string>, copies: ReturnType<typeof ownContextCopies>, image: string, belowFolders = true): void {
  const name = path.posix.basename(image);
  // A copy of the file itself is certain, a folder copied above it a guess: the last certain one
  // wins, as the last copy does in the image. nextcloud-spreed-signaling's server image copies
  // entrypoint.sh, stop.sh and wait.sh to `/` one by one; wait.sh was taken for a folder holding
  // /entrypoint.sh, and the script went unread (until 2026-12-07).
  let copied: string | undefined;
  let guessed: string | undefined;
  for (const copy of copies) {
    // A folder copied above it (`COPY . /var/www/` + `CMD ["/var/www/contrib/docker/start.apache.sh"]`,
    // pixelfed's): the file at the same place below the folder, when the context has it.
    const source = copy.sources.find((candidate) => copiesFileAt(candidate, copy.destination, copy.sources.length, image));
    const folder = belowFolders && copy.sources.length === 1 && isBelow(image, copy.destination) ? copy.sources[0] : undefined;
    if (source === undefined && folder !== undefined && !hasWildcard(folder) && !/^https?:\/\//.test(folder)) {
      guessed = path.posix.normalize(path.posix.join(folder, path.posix.relative(copy.destination, image)));
      continue;
    }
    if (source === undefined) continue;
    // Copied to its own name (`COPY cmd.sh /cmd.sh`), or into the folder that holds it (`COPY *.sh /`).
    const file = copy.destination === image && !hasWildcard(source) ? source : path.posix.join(path.posix.dirname(source), name);
    copied = path.posix.normalize(file.replace(/^\.\//, ''));
  }
  const file = copied ?? guessed;
  if (file !== undefined) found.set(image, file);
}

function hasWildcard(source: string): boolean {
  return /[*?[]/.test(source);
}

/** Whether copying `source` to `destination` (one of `count` sources) puts a file at `image`. */
function copiesFileAt(source: string, destination: string, count: number, image: string): boolean {
  if (source.startsWith('http://') || source.startsWith('https://') || source.endsWith('/') || source === '.') return false;
  const name = path.posix.basename(image);
  if (destination === image) return count === 1 && (!hasWildcard(source) || globMatches(path.posix.basename(source), name));
  return path.posix.dirname(image) === destination && globMatches(path.posix.basename(source), name);
}

/** A COPY pattern's base name against a file name (`*`, `?` and `[…]`, as Go's filepath.Match). */
function globMatches(pattern: string, name: string): boolean {
  let expression = '';
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index]!;
    if (character === '*') expression += '[^/]*';
    else if (character === '?') expression += '[^/]';
    else if (character === '[') {
      const end = pattern.indexOf(']', index + 1);
      if (end < 0) return false;
      expression += `[${pattern.slice(index + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      index = end;
    } else expression += character.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${expression}$`).test(name);
}
