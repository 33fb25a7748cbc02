import type { Credentials } from './credentials.ts';

export interface Challenge {
  readonly scheme: 'bearer' | 'basic';
  readonly parameters: Readonly<Record<string, string>>;
}

/** `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="…"` → its parts. */
export function parseChallenge(header: string | null): Challenge | undefined {
  const match = header ? /^\s*(Bearer|Basic)\b\s*(.*)$/i.exec(header) : null;
  if (!match) return undefined;
  const parameters: Record<string, string> = {};
  for (const pair of match[2]!.matchAll(/([a-zA-Z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    parameters[pair[1]!.toLowerCase()] = pair[2] !== undefined ? pair[2].replace(/\\(.)/g, '$1') : pair[3]!;
  }
  return { scheme: match[1]!.toLowerCase() as Challenge['scheme'], parameters };
}

export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** The token-service URL the distribution spec's bearer flow asks: realm with service and scope. */
export function tokenUrl(challenge: Challenge, repository: string): URL {
  const realm = challenge.parameters['realm'];
  if (!realm) throw new Error('the registry asked for a bearer token without naming a realm');
  const url = new URL(realm);
  if (challenge.parameters['service']) url.searchParams.set('service', challenge.parameters['service']);
  url.searchParams.set('scope', challenge.parameters['scope'] ?? `repository:${repository}:pull`);
  return url;
}
