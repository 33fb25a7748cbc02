import type { ComposeProject } from '../compose/model.ts';

/**
 * The settings by which a service that sets `key`, a credential, says the feature it logs in to is
 * off: a switch of the same name group (`OIDC_ENABLE` beside `OIDC_CLIENT_SECRET`,
 * `APACHESECUREAUTH_LDAP_ENABLE` beside `APACHESECUREAUTH_LDAP_READER_PASSWORD`) that is empty,
 * unset or off, or the group's host (`SUPERVISOR_HOST` beside `SUPERVISOR_PASSWORD`, `PROXY_HOST`
 * beside `PROXY_PASSWORD`) or bucket (`S3_BUCKET` beside `S3_SECRET_KEY`) left empty, so there is
 * nothing to log in to. MISP's misp-docker passes
 * every optional integration's settings through `${VAR}` and its template.env leaves them commented
 * out: compose runs MISP with them blank and the integrations off, but `secrets` refused eight blank
 * credentials of integrations nobody turned on (OIDC, Azure AD, two LDAP plugins, the proxy, an
 * external supervisord, S3 attachment storage), so the stack could not be applied (until 2026-12-07).
 *
 * Only a group written out as the credential's own prefix counts (`S3_` for `S3_SECRET_KEY`), and an
 * address only as a host, server or bucket, never a URL or endpoint: an S3 client with no endpoint
 * still calls AWS. Sorted, so the warning reads the same everywhere.
 */
export function featureOffSettings(project: ComposeProject, key: string): string[] {
  const found = new Set<string>();
  const words = key.split('_');
  for (const service of Object.values(project.services)) {
    if (!(key in service.environment)) continue;
    for (let length = 1; length < words.length; length++) {
      const prefix = `${words.slice(0, length).join('_')}_`;
      if (prefix === '_') continue;
      for (const word of SWITCHES) {
        const name = prefix + word;
        if (!(name in service.environment)) continue;
        const value = (service.environment[name] ?? '').trim();
        if (value === '' || OFF.test(value)) found.add(value === '' ? `${name} is empty` : `${name}=${value}`);
      }
      for (const word of HOSTS) {
        const name = prefix + word;
        if (name in service.environment && (service.environment[name] ?? '').trim() === '') found.add(`${name} is empty`);
      }
    }
  }
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const SWITCHES = ['ENABLE', 'ENABLED'] as const;
const HOSTS = ['HOST', 'HOSTNAME', 'SERVER', 'ADDRESS', 'BUCKET'] as const;
const OFF = /^(?:no|false|0|off|disabled?)$/i;
