import { createHash } from 'node:crypto';
import { dnsLabel } from '../k8s/names/object-names.ts';

const MAX_NAME = 63;
const HASH_LENGTH = 8;

/**
 * The name of a team's Job and Service: `td-<exercise>-<team>`, a DNS-1035 label of at most 63
 * characters. When the ids are not already lowercase DNS words, or the name would be too long, it
 * is shortened and suffixed with a hash of the ids as given, so distinct ids (`Blue` and `blue`)
 * never share a name and the same ids always get the same one.
 */
export function dashboardName(exerciseId: string, teamId: string): string {
  // Shortened below, with the hash that keeps shortened names apart.
  const exercise = dnsLabel(exerciseId, '', Infinity);
  const team = dnsLabel(teamId, '', Infinity);
  const readable = `td-${exercise}-${team}`;
  if (exercise === exerciseId && team === teamId && readable.length <= MAX_NAME) return readable;
  const hash = createHash('sha256').update(`${exerciseId}/${teamId}`).digest('hex').slice(0, HASH_LENGTH);
  const prefix = readable.slice(0, MAX_NAME - HASH_LENGTH - 1).replace(/-+$/, '');
  return `${prefix}-${hash}`;
}

