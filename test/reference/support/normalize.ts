import path from 'node:path';
import { isRecord } from './compare.ts';

/*
 * The two models are compared after removing differences of representation only — the same
 * setting written two ways. Each rule says which side it touches and why; nothing here hides a
 * difference of meaning (those are fixed in lib/compose or listed in compose-go-deviations.json).
 *
 * Both sides:
 * - empty mappings and lists are dropped (compose-go prints `volume: {}` or `healthcheck: {}` for
 *   options that are all defaults, we leave them out), and a service's network without options is
 *   `null` (compose-go prints `back: {}` when the file wrote it so);
 * - defaults one side spells out and the other leaves implicit are dropped: `build.dockerfile:
 *   Dockerfile` (compose-go fills it in), `depends_on.*.restart: false` (compose-go omits false),
 *   `deploy.mode: replicated` (we omit it);
 * - `healthcheck.test: [NONE]` is `healthcheck.disable: true` (we print both, compose-go the latter);
 * - byte sizes (`shm_size`, `memory`, `mem_*`, `memswap_limit`, `size`) and cpus are numbers
 *   (compose-go prints sizes as strings of digits, we print cpus as a string);
 * - `extra_hosts` are `host=address`, sorted (compose-go sorts them and writes `=`, we keep the
 *   order and separator written);
 * - absolute host paths are compared cleaned (compose-go keeps an absolute bind source as written,
 *   `/etc/pihole/`; we clean it).
 *
 * compose-go's side:
 * - `bind.create_host_path` is made explicit: compose-go omits it when true (its OptOut type) and
 *   has no `bind` at all for a long-syntax bind that does not set it, where it is false;
 * - the legacy service keys we fold into `deploy`, as compose does when it creates containers, are
 *   folded the same way: `scale` into `replicas`, `cpus`, `mem_limit`, `mem_reservation` and
 *   `pids_limit` into `resources`;
 * - `expose` ranges are expanded (`4000-4001/udp` is 4000/udp and 4001/udp), and a ulimit given as
 *   one number is that soft and hard limit;
 * - a service's secret or config target is the path the engine mounts it at: `/run/secrets/<source>`
 *   or `/<source>` when absent, below those folders when relative (we resolve it at load);
 *   file modes are numbers (compose-go prints `0440`).
 *
 * Our side:
 * - `$$` in values is `$`: our config escapes `$` as docker compose config does in its text, while
 *   the reference program prints compose-go's model unescaped;
 * - devices are `{source, target, permissions}` (we print the short syntax);
 * - a secret's `content: <redacted>` is dropped: compose-go never prints a secret's content either.
 *
 * Both functions change the parsed model they are given and return the normalized one.
 */
export function normalizeReference(model: unknown): unknown {
  if (!isRecord(model)) return model;
  for (const service of services(model)) {
    for (const volume of list(service['volumes'])) {
      if (!isRecord(volume) || volume['type'] !== 'bind') continue;
      if (!isRecord(volume['bind'])) volume['bind'] = { create_host_path: false };
      else if (!('create_host_path' in volume['bind'])) volume['bind']['create_host_path'] = true;
    }
    foldLegacyKeys(service);
    if (Array.isArray(service['expose'])) service['expose'] = service['expose'].flatMap(expandedExpose);
    if (isRecord(service['ulimits'])) {
      for (const [name, limit] of Object.entries(service['ulimits'])) if (typeof limit === 'number') service['ulimits'][name] = { soft: limit, hard: limit };
    }
    for (const [section, directory] of [['secrets', '/run/secrets'], ['configs', '']] as const) {
      for (const reference of list(service[section])) {
        if (!isRecord(reference) || typeof reference['source'] !== 'string') continue;
        const target = typeof reference['target'] === 'string' ? reference['target'] : reference['source'];
        reference['target'] = target.startsWith('/') ? target : `${directory}/${target}`;
        if (typeof reference['mode'] === 'string' && /^[0-7]+$/.test(reference['mode'])) reference['mode'] = Number.parseInt(reference['mode'], 8);
      }
    }
  }
  return normalizeBoth(model);
}

export function normalizeOurs(escaped: unknown): unknown {
  const model = unescapeDollars(escaped);
  if (!isRecord(model)) return model;
  for (const service of services(model)) {
    if (Array.isArray(service['devices'])) service['devices'] = service['devices'].map(longDevice);
  }
  for (const secret of Object.values(isRecord(model['secrets']) ? model['secrets'] : {})) {
    if (isRecord(secret) && secret['content'] === '<redacted>') delete secret['content'];
  }
  return normalizeBoth(model);
}

function normalizeBoth(model: Record<string, unknown>): unknown {
  for (const service of services(model)) {
    const build = service['build'];
    if (isRecord(build) && build['dockerfile'] === 'Dockerfile') delete build['dockerfile'];
    for (const dependency of Object.values(isRecord(service['depends_on']) ? service['depends_on'] : {})) {
      if (isRecord(dependency) && dependency['restart'] === false) delete dependency['restart'];
    }
    const deploy = service['deploy'];
    if (isRecord(deploy) && deploy['mode'] === 'replicated') delete deploy['mode'];
    const healthcheck = service['healthcheck'];
    if (isRecord(healthcheck) && Array.isArray(healthcheck['test']) && healthcheck['test'].length === 1 && healthcheck['test'][0] === 'NONE') {
      delete healthcheck['test'];
      healthcheck['disable'] = true;
    }
    for (const volume of list(service['volumes'])) {
      if (isRecord(volume) && volume['type'] === 'bind' && typeof volume['source'] === 'string') volume['source'] = cleanAbsolute(volume['source']);
    }
    const networks = service['networks'];
    if (isRecord(networks)) for (const [name, options] of Object.entries(networks)) if (isRecord(options) && Object.keys(options).length === 0) networks[name] = null;
    if (Array.isArray(service['extra_hosts'])) service['extra_hosts'] = service['extra_hosts'].map(hostEntry).sort();
  }
  return pruned(numbersForAmounts(model));
}

function services(model: Record<string, unknown>): Record<string, unknown>[] {
  return Object.values(isRecord(model['services']) ? model['services'] : {}).filter(isRecord);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `scale`, `cpus`, `mem_limit`, `mem_reservation`, `pids_limit` moved to where `deploy` has them. */
function foldLegacyKeys(service: Record<string, unknown>): void {
  const deploy = isRecord(service['deploy']) ? service['deploy'] : {};
  const resources = isRecord(deploy['resources']) ? deploy['resources'] : {};
  const limits = isRecord(resources['limits']) ? resources['limits'] : {};
  const reservations = isRecord(resources['reservations']) ? resources['reservations'] : {};
  const moves: readonly (readonly [string, Record<string, unknown>, string])[] = [
    ['scale', deploy, 'replicas'],
    ['cpus', limits, 'cpus'],
    ['mem_limit', limits, 'memory'],
    ['pids_limit', limits, 'pids'],
    ['mem_reservation', reservations, 'memory'],
  ];
  for (const [legacy, section, key] of moves) {
    if (service[legacy] === undefined) continue;
    section[key] ??= service[legacy];
    delete service[legacy];
  }
  resources['limits'] = limits;
  resources['reservations'] = reservations;
  deploy['resources'] = resources;
  service['deploy'] = deploy;
}

function expandedExpose(entry: unknown): unknown[] {
  const match = typeof entry === 'string' ? /^(\d+)-(\d+)(\/\w+)?$/.exec(entry) : null;
  if (!match) return [entry];
  const [, first = '0', last = '0', protocol = ''] = match;
  return Array.from({ length: Number(last) - Number(first) + 1 }, (_, offset) => `${Number(first) + offset}${protocol}`);
}

function longDevice(device: unknown): unknown {
  if (typeof device !== 'string') return device;
  const [source, target, permissions] = device.split(':');
  return { source, target, permissions };
}

/** `host:address` as `host=address` (the first `:` separates them; an address may hold more). */
function hostEntry(entry: unknown): unknown {
  if (typeof entry !== 'string' || entry.includes('=')) return entry;
  const colon = entry.indexOf(':');
  return colon < 0 ? entry : `${entry.slice(0, colon)}=${entry.slice(colon + 1)}`;
}

function unescapeDollars(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('$$', () => '$');
  if (Array.isArray(value)) return value.map(unescapeDollars);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unescapeDollars(item)]));
  return value;
}

function cleanAbsolute(source: string): string {
  if (!path.posix.isAbsolute(source)) return source;
  const normalized = path.posix.normalize(source);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

const AMOUNT_FIELDS = new Set(['shm_size', 'memory', 'mem_limit', 'mem_reservation', 'memswap_limit', 'size', 'cpus']);

function numbersForAmounts(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => numbersForAmounts(item));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, numbersForAmounts(item, name)]));
  if (AMOUNT_FIELDS.has(key) && typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
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
