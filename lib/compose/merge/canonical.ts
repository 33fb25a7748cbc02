import { carryOrigin, checkKey, isMapping, newMapping, newNameMapping, originOf, setOrigin, Tagged, type Mapping, type Tree } from '../read/tree.ts';

/**
 * Rewrites the alternative syntaxes that merging must treat alike into one form, per file and
 * before merging (compose-go converts them the same way while merging): `KEY=VAL` lists become
 * mappings, `depends_on`/`networks` lists become mappings, strings that stand for one-item lists
 * become lists. Values keep their origins.
 */
export function canonicalizeFile(root: Mapping): void {
  // A job's container and workload keys are a service's (compose-go 2.16).
  for (const section of ['services', 'jobs']) {
    const entries = root[section];
    if (!isMapping(entries)) continue;
    for (const name of Object.keys(entries)) {
      const service = entries[name];
      if (isMapping(service)) canonicalizeService(service);
    }
  }
  for (const section of ['networks', 'volumes', 'secrets', 'configs']) {
    const entries = root[section];
    if (!isMapping(entries)) continue;
    for (const entry of Object.values(entries)) {
      if (isMapping(entry)) convert(entry, 'labels', keyValueMapping);
    }
  }
}

const KEY_VALUE_KEYS = ['environment', 'labels', 'annotations', 'sysctls'];
const LIST_KEYS = ['env_file', 'label_file', 'dns', 'dns_search', 'dns_opt', 'tmpfs'];

function canonicalizeService(service: Mapping): void {
  for (const key of KEY_VALUE_KEYS) convert(service, key, keyValueMapping);
  for (const key of LIST_KEYS) convert(service, key, (value) => stringToList(value, service, key));
  convert(service, 'depends_on', (value) => namesToMapping(value, () => dependsOnDefaults()));
  convert(service, 'networks', (value) => namesToMapping(value, () => null));
  convert(service, 'models', (value) => namesToMapping(value, () => null));
  convert(service, 'extra_hosts', extraHostsList);
  convert(service, 'extends', (value) => (typeof value === 'string' ? mappingOf({ service: value }) : value));
  convert(service, 'build', (value) => (typeof value === 'string' ? mappingOf({ context: value }) : value));
  const build = untag(service['build']);
  if (isMapping(build)) {
    for (const key of ['args', 'labels', 'additional_contexts']) convert(build, key, keyValueMapping);
    convert(build, 'extra_hosts', extraHostsList);
  }
  const deploy = untag(service['deploy']);
  if (isMapping(deploy)) convert(deploy, 'labels', keyValueMapping);
  for (const key of ['post_start', 'pre_stop', 'pre_start']) {
    const hooks = untag(service[key]);
    if (!Array.isArray(hooks)) continue;
    for (const hook of hooks) if (isMapping(hook)) for (const field of KEY_VALUE_KEYS) convert(hook, field, keyValueMapping);
  }
}

function dependsOnDefaults(): Mapping {
  return mappingOf({ condition: 'service_started', required: true });
}

function untag(value: Tree | undefined): Tree | undefined {
  return value instanceof Tagged ? value.value : value;
}

/** Applies `rewrite` to `owner[key]`, looking through `!override` / `!reset` tags. */
function convert(owner: Mapping, key: string, rewrite: (value: Tree) => Tree): void {
  const value = owner[key];
  if (value === undefined) return;
  owner[key] = value instanceof Tagged ? new Tagged(value.tag, rewrite(value.value)) : rewrite(value);
}

function mappingOf(entries: Record<string, Tree>): Mapping {
  return Object.assign(newMapping(), entries);
}

/**
 * Lists with other items than strings are left as they are: converting would drop those items,
 * which schema validation must report.
 */
function isStringList(value: Tree): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** `["A=1", "B"]` → `{A: "1", B: null}`; a mapping stays as it is. */
function keyValueMapping(value: Tree): Tree {
  if (!isStringList(value)) return value;
  const mapping = newNameMapping();
  value.forEach((item, index) => {
    const equals = item.indexOf('=');
    const key = equals < 0 ? item : item.slice(0, equals);
    checkKey(key, originOf(value, index)?.location);
    mapping[key] = equals < 0 ? null : item.slice(equals + 1);
    carryOrigin(value, index, mapping, key);
  });
  return mapping;
}

/** `"a"` → `["a"]`; the item keeps the location the string was written at. */
function stringToList(value: Tree, owner: Mapping, key: string): Tree {
  if (typeof value !== 'string') return value;
  const list = [value];
  setOrigin(list, 0, originOf(owner, key));
  return list;
}

function namesToMapping(value: Tree, entry: () => Tree): Tree {
  if (!isStringList(value)) return value;
  const mapping = newNameMapping();
  value.forEach((item, index) => {
    checkKey(item, originOf(value, index)?.location);
    mapping[item] = entry();
    carryOrigin(value, index, mapping, item);
  });
  return mapping;
}

/** `{host: ip}` and `{host: [ip, ip]}` → `["host=ip", …]`, the form compose-go merges. */
function extraHostsList(value: Tree): Tree {
  // Addresses that are not scalars stay in the mapping, for schema validation to report.
  const scalar = (address: Tree | undefined): boolean => typeof address !== 'object' || address === null;
  if (!isMapping(value) || !Object.values(value).every((addresses) => (Array.isArray(addresses) ? addresses.every(scalar) : scalar(addresses)))) {
    return value;
  }
  const list: Tree[] = [];
  // Sorted like compose-go, which converts the mapping through a sorted key list.
  for (const host of Object.keys(value).sort()) {
    const addresses = value[host] ?? null;
    for (const address of Array.isArray(addresses) ? addresses : [addresses]) {
      carryOrigin(value, host, list, list.length);
      list.push(`${host}=${String(address)}`);
    }
  }
  return list;
}
