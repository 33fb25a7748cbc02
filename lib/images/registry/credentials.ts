import path from 'node:path';
import { readBoundedText } from '../bounded-read.ts';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface DockerCredentials {
  /** The user's credentials for a registry (`docker.io`, `ghcr.io`, `127.0.0.1:5000`), if `auths` has them. */
  readonly forRegistry: (registry: string) => Credentials | undefined;
  /** Things in the config we do not use, for a notice (credential helpers, identity tokens). */
  readonly notices: readonly string[];
}

const MAX_CONFIG_BYTES = 1024 * 1024;
/** Docker Hub's credentials are filed under its old v1 index URL. */
const DOCKER_HUB_KEYS = ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

/**
 * The `auths` of docker's config.json (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`):
 * what `docker login` stores when no credential helper is set up. Helpers (`credsStore`,
 * `credHelpers`) run programs, which this tool does not do; they are named in `notices`.
 */
export function dockerCredentials(environment: Readonly<Record<string, string | undefined>>): DockerCredentials {
  const directory = environment['DOCKER_CONFIG'] ?? (environment['HOME'] ? path.join(environment['HOME'], '.docker') : undefined);
  const none: DockerCredentials = { forRegistry: () => undefined, notices: [] };
  if (!directory) return none;
  const file = path.join(directory, 'config.json');
  // The user's own file, wherever a dotfiles manager links it: no project boundary applies.
  const read = readBoundedText(file, [path.parse(path.resolve(file)).root], MAX_CONFIG_BYTES);
  if (!read.ok) return read.missing ? none : { ...none, notices: [`${file} ${read.reason}: using no credentials`] };
  let config: { auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>; credsStore?: string; credHelpers?: Record<string, string> };
  try {
    config = JSON.parse(read.text) as typeof config;
  } catch {
    return { ...none, notices: [`${file} is not valid JSON: using no credentials`] };
  }
  const notices: string[] = [];
  if (config.credsStore) notices.push(`${file}: credsStore ${config.credsStore} is not used (credential helpers run programs); only "auths" entries are`);
  const entries = new Map<string, Credentials>();
  for (const [key, entry] of Object.entries(config.auths ?? {})) {
    const host = hostOf(key);
    if (entry.identitytoken) notices.push(`${file}: the identity token for ${host} is not used (only user and password)`);
    const decoded = entry.auth ? Buffer.from(entry.auth, 'base64').toString('utf8') : undefined;
    const colon = decoded?.indexOf(':') ?? -1;
    const username = decoded && colon > 0 ? decoded.slice(0, colon) : entry.username;
    const password = decoded && colon > 0 ? decoded.slice(colon + 1) : entry.password;
    if (username && password) entries.set(host, { username, password });
  }
  return {
    forRegistry: (registry) => (registry === 'docker.io' ? DOCKER_HUB_KEYS.map((key) => entries.get(hostOf(key))).find(Boolean) : entries.get(registry)),
    notices,
  };
}

/** `https://ghcr.io/v1/` and `ghcr.io` name the same registry. */
function hostOf(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}
