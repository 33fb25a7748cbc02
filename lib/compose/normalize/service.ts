import { nameRecord } from '../../name-records.ts';
import type { Build, Dependency, DependencyCondition, RestartPolicyName, Service, ServiceNetwork, SourceLocation, VariableUse } from '../model.ts';
import { normalizeDeploy, normalizeHealthcheck } from './service-deploy.ts';
import { normalizeEnvironment } from './service-environment.ts';
import { hostPath, normalizeDevices, normalizeFileReferences, normalizeVolumes } from './service-mounts.ts';
import { normalizeExpose, normalizePorts } from './service-ports.ts';
import { normalizeHooks } from './service-hooks.ts';
import { isMapping, type Mapping, type Tree } from '../read/tree.ts';
import { compact, type Reporter } from './values.ts';

export interface ServiceInputs {
  readonly report: Reporter;
  readonly projectDirectory: string;
  /** Where files the service names must lie (`inputBoundary`). */
  readonly boundary: string;
  readonly variables: ReadonlyMap<string, string>;
  readonly location: SourceLocation;
  readonly interpolated: Readonly<Record<string, readonly VariableUse[]>>;
  /** The service mapping as plain data, for `Service.raw`. */
  readonly raw: Readonly<Record<string, unknown>>;
  /** Where its keys are written: `services.<name>`, or `jobs.<name>` for a job. */
  readonly key?: string;
}

const CONDITIONS: readonly DependencyCondition[] = ['service_started', 'service_healthy', 'service_completed_successfully'];
const RESTARTS: readonly RestartPolicyName[] = ['no', 'always', 'on-failure', 'unless-stopped'];

/** Turns one resolved service mapping into the typed model. */
export function normalizeService(name: string, service: Mapping, inputs: ServiceInputs): Service {
  const { report, projectDirectory } = inputs;
  const key = inputs.key ?? `services.${name}`;
  const at = (field: string): string => `${key}.${field}`;
  const optional = (field: string): string | undefined => report.string(service[field], at(field));
  const { environment, envFileKeys, interpolated: fromEnvFiles } = normalizeEnvironment(service, key, report, projectDirectory, inputs.variables, inputs.boundary);
  const healthcheck = normalizeHealthcheck(service['healthcheck'], at('healthcheck'), report);
  const build = normalizeBuild(service['build'], at('build'), inputs);
  const logging = report.mapping(service['logging'], at('logging'));
  const stopGracePeriod = report.duration(service['stop_grace_period'], at('stop_grace_period'));
  const shmSize = report.bytes(service['shm_size'], at('shm_size'));
  const networkMode = optional('network_mode');
  return {
    name,
    ...compact({
      // compose names the image of `image: ""` (`image: ${IMAGE}`, IMAGE unset) as if it were absent.
      image: optional('image') || undefined,
      build,
      command: report.command(service['command'], at('command')),
      entrypoint: report.command(service['entrypoint'], at('entrypoint')),
    }),
    environment,
    envFileKeys,
    ports: normalizePorts(service['ports'], at('ports'), report),
    expose: normalizeExpose(service['expose'], at('expose'), report),
    volumes: normalizeVolumes(service, key, report, projectDirectory),
    dependsOn: Object.assign(implicitDependencies(service, key, report), normalizeDependsOn(service['depends_on'], at('depends_on'), report)),
    ...(healthcheck ? { healthcheck } : {}),
    deploy: normalizeDeploy(service, key, report),
    ...compact({ restart: normalizeRestart(service['restart'], at('restart'), report) }),
    devices: normalizeDevices(service['devices'], at('devices'), report),
    ...compact({ user: optional('user') }),
    groupAdd: report.strings(service['group_add'], at('group_add')),
    capAdd: report.strings(service['cap_add'], at('cap_add')),
    capDrop: report.strings(service['cap_drop'], at('cap_drop')),
    privileged: report.boolean(service['privileged'], at('privileged')),
    readOnly: report.boolean(service['read_only'], at('read_only')),
    securityOpt: report.strings(service['security_opt'], at('security_opt')),
    ...compact({
      workingDir: optional('working_dir'),
      hostname: optional('hostname'),
      containerName: optional('container_name'),
      stopGracePeriod,
      stopSignal: optional('stop_signal'),
    }),
    tty: report.boolean(service['tty'], at('tty')),
    stdinOpen: report.boolean(service['stdin_open'], at('stdin_open')),
    labels: report.stringRecord(service['labels'], at('labels')),
    profiles: report.strings(service['profiles'], at('profiles')),
    networks: normalizeServiceNetworks(service['networks'], at('networks'), report, networkMode),
    ...compact({ networkMode }),
    secrets: normalizeFileReferences(service['secrets'], at('secrets'), report, '/run/secrets'),
    configs: normalizeFileReferences(service['configs'], at('configs'), report, ''),
    extraHosts: report.strings(service['extra_hosts'], at('extra_hosts')),
    sysctls: report.stringRecord(service['sysctls'], at('sysctls')),
    ulimits: normalizeUlimits(service['ulimits'], at('ulimits'), report),
    ...compact({ shmSize, pullPolicy: optional('pull_policy'), platform: optional('platform') }),
    ...(logging
      ? { logging: Object.assign(compact({ driver: report.string(logging['driver'], at('logging.driver')) }), { options: report.stringRecord(logging['options'], at('logging.options')) }) }
      : {}),
    hooks: normalizeHooks(service, key, report, inputs.variables),
    extensions: report.extensions(service),
    raw: inputs.raw,
    interpolated: Object.keys(fromEnvFiles).length === 0 ? inputs.interpolated : Object.assign(nameRecord<readonly VariableUse[]>(), inputs.interpolated, fromEnvFiles),
    location: inputs.location,
  };
}

function normalizeBuild(value: Tree | undefined, key: string, inputs: ServiceInputs): Build | undefined {
  const { report, projectDirectory } = inputs;
  const build = report.mapping(value, key);
  if (!build) return undefined;
  const context = report.string(build['context'], `${key}.context`) ?? '.';
  const remote = /^([a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i.test(context);
  const args = report.mapping(build['args'], `${key}.args`) ?? {};
  const resolvedArgs = nameRecord<string | null>();
  for (const name of Object.keys(args)) {
    const arg = args[name];
    // An argument without a value takes it from the environment, like `environment:` entries.
    resolvedArgs[name] = arg === null || arg === undefined ? (inputs.variables.get(name) ?? null) : report.string(arg, `${key}.args.${name}`) ?? null;
  }
  return {
    context: remote ? context : hostPath(context, projectDirectory, `${key}.context`, report),
    // An empty dockerfile or target (an unset variable) means the default, as in compose.
    ...compact({
      dockerfile: report.string(build['dockerfile'], `${key}.dockerfile`) || undefined,
      target: report.string(build['target'], `${key}.target`) || undefined,
    }),
    args: resolvedArgs,
  };
}

function normalizeDependsOn(value: Tree | undefined, key: string, report: Reporter): Record<string, Dependency> {
  const dependencies = nameRecord<Dependency>();
  const mapping = report.mapping(value, key) ?? {};
  for (const name of Object.keys(mapping)) {
    const entryKey = `${key}.${name}`;
    const entry = report.mapping(mapping[name], entryKey) ?? {};
    const condition = report.string(entry['condition'], `${entryKey}.condition`) ?? 'service_started';
    if (!(CONDITIONS as readonly string[]).includes(condition)) report.fail(`${entryKey}.condition`, `must be one of ${CONDITIONS.join(', ')}`);
    dependencies[name] = {
      condition: condition as DependencyCondition,
      required: report.boolean(entry['required'], `${entryKey}.required`, true),
      restart: report.boolean(entry['restart'], `${entryKey}.restart`, false),
    };
  }
  return dependencies;
}

/**
 * The dependencies compose adds by itself: on linked services, on a service whose network, IPC,
 * PID, UTS or cgroup namespace this one joins (`network_mode: service:db`), both restarting with
 * it, and on the services whose volumes it mounts (`volumes_from`). `depends_on` overrides them.
 */
function implicitDependencies(service: Mapping, key: string, report: Reporter): Record<string, Dependency> {
  const dependencies = nameRecord<Dependency>();
  const add = (name: string, restart: boolean, impliedBy: string): void => {
    if (name !== '' && !Object.hasOwn(dependencies, name)) dependencies[name] = { condition: 'service_started', required: true, restart, impliedBy };
  };
  for (const link of report.strings(service['links'], `${key}.links`)) add(link.split(':')[0] ?? '', true, `${key}.links`);
  for (const namespace of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup']) {
    const mode = report.string(service[namespace], `${key}.${namespace}`);
    if (mode?.startsWith('service:')) add(mode.slice('service:'.length), true, `${key}.${namespace}`);
  }
  for (const source of report.strings(service['volumes_from'], `${key}.volumes_from`)) {
    if (!source.startsWith('container:')) add(source.split(':')[0] ?? '', false, `${key}.volumes_from`);
  }
  return dependencies;
}

function normalizeRestart(value: Tree | undefined, key: string, report: Reporter): RestartPolicyName | undefined {
  const text = report.string(value, key);
  if (text === undefined) return undefined;
  // `on-failure:3` carries a retry count the model does not keep.
  const name = text.split(':')[0] ?? '';
  if (!(RESTARTS as readonly string[]).includes(name)) report.fail(key, `must be one of ${RESTARTS.join(', ')}, got "${text}"`);
  return name as RestartPolicyName;
}

/** The service's networks; `default` when it names none and has no `network_mode`. */
function normalizeServiceNetworks(value: Tree | undefined, key: string, report: Reporter, networkMode: string | undefined): Record<string, ServiceNetwork> {
  const networks = nameRecord<ServiceNetwork>();
  const mapping = report.mapping(value, key);
  if (!mapping) return networkMode ? networks : { default: { aliases: [] } };
  for (const name of Object.keys(mapping).sort()) {
    const entryKey = `${key}.${name}`;
    const entry = report.mapping(mapping[name], entryKey) ?? {};
    networks[name] = {
      aliases: report.strings(entry['aliases'], `${entryKey}.aliases`),
      ...compact({
        ipv4Address: report.string(entry['ipv4_address'], `${entryKey}.ipv4_address`),
        ipv6Address: report.string(entry['ipv6_address'], `${entryKey}.ipv6_address`),
        priority: report.integer(entry['priority'], `${entryKey}.priority`),
      }),
    };
  }
  return networks;
}

function normalizeUlimits(value: Tree | undefined, key: string, report: Reporter): Record<string, { soft: number; hard: number }> {
  const ulimits = nameRecord<{ soft: number; hard: number }>();
  const mapping = report.mapping(value, key) ?? {};
  for (const name of Object.keys(mapping)) {
    const entry = mapping[name];
    const entryKey = `${key}.${name}`;
    if (isMapping(entry)) {
      const soft = report.integer(entry['soft'], `${entryKey}.soft`);
      const hard = report.integer(entry['hard'], `${entryKey}.hard`);
      const either = soft ?? hard;
      if (either === undefined) report.fail(entryKey, 'needs soft and hard limits');
      ulimits[name] = { soft: soft ?? either, hard: hard ?? either };
    } else {
      const limit = report.integer(entry, entryKey) ?? 0;
      ulimits[name] = { soft: limit, hard: limit };
    }
  }
  return ulimits;
}
