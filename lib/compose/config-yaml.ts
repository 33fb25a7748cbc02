import { stringify, type ScalarTag } from 'yaml';
import { escapedForYamlReaders, RAW_FOR_YAML_READERS } from '../yaml-double-quoted.ts';
import type { ComposeJob, ComposeProject, Deploy, FileObject, Healthcheck, Service, ServiceHook, ServiceVolume, UpdateConfig } from './model.ts';
import { isSecretSetting, isSecretVariable, isSensitiveFile, isSensitiveName, redactedValuesOf, SecretRedactor } from './sensitivity.ts';

type Out = Record<string, unknown>;

const REDACTED = '<redacted>';

/**
 * The resolved project in Compose syntax, as `docker compose config` prints it: long syntax
 * everywhere, durations as Go-style strings, sizes in bytes, `$` escaped as `$$`. Secrets are
 * never printed, only where they come from: secret payloads, environment values and build args
 * that are secret by the converter's rules (lib/compose/sensitivity.ts), the word after a
 * credential flag (`--password x`, `--requirepass=x`), inline config content that holds
 * credentials, and any secret value of the project wherever else it was interpolated (but one that
 * equals a name the project prints in clear anyway, see redactedValuesOf).
 */
export function projectToComposeYaml(project: ComposeProject): string {
  const redactor = new SecretRedactor(redactedValuesOf(project));
  const document: Out = {
    name: project.name,
    services: mapValues(project.services, service),
    ...nonEmpty('jobs', mapValues(project.jobs ?? {}, job)),
    ...nonEmpty('networks', mapValues(project.networks, ({ name, external, internal, driver, attachable, labels, extensions }) =>
      prune({ name, external: external || undefined, internal: internal || undefined, driver, attachable: attachable || undefined, labels, ...extensions }),
    )),
    ...nonEmpty('volumes', mapValues(project.volumes, ({ name, external, driver, driverOpts, labels, extensions }) =>
      prune({ name, external: external || undefined, driver, driver_opts: driverOpts, labels, ...extensions }),
    )),
    ...nonEmpty('secrets', mapValues(project.secrets, (secret) => fileObject(secret, true))),
    ...nonEmpty('configs', mapValues(project.configs, (config) => fileObject(config, !!config.value && isSensitiveFile(config.source.kind === 'file' ? config.source.path : '', config.value, project)))),
    ...project.extensions,
  };
  return stringify(printable(document, redactor), { lineWidth: 0, aliasDuplicateObjects: false, customTags: (tags) => [escapedString, ...tags] });
}

/**
 * Strings the YAML readers would not take as the `yaml` library prints them (RAW_FOR_YAML_READERS):
 * `config` printed a file compose-go could not read back ("could not find expected ':'").
 */
const escapedString: ScalarTag = {
  tag: 'tag:yaml.org,2002:str',
  // The default string tag: it is not written out.
  default: true,
  identify: (value) => typeof value === 'string' && RAW_FOR_YAML_READERS.test(value),
  // Only printed with: nothing is read with this schema.
  resolve: (text) => text,
  stringify: ({ value }) => escapedForYamlReaders(JSON.stringify(value)),
};

/**
 * Every value with the project's secret values redacted and every `$` doubled, as `docker compose
 * config` prints them: the values are already interpolated, and the output must load again to the
 * same project (keys are never interpolated).
 */
function printable(value: unknown, redactor: SecretRedactor): unknown {
  if (typeof value === 'string') {
    const redacted = redactor.redact(value);
    return redacted.includes('$') ? redacted.replaceAll('$', () => '$$') : redacted;
  }
  if (Array.isArray(value)) return value.map((item) => printable(item, redactor));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, printable(item, redactor)]));
  return value;
}

/** Values of `environment` or `build.args` with the secret ones redacted. */
function settings(service: Service, field: string, record: Readonly<Record<string, string | null>>): Record<string, string | null> {
  const result: Record<string, string | null> = {};
  for (const name of Object.keys(record).sort()) {
    const value = record[name] ?? null;
    result[name] = value !== null && value !== '' && isSecretSetting(service, field, name, value) ? REDACTED : value;
  }
  return result;
}

/** Command words with the value of a credential flag redacted: `--password x`, `--requirepass=x`. */
function commandWords(words: readonly string[] | undefined): string[] | undefined {
  if (!words) return undefined;
  return words.map((word, index) => {
    const flag = /^--?([\w.-]+)=/.exec(word);
    if (flag && isSensitiveName(flag[1] ?? '')) return `${word.slice(0, flag[0].length)}${REDACTED}`;
    const previous = index > 0 ? /^--?([\w.-]+)$/.exec(words[index - 1] ?? '') : null;
    return previous && isSensitiveName(previous[1] ?? '') ? REDACTED : word;
  });
}

function service(service: Service): Out {
  return prune({
    image: service.image,
    build: service.build && prune({ context: service.build.context, dockerfile: service.build.dockerfile, target: service.build.target, args: settings(service, 'build.args', service.build.args) }),
    command: commandWords(service.command),
    entrypoint: commandWords(service.entrypoint),
    environment: settings(service, 'environment', service.environment),
    ports: service.ports.map((port) =>
      prune({ name: port.name, mode: port.mode, host_ip: port.hostIp, target: port.target, published: port.published?.toString(), protocol: port.protocol, app_protocol: port.appProtocol }),
    ),
    expose: service.expose.map((port) => (port.protocol === 'tcp' ? String(port.port) : `${port.port}/${port.protocol}`)),
    volumes: service.volumes.map(volume),
    depends_on: mapValues(service.dependsOn, ({ condition, required, restart }) => ({ condition, required, restart })),
    healthcheck: service.healthcheck && healthcheck(service.healthcheck),
    deploy: deploy(service.deploy),
    restart: service.restart,
    devices: service.devices.map((device) => `${device.source}:${device.target}:${device.permissions}`),
    user: service.user,
    group_add: service.groupAdd,
    cap_add: service.capAdd,
    cap_drop: service.capDrop,
    privileged: service.privileged || undefined,
    read_only: service.readOnly || undefined,
    security_opt: service.securityOpt,
    working_dir: service.workingDir,
    hostname: service.hostname,
    container_name: service.containerName,
    stop_grace_period: duration(service.stopGracePeriod),
    stop_signal: service.stopSignal,
    tty: service.tty || undefined,
    stdin_open: service.stdinOpen || undefined,
    labels: sorted(service.labels),
    profiles: service.profiles,
    networks: mapValues(service.networks, (network) =>
      prune({ aliases: network.aliases, ipv4_address: network.ipv4Address, ipv6_address: network.ipv6Address, priority: network.priority }) ?? null,
    ),
    network_mode: service.networkMode,
    secrets: service.secrets.map((reference) => prune({ ...reference })),
    configs: service.configs.map((reference) => prune({ ...reference })),
    extra_hosts: service.extraHosts,
    sysctls: sorted(service.sysctls),
    ulimits: mapValues(service.ulimits, (limit) => ({ ...limit })),
    shm_size: service.shmSize,
    pull_policy: service.pullPolicy,
    platform: service.platform,
    logging: service.logging && prune({ driver: service.logging.driver, options: service.logging.options }),
    ...asWritten(service),
    ...service.extensions,
  }) ?? {};
}

/** A job: its service keys and its triggers, each schedule as compose-go canonicalizes it (`{cron: …}`). */
function job({ service: keys, manual, schedules }: ComposeJob): Out {
  const schedule = schedules.map(({ cron, timezone, concurrency, missedFires }) => prune({ cron, timezone, concurrency, missed_fires: missedFires }));
  return { ...service(keys), triggers: prune({ manual, schedule }) ?? {} };
}

/**
 * Keys the model does not hold (convert reports them, or reads them from the service's resolved
 * mapping), printed as the files resolve them: compose-go's model holds them in the same form. Keys
 * folded into others (`scale`, `pids_limit`, `tmpfs`, `label_file`, …) or resolved (`extends`,
 * `env_file`) are printed where they went.
 */
const AS_WRITTEN = ['init', 'dns', 'dns_opt', 'dns_search', 'domainname', 'mac_address', 'oom_score_adj', 'oom_kill_disable', 'cgroup', 'cgroup_parent', 'uts', 'userns_mode', 'pid', 'isolation', 'use_api_socket', 'pull_refresh_after', 'mem_swappiness', 'cpu_shares', 'cpuset', 'storage_opt', 'annotations'];

function asWritten(service: Service): Out {
  const out: Out = {};
  for (const key of AS_WRITTEN) if (Object.hasOwn(service.raw, key) && service.raw[key] !== null) out[key] = service.raw[key];
  const hooks: readonly (readonly [string, readonly ServiceHook[]])[] = [['post_start', service.hooks.postStart], ['pre_stop', service.hooks.preStop], ['pre_start', service.hooks.preStart]];
  for (const [key, list] of hooks) {
    const written = service.raw[key];
    if (list.length > 0) out[key] = list.map((hook, index) => printedHook(hook, Array.isArray(written) ? written[index] : undefined));
  }
  return out;
}

/** A hook as compose-go holds it: its command in words; the values of its secret-looking environment hidden; other keys as written. */
function printedHook(hook: ServiceHook, written: unknown): Out {
  const environment = Object.entries(hook.environment).map(([name, value]) => [name, value !== null && value !== '' && isSecretVariable(name, value) ? REDACTED : value] as const);
  const other = typeof written === 'object' && written !== null ? (written as Record<string, unknown>) : {};
  return prune({
    command: commandWords(hook.command),
    entrypoint: commandWords(hook.entrypoint),
    image: hook.image,
    user: hook.user,
    privileged: hook.privileged || undefined,
    working_dir: hook.workingDir,
    environment: environment.length > 0 ? Object.fromEntries(environment) : undefined,
    per_replica: hook.perReplica || undefined,
    ...Object.fromEntries(hook.otherKeys.map((name) => [name, other[name]])),
  }) ?? {};
}

function volume(mount: ServiceVolume): Out | undefined {
  const base = { type: mount.type, source: 'source' in mount ? mount.source : undefined, target: mount.target, read_only: mount.readOnly || undefined };
  switch (mount.type) {
    case 'bind':
      return prune({ ...base, bind: prune({ create_host_path: mount.createHostPath, propagation: mount.propagation, selinux: mount.selinux }) });
    case 'volume':
      return prune({ ...base, volume: prune({ nocopy: mount.nocopy || undefined, subpath: mount.subpath }) });
    case 'tmpfs':
      return prune({ ...base, tmpfs: prune({ size: mount.size, mode: mount.mode }) });
    default:
      return prune(base);
  }
}

function healthcheck(check: Healthcheck): Out | undefined {
  return prune({
    test: commandWords(check.test),
    disable: check.disable || undefined,
    interval: duration(check.interval),
    timeout: duration(check.timeout),
    retries: check.retries,
    start_period: duration(check.startPeriod),
    start_interval: duration(check.startInterval),
  });
}

function deploy(spec: Deploy): Out | undefined {
  const amounts = (value: { cpus?: number; memory?: number; pids?: number }): Out | undefined =>
    // Strings, as docker compose prints them: compose-go's schema takes no number for memory.
    prune({ cpus: value.cpus?.toString(), memory: value.memory?.toString(), pids: value.pids });
  const update = (config: UpdateConfig | undefined): Out | undefined =>
    config &&
    prune({
      parallelism: config.parallelism,
      delay: duration(config.delay),
      failure_action: config.failureAction,
      monitor: duration(config.monitor),
      max_failure_ratio: config.maxFailureRatio,
      order: config.order,
    });
  const { restartPolicy, placement, resources } = spec;
  return prune({
    mode: spec.mode === 'replicated' ? undefined : spec.mode,
    replicas: spec.replicas,
    resources: prune({
      limits: amounts(resources.limits),
      reservations: prune({
        ...amounts(resources.reservations),
        devices: resources.reservations.devices.map((device) =>
          prune({ capabilities: device.capabilities, driver: device.driver, count: device.count, device_ids: device.deviceIds }),
        ),
      }),
    }),
    restart_policy: restartPolicy && prune({ condition: restartPolicy.condition, delay: duration(restartPolicy.delay), max_attempts: restartPolicy.maxAttempts, window: duration(restartPolicy.window) }),
    update_config: update(spec.updateConfig),
    rollback_config: update(spec.rollbackConfig),
    placement: prune({ constraints: placement.constraints, preferences: placement.preferences.map((preference) => ({ ...preference })), max_replicas_per_node: placement.maxReplicasPerNode }),
    labels: sorted(spec.labels),
    endpoint_mode: spec.endpointMode,
  });
}

/** Where the payload comes from; inline content only for configs that hold no credentials. */
function fileObject(object: FileObject, secret: boolean): Out | undefined {
  const { source } = object;
  return prune({
    name: object.name,
    file: source.kind === 'file' ? source.path : undefined,
    environment: source.kind === 'environment' ? source.variable : undefined,
    content: source.kind === 'content' ? (secret ? '<redacted>' : object.value) : undefined,
    external: source.kind === 'external' || undefined,
    labels: object.labels,
    ...object.extensions,
  });
}

/** Go's time.Duration notation, which compose prints: `1m30s`, `500ms`. */
function duration(milliseconds: number | undefined): string | undefined {
  if (milliseconds === undefined) return undefined;
  if (milliseconds === 0) return '0s';
  if (milliseconds < 1000) return `${milliseconds}ms`;
  const hours = Math.floor(milliseconds / 3_600_000);
  const minutes = Math.floor((milliseconds % 3_600_000) / 60_000);
  const seconds = (milliseconds % 60_000) / 1000;
  return `${hours ? `${hours}h` : ''}${hours || minutes ? `${minutes}m` : ''}${seconds}s`;
}

function mapValues<T, R>(record: Readonly<Record<string, T>>, map: (value: T) => R): Record<string, R> {
  const result: Record<string, R> = {};
  for (const key of Object.keys(record).sort()) result[key] = map(record[key] as T);
  return result;
}

function sorted<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return mapValues(record, (value) => value);
}

/** Leaves out undefined values, empty lists and empty mappings; undefined when nothing is left. */
function prune(record: Out): Out | undefined {
  const result: Out = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    result[key] = value;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function nonEmpty(key: string, record: Record<string, unknown>): Out {
  return Object.keys(record).length > 0 ? { [key]: record } : {};
}
