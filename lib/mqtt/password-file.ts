import { mosquittoPasswordHash } from './password-hash.ts';

export interface BrokerUser {
  readonly user: string;
  readonly password: string;
}

/**
 * A mosquitto password file: `existing`'s comments and its entries for other users (a field device
 * added with mosquitto_passwd), then one hashed entry per user, in the order given.
 */
export function passwordFileText(users: readonly BrokerUser[], existing = ''): string {
  const generated = new Set(users.map((entry) => entry.user));
  const kept = existing.split('\n').filter((line) => line.trim() !== '' && !generated.has(line.split(':', 1)[0]!));
  const lines = [...kept, ...users.map((entry) => `${entry.user}:${mosquittoPasswordHash(entry.password)}`)];
  return `${lines.join('\n')}\n`;
}

/** The users a mosquitto ACL file gives topics to (its `user <name>` lines). */
export function aclUsers(acl: string): Set<string> {
  return new Set([...acl.matchAll(/^\s*user\s+(\S.*?)\s*$/gm)].map((match) => match[1]!));
}
