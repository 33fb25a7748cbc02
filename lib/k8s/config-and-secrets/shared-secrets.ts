/**
 * One Secret per secret value that several services take from one variable (issue 19.2): a Postgres
 * password given to `db` as POSTGRES_PASSWORD and to `web` and `worker` as DB_PASSWORD is one key,
 * `DB_PASSWORD`, of one Secret `db-password-env`, rather than a copy in each service's `<service>-env`.
 * Rotating it, sealing it or fetching it from a secret manager then happens once.
 *
 * Decided from the compose model alone — which variable each environment value is, never what it
 * holds — so the manifests are the same with or without the secret material (issue 19.1).
 */
import type { ComposeProject, Service, VariableUse } from '../../compose/model.ts';
import { dnsLabel } from '../names/object-names.ts';
import { isSensitiveVariable } from './sensitive.ts';

/** A Secret holding one shared variable, under its own name as key. */
export interface SharedSecret {
  readonly name: string;
  readonly key: string;
  /** The services whose environment reads it, in compose order. */
  readonly services: readonly string[];
  /** Its value, which only `cdk8s-compose secrets` prints. */
  readonly value: string;
}

const cache = new WeakMap<ComposeProject, ReadonlyMap<string, SharedSecret>>();

/**
 * The shared Secrets of the project, by variable name. `madeFrom`: the services made from another
 * (an ofelia job's service → its service), which read its Secret and are no reader of their own:
 * a Nextcloud with one cron job took its `${DB_PASSWORD}` from a Secret shared by `app` and
 * `app-cron` (until 2026-12-07). The same project is always asked with the same `madeFrom`.
 */
export function sharedSecretsOf(project: ComposeProject, names: Readonly<Record<string, string>>, madeFrom: Readonly<Record<string, string>> = {}): ReadonlyMap<string, SharedSecret> {
  const cached = cache.get(project);
  if (cached) return cached;
  const readers = new Map<string, { services: string[]; values: Set<string> }>();
  for (const service of Object.values(project.services)) {
    const reader = Object.hasOwn(madeFrom, service.name) ? madeFrom[service.name]! : service.name;
    for (const [, use] of wholeSecretVariables(service)) {
      let entry = readers.get(use.name);
      if (!entry) readers.set(use.name, (entry = { services: [], values: new Set() }));
      if (!entry.services.includes(reader)) entry.services.push(reader);
      entry.values.add(use.value);
    }
  }
  const taken = new Set([
    ...Object.values(project.services).map((service) => `${names[service.name] ?? service.name}-env`),
    ...[...Object.keys(project.secrets), ...Object.keys(project.configs)].map((key) => dnsLabel(key)),
  ]);
  const shared = new Map<string, SharedSecret>();
  for (const [variable, { services, values }] of [...readers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // Two compose defaults of an unset variable (`${X:-a}`, `${X:-b}`) are two values: each service keeps its own.
    if (services.length < 2 || values.size > 1) continue;
    const base = dnsLabel(variable, 'secret', 52);
    const name = taken.has(`${base}-env`) ? `${base}-shared-env` : `${base}-env`;
    taken.add(name);
    shared.set(variable, { name, key: variable, services, value: [...values][0] ?? '' });
  }
  cache.set(project, shared);
  return shared;
}

/**
 * The service's environment entries that go to a Secret and are one secret variable whole
 * (`DB_PASSWORD: ${DB_PASSWORD}`, `POSTGRES_PASSWORD: ${DB_PASSWORD:-dev}`), with that variable.
 * Options are left out: a service that keeps such an entry plain (plainEnvironment) just does not
 * read the shared Secret.
 */
export function wholeSecretVariables(service: Service): [string, VariableUse][] {
  const found: [string, VariableUse][] = [];
  for (const [name, value] of Object.entries(service.environment)) {
    const uses = service.interpolated[`environment.${name}`];
    const use = uses?.length === 1 ? uses[0] : undefined;
    if (value === null || use === undefined || use.value !== value || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(use.name)) continue;
    if (isSensitiveVariable(service, name, value)) found.push([name, use]);
  }
  return found;
}
