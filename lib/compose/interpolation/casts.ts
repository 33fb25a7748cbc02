import { ComposeError } from '../errors.ts';
import type { Tree } from '../read/tree.ts';

type Cast = (text: string) => Tree;

const toInt: Cast = (text) => {
  if (!/^[+-]?\d+$/.test(text.trim())) throw new ComposeError(`must be an integer, got "${text}"`);
  return Number.parseInt(text, 10);
};
const toFloat: Cast = (text) => {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) throw new ComposeError(`must be a number, got "${text}"`);
  return value;
};
const toBoolean: Cast = (text) => {
  const lower = text.trim().toLowerCase();
  if (['y', 'yes', 'true', 'on'].includes(lower)) return true;
  if (['n', 'no', 'false', 'off'].includes(lower)) return false;
  throw new ComposeError(`must be a boolean, got "${text}"`);
};

const toUmask: Cast = (text) => {
  // Go's ParseUint with base 0: a leading 0 or 0o makes it octal, 0x hexadecimal, 0b binary.
  const trimmed = text.trim();
  const value = /^0[0-7]+$/.test(trimmed) ? Number.parseInt(trimmed.slice(1), 8) : /^0[oxb][0-9a-f]+$/i.test(trimmed) ? Number(trimmed.toLowerCase()) : /^[0-9]+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isInteger(value)) throw new ComposeError(`must be an umask, got "${text}"`);
  return value;
};

/** Each of `parts` below each of `prefixes`: compose-go's layers (container, workload, service). */
const under = (prefixes: readonly string[], cast: Cast, ...parts: string[]): (readonly [string, Cast])[] => prefixes.map((prefix) => [`${prefix}.${parts.join('.')}`, cast] as const);

/** Where a container is declared: services, jobs and pre_start init containers. */
const CONTAINER = ['services.*', 'jobs.*', 'services.*.pre_start.*'];
/** Where a workload is declared: services and jobs. */
const WORKLOAD = ['services.*', 'jobs.*'];
const SERVICE = ['services.*'];

/*
 * The typed fields compose-go 2.16 casts after interpolation (loader/interpolate.go,
 * buildInterpolateTypeCastMapping); `*` matches any key or list index. Durations and byte sizes stay
 * strings here: normalization parses them with their units. File modes too: compose-go reads a
 * mode string as octal (`"0440"`), normalization parses it.
 */
const CASTS: readonly (readonly [string, Cast])[] = [
  ['networks.*.external', toBoolean],
  ['networks.*.internal', toBoolean],
  ['networks.*.attachable', toBoolean],
  ['networks.*.enable_ipv4', toBoolean],
  ['networks.*.enable_ipv6', toBoolean],
  ['volumes.*.external', toBoolean],
  ['secrets.*.external', toBoolean],
  ['configs.*.external', toBoolean],
  ...under(CONTAINER, toInt, 'cpu_count'),
  ...under(CONTAINER, toFloat, 'cpu_percent'),
  ...under(CONTAINER, toInt, 'cpu_period'),
  ...under(CONTAINER, toInt, 'cpu_quota'),
  ...under(CONTAINER, toInt, 'cpu_rt_period'),
  ...under(CONTAINER, toInt, 'cpu_rt_runtime'),
  ...under(CONTAINER, toFloat, 'cpus'),
  ...under(CONTAINER, toInt, 'cpu_shares'),
  ...under(CONTAINER, toBoolean, 'init'),
  ...under(CONTAINER, toBoolean, 'networks', '*', 'use_service_name_alias'),
  ...under(CONTAINER, toBoolean, 'oom_kill_disable'),
  ...under(CONTAINER, toInt, 'oom_score_adj'),
  ...under(CONTAINER, toInt, 'pids_limit'),
  ...under(CONTAINER, toBoolean, 'privileged'),
  ...under(CONTAINER, toBoolean, 'read_only'),
  ...under(CONTAINER, toUmask, 'umask'),
  ...under(CONTAINER, toInt, 'ulimits', '*'),
  ...under(CONTAINER, toInt, 'ulimits', '*', 'hard'),
  ...under(CONTAINER, toInt, 'ulimits', '*', 'soft'),
  ...under(CONTAINER, toBoolean, 'volumes', '*', 'read_only'),
  ...under(CONTAINER, toBoolean, 'volumes', '*', 'volume', 'nocopy'),
  // Not in compose-go's table, but its decoding takes these strings as booleans too.
  ...under(CONTAINER, toBoolean, 'volumes', '*', 'bind', 'create_host_path'),
  ['services.*.pre_start.*.per_replica', toBoolean],
  ...under(WORKLOAD, toBoolean, 'depends_on', '*', 'required'),
  ...under(WORKLOAD, toBoolean, 'depends_on', '*', 'restart'),
  ...under(WORKLOAD, toInt, 'healthcheck', 'retries'),
  ...under(WORKLOAD, toBoolean, 'healthcheck', 'disable'),
  ...under(WORKLOAD, toInt, 'ports', '*', 'target'),
  ...under(WORKLOAD, toBoolean, 'stdin_open'),
  ...under(WORKLOAD, toBoolean, 'tty'),
  ...under(SERVICE, toInt, 'deploy', 'replicas'),
  ...under(SERVICE, toInt, 'deploy', 'update_config', 'parallelism'),
  ...under(SERVICE, toFloat, 'deploy', 'update_config', 'max_failure_ratio'),
  ...under(SERVICE, toInt, 'deploy', 'rollback_config', 'parallelism'),
  ...under(SERVICE, toFloat, 'deploy', 'rollback_config', 'max_failure_ratio'),
  ...under(SERVICE, toInt, 'deploy', 'restart_policy', 'max_attempts'),
  ...under(SERVICE, toInt, 'deploy', 'placement', 'max_replicas_per_node'),
  ...under(SERVICE, toInt, 'scale'),
];

type Pattern = readonly [readonly string[], Cast];

/**
 * The patterns a path can match, by its length and then its last segment (the key the value is
 * set under), in the order of CASTS: most strings (`image`, `command.0`) are at no typed field,
 * and are let through after two look-ups instead of a test of every pattern of their length.
 */
const byLength = new Map<number, { readonly byKey: Map<string, Pattern[]>; readonly anyKey: Pattern[] }>();
for (const [pattern, cast] of CASTS) {
  const segments = pattern.split('.');
  let table = byLength.get(segments.length);
  if (!table) {
    table = { byKey: new Map(), anyKey: [] };
    byLength.set(segments.length, table);
  }
  const last = segments[segments.length - 1]!;
  if (last === '*') {
    table.anyKey.push([segments, cast]);
    for (const list of table.byKey.values()) list.push([segments, cast]);
  } else {
    const list = table.byKey.get(last) ?? [...table.anyKey];
    list.push([segments, cast]);
    table.byKey.set(last, list);
  }
}

/** Casts a string found at `path` to the type compose expects there; other strings pass through. */
export function castValue(path: readonly string[], text: string): Tree {
  const table = byLength.get(path.length);
  if (!table) return text;
  const candidates = table.byKey.get(path[path.length - 1]!) ?? table.anyKey;
  for (const [segments, cast] of candidates) {
    if (segments.every((segment, index) => segment === '*' || segment === path[index])) return cast(text);
  }
  return text;
}
