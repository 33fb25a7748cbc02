import type { ExposedPort, Healthcheck, Protocol } from '../compose/model.ts';
import type { ImageConfig, ImageUser } from './facts.ts';

/** The part of an OCI / Docker image config blob (`config` inside it) that says how the image runs. */
interface RuntimeConfig {
  readonly User?: string;
  readonly ExposedPorts?: Readonly<Record<string, unknown>>;
  readonly Entrypoint?: readonly string[] | null;
  readonly Cmd?: readonly string[] | null;
  readonly WorkingDir?: string;
  readonly Labels?: Readonly<Record<string, string>> | null;
  readonly StopSignal?: string;
  readonly Healthcheck?: { readonly Test?: readonly string[]; readonly Interval?: number; readonly Timeout?: number; readonly StartPeriod?: number; readonly StartInterval?: number; readonly Retries?: number };
}

const NANOSECONDS_PER_MILLISECOND = 1_000_000;

/** An image config blob's runtime settings as facts; fields of the wrong type are ignored, not trusted. */
export function imageConfigFromBlob(blob: unknown): ImageConfig {
  const config = (isObject(blob) && isObject(blob['config']) ? blob['config'] : {}) as RuntimeConfig;
  const exposedPorts: ExposedPort[] = [];
  for (const key of Object.keys(isObject(config.ExposedPorts) ? config.ExposedPorts : {})) {
    const match = /^(\d+)(?:\/(tcp|udp|sctp))?$/i.exec(key);
    if (match) exposedPorts.push({ port: Number(match[1]), protocol: (match[2]?.toLowerCase() ?? 'tcp') as Protocol });
  }
  exposedPorts.sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
  const result: { -readonly [K in keyof ImageConfig]: ImageConfig[K] } = { exposedPorts, labels: stringRecord(config.Labels) };
  if (typeof config.User === 'string' && config.User !== '') result.user = userFromConfig(config.User);
  const healthcheck = healthcheckFromConfig(config.Healthcheck);
  if (healthcheck) result.healthcheck = healthcheck;
  if (typeof config.WorkingDir === 'string' && config.WorkingDir !== '') result.workingDir = config.WorkingDir;
  if (isStrings(config.Entrypoint)) result.entrypoint = config.Entrypoint;
  if (isStrings(config.Cmd)) result.cmd = config.Cmd;
  if (typeof config.StopSignal === 'string' && config.StopSignal !== '') result.stopSignal = config.StopSignal;
  return result;
}

/** An image config states `User` as written in its Dockerfile; only numbers (and root) are certain without its /etc/passwd. */
export function userFromConfig(spec: string): ImageUser {
  const [user = '', group] = spec.split(':');
  const uid = /^\d+$/.test(user) ? Number(user) : user === 'root' ? 0 : undefined;
  const gid = group === undefined ? undefined : /^\d+$/.test(group) ? Number(group) : group === 'root' ? 0 : undefined;
  return {
    spec,
    ...(uid !== undefined ? { uid } : { unresolved: `user ${user} is a name; its uid is in the image's /etc/passwd, which the config does not give` }),
    ...(gid !== undefined ? { gid } : {}),
  };
}

function healthcheckFromConfig(value: RuntimeConfig['Healthcheck']): Healthcheck | undefined {
  // An empty test means "inherit", which for a finished image is "none".
  if (!isObject(value) || !isStrings(value.Test) || value.Test.length === 0) return undefined;
  const test = value.Test;
  const milliseconds = (nanoseconds: unknown): number | undefined => (typeof nanoseconds === 'number' && nanoseconds > 0 ? Math.ceil(nanoseconds / NANOSECONDS_PER_MILLISECOND) : undefined);
  const timing = {
    interval: milliseconds(value.Interval),
    timeout: milliseconds(value.Timeout),
    startPeriod: milliseconds(value.StartPeriod),
    startInterval: milliseconds(value.StartInterval),
    retries: typeof value.Retries === 'number' && value.Retries > 0 ? value.Retries : undefined,
  };
  const defined = Object.fromEntries(Object.entries(timing).filter(([, v]) => v !== undefined)) as Partial<Healthcheck>;
  return { test, disable: test[0] === 'NONE', ...defined };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStrings(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function stringRecord(value: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (!isObject(value)) return record;
  for (const key of Object.keys(value).sort()) if (typeof value[key] === 'string') record[key] = value[key] as string;
  return record;
}
