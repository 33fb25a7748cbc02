import path from 'node:path';
import { isRecord } from './compare.ts';

/*
 * The two models are compared after removing differences of representation only — the same
 * setting written two ways. Each rule says which side it touches and why; nothing here hides a
 * difference of meaning (those are fixed in lib/compose or listed in compose-go-deviations.json).
 *
 * Both sides:
 * - empty mappings and lists are dropped (compose-go prints `volume: {}` or `healthcheck: {}` for
 *   options that are all defaults, we leave them out);
 * - defaults one side spells out and the other leaves implicit are dropped: `build.dockerfile:
 *   Dockerfile` (compose-go fills it in), `depends_on.*.restart: false` (compose-go omits false);
 * - `healthcheck.test: [NONE]` is `healthcheck.disable: true` (we print both, compose-go the latter);
 * - byte sizes (`shm_size`, `memory`, `mem_*`, `memswap_limit`, `size`) are numbers (compose-go
 *   prints them as strings of digits);
 * - absolute host paths are compared cleaned (compose-go keeps an absolute bind source as written,
 *   `/etc/pihole/`; we clean it).
 *
 * compose-go's side:
 * - `bind.create_host_path` is made explicit: compose-go omits it when true (its OptOut type) and
 *   has no `bind` at all for a long-syntax bind that does not set it, where it is false;
 * - `scale: N` is `deploy.replicas: N` (we fold the legacy key into deploy, as compose does when
 *   it creates containers).
 *
 * Our side:
 * - `$$` in values is `$`: our config escapes `$` as docker compose config does in its text, while
 *   the reference program prints compose-go's model unescaped;
 * - a secret's `content: <redacted>` is dropped: compose-go never prints a secret's content either.
 *
 * Both functions change the parsed model they are given and return the normalized one.
 */
export function normalizeReference(model: unknown): unknown {
  if (!isRecord(model)) return model;
  const services = isRecord(model['services']) ? model['services'] : {};
  for (const service of Object.values(services)) {
    if (!isRecord(service)) continue;
    for (const volume of Array.isArray(service['volumes']) ? service['volumes'] : []) {
      if (!isRecord(volume) || volume['type'] !== 'bind') continue;
      if (!isRecord(volume['bind'])) volume['bind'] = { create_host_path: false };
      else if (!('create_host_path' in volume['bind'])) volume['bind']['create_host_path'] = true;
    }
    if (typeof service['scale'] === 'number') {
      const deploy = isRecord(service['deploy']) ? service['deploy'] : {};
      deploy['replicas'] ??= service['scale'];
      service['deploy'] = deploy;
      delete service['scale'];
    }
  }
  return normalizeBoth(model);
}

export function normalizeOurs(escaped: unknown): unknown {
  const model = unescapeDollars(escaped);
  if (!isRecord(model)) return model;
  for (const secret of Object.values(isRecord(model['secrets']) ? model['secrets'] : {})) {
    if (isRecord(secret) && secret['content'] === '<redacted>') delete secret['content'];
  }
  return normalizeBoth(model);
}

function unescapeDollars(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('$$', () => '$');
  if (Array.isArray(value)) return value.map(unescapeDollars);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unescapeDollars(item)]));
  return value;
}

const BYTE_FIELDS = new Set(['shm_size', 'memory', 'mem_limit', 'mem_reservation', 'memswap_limit', 'size']);

function normalizeBoth(model: Record<string, unknown>): unknown {
  const services = isRecord(model['services']) ? model['services'] : {};
  for (const service of Object.values(services)) {
    if (!isRecord(service)) continue;
    const build = service['build'];
    if (isRecord(build) && build['dockerfile'] === 'Dockerfile') delete build['dockerfile'];
    for (const dependency of Object.values(isRecord(service['depends_on']) ? service['depends_on'] : {})) {
      if (isRecord(dependency) && dependency['restart'] === false) delete dependency['restart'];
    }
    const healthcheck = service['healthcheck'];
    if (isRecord(healthcheck) && Array.isArray(healthcheck['test']) && healthcheck['test'].length === 1 && healthcheck['test'][0] === 'NONE') {
      delete healthcheck['test'];
      healthcheck['disable'] = true;
    }
    for (const volume of Array.isArray(service['volumes']) ? service['volumes'] : []) {
      if (isRecord(volume) && volume['type'] === 'bind' && typeof volume['source'] === 'string') volume['source'] = cleanAbsolute(volume['source']);
    }
  }
  return pruned(numbersForBytes(model));
}

function cleanAbsolute(source: string): string {
  if (!path.posix.isAbsolute(source)) return source;
  const normalized = path.posix.normalize(source);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

function numbersForBytes(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => numbersForBytes(item));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, numbersForBytes(item, name)]));
  if (BYTE_FIELDS.has(key) && typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return value;
}

/** Drops empty mappings and lists (recursively), keeping nulls: `networks: {default: null}` means something. */
function pruned(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => pruned(item));
  if (!isRecord(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const kept = pruned(item);
    if (Array.isArray(kept) && kept.length === 0) continue;
    if (isRecord(kept) && Object.keys(kept).length === 0) continue;
    result[key] = kept;
  }
  return result;
}
