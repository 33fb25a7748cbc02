import type { ComposeProject, Service } from '../../compose/model.ts';
import { parseImage } from '../workload/image-profiles.ts';
import { commentTest } from './comment-lines.ts';
import { own } from '../plan/own.ts';

/**
 * How a well-known server of one listening port is told to listen on another: the command-line
 * flags its server program takes (`redis-server --port 6380`, `mongod --port 27018`, `postgres -p
 * 5433`, `mysqld --port=3307`), and, for Redis and its forks, the `port` directive of the
 * configuration file the command hands it (`redis-server /usr/local/etc/redis/redis.conf`, the file
 * compose mounts there). A command-line flag wins over the file, as the servers apply it last.
 */
interface PortSetting {
  readonly flags: readonly string[];
  /** A directive of the configuration file named on the command line, its port in group 1. */
  readonly directive?: RegExp;
}

const REDIS: PortSetting = { flags: ['--port'], directive: /^[ \t]*port[ \t]+(\d{1,5})[ \t]*$/gim };
const MONGO: PortSetting = { flags: ['--port'] };
const POSTGRES: PortSetting = { flags: ['-p'] };
const MYSQL: PortSetting = { flags: ['--port', '-P'] };

/** By the image's repository or its last path component, as IMAGE_DEFAULT_PORTS is keyed. */
const SETTINGS: Readonly<Record<string, PortSetting>> = {
  redis: REDIS,
  valkey: REDIS,
  keydb: REDIS,
  'redis-stack-server': REDIS,
  mongo: MONGO,
  mongodb: MONGO,
  postgres: POSTGRES,
  postgresql: POSTGRES,
  pgvector: POSTGRES,
  postgis: POSTGRES,
  timescaledb: POSTGRES,
  'timescaledb-ha': POSTGRES,
  'pgautoupgrade/pgautoupgrade': POSTGRES,
  mysql: MYSQL,
  mariadb: MYSQL,
};

/** The port a server's own settings give it, and where they say so. */
export interface SettingsPort {
  readonly port: number;
  readonly source: string;
}

/**
 * The TCP port the service's own settings move its well-known server (`image`: its own image, or
 * the one its Dockerfile starts from) to, instead of the image's usual one; none where they do not.
 * getodk/central runs Enketo's cache as `redis:5` with a mounted redis.conf that says `port 6380`,
 * which Enketo dials: its Service carried the usual 6379, where nothing listens, so its readiness
 * probe never passed and Enketo waited for it forever (until 2026-12-07).
 *
 * Read: the words of the command (and entrypoint), also inside an `sh -c` script, where a flag
 * takes the next word or `=N`; a `${VAR}` the shell expands at run time is no port. A configuration
 * file counts only where a word of the command names the path compose mounts it at, and the
 * directive only on a line not commented out.
 */
export function settingsPort(project: ComposeProject, service: Service, image: string): SettingsPort | undefined {
  const setting = settingOf(image);
  if (setting === undefined) return undefined;
  const words = [...(service.entrypoint ?? []), ...(service.command ?? [])].flatMap((word) => word.split(/[\s;&|()]+/)).filter((word) => word !== '');
  for (let index = words.length - 1; index >= 0; index--) {
    const word = words[index]!;
    for (const flag of setting.flags) {
      const written = word === flag ? words[index + 1] : word.startsWith(`${flag}=`) ? word.slice(flag.length + 1) : undefined;
      const port = written === undefined ? undefined : portOf(written);
      if (port !== undefined) return { port, source: `${flag} ${port} in its command` };
    }
  }
  if (setting.directive === undefined) return undefined;
  for (const [target, text] of mountedFiles(project, service)) {
    if (!words.includes(target)) continue;
    const commented = commentTest(text);
    let found: number | undefined;
    setting.directive.lastIndex = 0;
    for (const match of text.matchAll(setting.directive)) {
      if (commented(match.index)) continue;
      // The server reads the file top to bottom: the last directive holds.
      found = portOf(match[1]!) ?? found;
    }
    if (found !== undefined) return { port: found, source: `port ${found} in ${target}` };
  }
  return undefined;
}

function settingOf(image: string): PortSetting | undefined {
  const { repository } = parseImage(image);
  return own(SETTINGS, repository) ?? own(SETTINGS, repository.slice(repository.lastIndexOf('/') + 1));
}

function portOf(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** The text of each project file compose bind-mounts as a file, by the path it has in the container. */
function mountedFiles(project: ComposeProject, service: Service): [target: string, text: string][] {
  const files: [string, string][] = [];
  for (const mount of service.volumes) {
    if (mount.type !== 'bind' || !Object.hasOwn(project.hostFiles, mount.source)) continue;
    const host = project.hostFiles[mount.source]!;
    if (host.kind === 'file' && !host.binary) files.push([mount.target, host.content]);
  }
  return files;
}
