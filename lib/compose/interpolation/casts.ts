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

/*
 * The typed fields compose-go casts after interpolation (loader/interpolate.go,
 * interpolateTypeCastMapping); `*` matches any key or list index. Durations and byte sizes stay
 * strings here: normalization parses them with their units.
 */
const CASTS: readonly (readonly [string, Cast])[] = [
  ['services.*.configs.*.mode', toInt],
  ['services.*.cpu_count', toInt],
  ['services.*.cpu_percent', toFloat],
  ['services.*.cpu_period', toInt],
  ['services.*.cpu_quota', toInt],
  ['services.*.cpu_rt_period', toInt],
  ['services.*.cpu_rt_runtime', toInt],
  ['services.*.cpus', toFloat],
  ['services.*.cpu_shares', toInt],
  ['services.*.init', toBoolean],
  ['services.*.deploy.replicas', toInt],
  ['services.*.deploy.update_config.parallelism', toInt],
  ['services.*.deploy.update_config.max_failure_ratio', toFloat],
  ['services.*.deploy.rollback_config.parallelism', toInt],
  ['services.*.deploy.rollback_config.max_failure_ratio', toFloat],
  ['services.*.deploy.restart_policy.max_attempts', toInt],
  ['services.*.deploy.placement.max_replicas_per_node', toInt],
  ['services.*.healthcheck.retries', toInt],
  ['services.*.healthcheck.disable', toBoolean],
  ['services.*.oom_kill_disable', toBoolean],
  ['services.*.oom_score_adj', toInt],
  ['services.*.pids_limit', toInt],
  ['services.*.ports.*.target', toInt],
  ['services.*.privileged', toBoolean],
  ['services.*.read_only', toBoolean],
  ['services.*.scale', toInt],
  ['services.*.secrets.*.mode', toInt],
  ['services.*.stdin_open', toBoolean],
  ['services.*.tty', toBoolean],
  ['services.*.ulimits.*', toInt],
  ['services.*.ulimits.*.hard', toInt],
  ['services.*.ulimits.*.soft', toInt],
  ['services.*.volumes.*.read_only', toBoolean],
  ['services.*.volumes.*.volume.nocopy', toBoolean],
  ['services.*.volumes.*.bind.create_host_path', toBoolean],
  ['networks.*.external', toBoolean],
  ['networks.*.internal', toBoolean],
  ['networks.*.attachable', toBoolean],
  ['networks.*.enable_ipv6', toBoolean],
  ['volumes.*.external', toBoolean],
  ['secrets.*.external', toBoolean],
  ['configs.*.external', toBoolean],
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
