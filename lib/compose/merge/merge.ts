import { parseShortDevice, shortVolumeTarget } from '../normalize/short-syntax.ts';
import { carryOrigin, isMapping, newMapping, Tagged, type Mapping, type Tree } from '../read/tree.ts';

/**
 * Merges `override` onto `base` with the Compose Specification's rules (13-merge.md, as
 * compose-go's override package implements them). Inputs are canonical trees
 * (see canonical.ts); `!reset` removes, `!override` replaces. Neither input is modified.
 */
export function mergeTrees(base: Tree | undefined, override: Tree | undefined, path: readonly string[] = []): Tree | undefined {
  if (override instanceof Tagged) return override.tag === 'reset' ? undefined : strip(override.value);
  if (base === undefined || base instanceof Tagged) return strip(override);
  if (override === undefined || override === null) return base;
  if (isMapping(base) && isMapping(override)) return mergeMappings(base, override, path);
  if (Array.isArray(base) && Array.isArray(override)) {
    return matchesAny(path, REPLACED_LISTS) ? strip(override) : concat(base, override);
  }
  return strip(override);
}

/** Lists that an override replaces instead of extending (13-merge.md#shell-commands). */
const REPLACED_LISTS = ['command', 'entrypoint', 'healthcheck.test'].flatMap(inContainers).concat([split('models.*.runtime_flags')]);
/** Mappings an override replaces as a whole. */
const REPLACED_MAPPINGS = inContainers('ulimits.*');
const LOGGING = inContainers('logging');
const IPAM = split('networks.*.ipam');

function split(pattern: string): readonly string[] {
  return pattern.split('.');
}

/** A key of services and of jobs, whose container keys are a service's (compose-go 2.16). */
function inContainers(key: string): (readonly string[])[] {
  return [split(`services.*.${key}`), split(`jobs.*.${key}`)];
}

/** `*` in a pattern matches any one key. */
function matches(path: readonly string[], pattern: readonly string[]): boolean {
  return path.length === pattern.length && pattern.every((segment, index) => segment === '*' || segment === path[index]);
}

function matchesAny(path: readonly string[], patterns: readonly (readonly string[])[]): boolean {
  return patterns.some((pattern) => matches(path, pattern));
}

function mergeMappings(base: Mapping, override: Mapping, path: readonly string[]): Tree | undefined {
  if (matchesAny(path, REPLACED_MAPPINGS)) return strip(override);
  if (matchesAny(path, LOGGING)) return mergeLogging(base, override, path);
  const result = newMapping(path[path.length - 1]);
  for (const key of Object.keys(base)) {
    result[key] = base[key] ?? null;
    carryOrigin(base, key, result, key);
  }
  for (const key of Object.keys(override)) {
    const merged = mergeTrees(result[key], override[key], [...path, key]);
    if (merged === undefined) {
      delete result[key];
      continue;
    }
    result[key] = merged;
    if (!(override[key] === null && key in base)) carryOrigin(override, key, result, key);
  }
  if (matches(path, IPAM)) mergeIpamConfig(result, base, override, path);
  return result;
}

/** Options merge only while the driver stays the same (compose-go mergeLogging). */
function mergeLogging(base: Mapping, override: Mapping, path: readonly string[]): Tree | undefined {
  const baseDriver = base['driver'];
  const overrideDriver = override['driver'];
  if (overrideDriver !== undefined && baseDriver !== undefined && baseDriver !== overrideDriver) return strip(override);
  const result = newMapping();
  if (baseDriver !== undefined || overrideDriver !== undefined) result['driver'] = overrideDriver ?? baseDriver ?? null;
  const options = mergeTrees(base['options'], override['options'], [...path, 'options']);
  if (options !== undefined) result['options'] = options;
  for (const key of Object.keys(override)) {
    if (key !== 'driver' && key !== 'options') result[key] = strip(override[key]) ?? null;
  }
  return result;
}

/** IPAM pools merge by subnet (compose-go mergeIPAMConfig). */
function mergeIpamConfig(result: Mapping, base: Mapping, override: Mapping, path: readonly string[]): void {
  const left = base['config'];
  const right = override['config'];
  if (!Array.isArray(left) || !Array.isArray(right)) return;
  const pools: Tree[] = left.map((pool) => pool);
  for (const pool of right) {
    const subnet = isMapping(pool) ? pool['subnet'] : undefined;
    const index = pools.findIndex((candidate) => isMapping(candidate) && subnet !== undefined && candidate['subnet'] === subnet);
    if (index < 0) pools.push(strip(pool) ?? null);
    else pools[index] = mergeTrees(pools[index], pool, [...path, 'config', String(index)]) ?? null;
  }
  result['config'] = pools;
}

function concat(base: Tree[], override: Tree[]): Tree[] {
  const list: Tree[] = [];
  base.forEach((item, index) => {
    carryOrigin(base, index, list, list.length);
    list.push(item);
  });
  override.forEach((item, index) => {
    const value = strip(item);
    if (value === undefined) return;
    carryOrigin(override, index, list, list.length);
    list.push(value);
  });
  return list;
}

/** Removes tags from a value that has nothing under it to merge with. */
function strip(value: Tree | undefined): Tree | undefined {
  if (value instanceof Tagged) return value.tag === 'reset' ? undefined : strip(value.value);
  if (Array.isArray(value)) {
    if (!value.some((item) => item instanceof Tagged || typeof item === 'object')) return value;
    return concat([], value);
  }
  if (isMapping(value)) return mergeMappings(newMapping(), value, []);
  return value;
}

/**
 * The key an entry is unique by; undefined when the entry does not have the shape the key comes
 * from. Such entries are kept as they are, for schema validation to report with their location.
 */
type Indexer = (item: Tree) => string | undefined;

/** A scalar as text (null and absent as ''); undefined for lists and mappings. */
function scalarText(value: Tree | undefined): string | undefined {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? undefined : String(value);
}

const keyValueIndexer: Indexer = (item) => {
  if (typeof item !== 'string') return JSON.stringify(item);
  const equals = item.indexOf('=');
  return equals < 0 ? item : item.slice(0, equals);
};
const itselfIndexer: Indexer = (item) => (typeof item === 'string' ? item : JSON.stringify(item));
const PORT_FIELDS = ['host_ip', 'published', 'target', 'protocol'];
const portIndexer: Indexer = (item) => {
  if (typeof item === 'number' || typeof item === 'string') return String(item);
  if (!isMapping(item)) return JSON.stringify(item);
  const fields = PORT_FIELDS.map((key) => scalarText(item[key]));
  if (fields.includes(undefined)) return undefined;
  const [hostIp, published, target, protocol] = fields;
  return `${hostIp}:${published}:${target}/${protocol || 'tcp'}`;
};
const volumeIndexer: Indexer = (item) => {
  if (typeof item === 'string') return shortVolumeTarget(item);
  return isMapping(item) ? scalarText(item['target']) : JSON.stringify(item);
};
const deviceIndexer: Indexer = (item) => {
  if (typeof item === 'string') return parseShortDevice(item).target;
  return isMapping(item) ? scalarText(item['target'] ?? item['source']) : JSON.stringify(item);
};
const mountIndexer =
  (directory: string): Indexer =>
  (item) => {
    if (typeof item === 'string') return `${directory}/${item}`;
    if (!isMapping(item)) return JSON.stringify(item);
    const target = item['target'];
    if (typeof target === 'string') return target.startsWith('/') ? target : `${directory}/${target}`;
    const source = scalarText(item['source']);
    return source === undefined ? undefined : `${directory}/${source}`;
  };
const envFileIndexer: Indexer = (item) => (isMapping(item) ? scalarText(item['path']) : itselfIndexer(item));

/** Service lists whose entries are unique by a key; a later entry replaces an earlier one in place. */
const UNIQUE_SERVICE_LISTS: Readonly<Record<string, Indexer>> = {
  cap_add: itselfIndexer,
  cap_drop: itselfIndexer,
  configs: mountIndexer(''),
  devices: deviceIndexer,
  dns: itselfIndexer,
  dns_opt: itselfIndexer,
  dns_search: itselfIndexer,
  env_file: envFileIndexer,
  expose: itselfIndexer,
  extra_hosts: itselfIndexer,
  label_file: itselfIndexer,
  links: keyValueIndexer,
  ports: portIndexer,
  profiles: itselfIndexer,
  secrets: mountIndexer('/run/secrets'),
  security_opt: itselfIndexer,
  tmpfs: itselfIndexer,
  volumes: volumeIndexer,
};
const UNIQUE_BUILD_LISTS: Readonly<Record<string, Indexer>> = {
  extra_hosts: itselfIndexer,
  platform: itselfIndexer,
  platforms: itselfIndexer,
  tags: itselfIndexer,
};
const UNIQUE_NETWORK_LISTS: Readonly<Record<string, Indexer>> = { aliases: itselfIndexer, link_local_ips: itselfIndexer };

/** De-duplicates the keyed lists of a merged service, in place (compose-go EnforceUnicity). */
export function enforceUnicity(service: Mapping): void {
  uniqueLists(service, UNIQUE_SERVICE_LISTS);
  const build = service['build'];
  if (isMapping(build)) uniqueLists(build, UNIQUE_BUILD_LISTS);
  const networks = service['networks'];
  if (isMapping(networks)) {
    for (const network of Object.values(networks)) if (isMapping(network)) uniqueLists(network, UNIQUE_NETWORK_LISTS);
  }
}

function uniqueLists(owner: Mapping, indexers: Readonly<Record<string, Indexer>>): void {
  for (const key of Object.keys(indexers)) {
    const list = owner[key];
    const indexer = indexers[key];
    if (Array.isArray(list) && list.length > 1 && indexer) owner[key] = unique(list, indexer);
  }
}

function unique(list: Tree[], indexer: Indexer): Tree[] {
  const result: Tree[] = [];
  const positions = new Map<string, number>();
  list.forEach((item, index) => {
    const key = indexer(item);
    const existing = key === undefined ? undefined : positions.get(key);
    const position = existing ?? result.length;
    if (existing === undefined && key !== undefined) positions.set(key, position);
    result[position] = item;
    carryOrigin(list, index, result, position);
  });
  return result;
}
