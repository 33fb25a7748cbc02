import type { Deploy, DeviceRequest, Healthcheck, ResourceAmounts, UpdateConfig } from '../model.ts';
import type { Mapping, Tree } from '../read/tree.ts';
import { compact, type Reporter } from './values.ts';

const MODES = ['replicated', 'global', 'replicated-job', 'global-job'] as const;
const RESTART_CONDITIONS = ['none', 'on-failure', 'any'] as const;

/**
 * `deploy:` with the legacy service keys folded in (`scale`, `mem_limit`, `mem_reservation`,
 * `cpus`, `cpu_quota`/`cpu_period`, `pids_limit`); a legacy key that contradicts `deploy` is an
 * error, as in compose.
 */
export function normalizeDeploy(service: Mapping, key: string, report: Reporter): Deploy {
  const deployKey = `${key}.deploy`;
  const deploy = report.mapping(service['deploy'], deployKey) ?? {};
  const mode = report.string(deploy['mode'], `${deployKey}.mode`) ?? 'replicated';
  if (!(MODES as readonly string[]).includes(mode)) report.fail(`${deployKey}.mode`, `must be one of ${MODES.join(', ')}`);
  const replicas = reconcile(
    report.integer(deploy['replicas'], `${deployKey}.replicas`),
    report.integer(service['scale'], `${key}.scale`),
    `${key}.scale`,
    'deploy.replicas',
    report,
  );
  if (replicas !== undefined && replicas < 0) report.fail(`${deployKey}.replicas`, 'must not be negative');
  const resources = report.mapping(deploy['resources'], `${deployKey}.resources`) ?? {};
  const limits = amounts(resources['limits'], `${deployKey}.resources.limits`, report);
  const reservationsKey = `${deployKey}.resources.reservations`;
  const reservations = amounts(resources['reservations'], reservationsKey, report);
  const reservedDevices = report.mapping(resources['reservations'], reservationsKey)?.['devices'];
  const legacyCpus = report.cpus(service['cpus'], `${key}.cpus`) ?? quotaCpus(service, key, report);
  const restartPolicy = report.mapping(deploy['restart_policy'], `${deployKey}.restart_policy`);
  const updateConfig = report.mapping(deploy['update_config'], `${deployKey}.update_config`);
  const rollbackConfig = report.mapping(deploy['rollback_config'], `${deployKey}.rollback_config`);
  const placement = report.mapping(deploy['placement'], `${deployKey}.placement`) ?? {};
  const endpointMode = report.string(deploy['endpoint_mode'], `${deployKey}.endpoint_mode`);
  if (endpointMode !== undefined && endpointMode !== 'vip' && endpointMode !== 'dnsrr') {
    report.fail(`${deployKey}.endpoint_mode`, 'must be "vip" or "dnsrr"');
  }
  const maxReplicasPerNode = report.integer(placement['max_replicas_per_node'], `${deployKey}.placement.max_replicas_per_node`);
  return {
    mode: mode as Deploy['mode'],
    ...(replicas !== undefined ? { replicas } : {}),
    resources: {
      limits: compact({
        cpus: reconcile(limits.cpus, legacyCpus, `${key}.cpus`, 'deploy.resources.limits.cpus', report),
        memory: reconcile(limits.memory, report.bytes(service['mem_limit'], `${key}.mem_limit`), `${key}.mem_limit`, 'deploy.resources.limits.memory', report),
        pids: reconcile(limits.pids, report.integer(service['pids_limit'], `${key}.pids_limit`), `${key}.pids_limit`, 'deploy.resources.limits.pids', report),
      }),
      reservations: {
        ...compact({
          cpus: reservations.cpus,
          memory: reconcile(
            reservations.memory,
            report.bytes(service['mem_reservation'], `${key}.mem_reservation`),
            `${key}.mem_reservation`,
            'deploy.resources.reservations.memory',
            report,
          ),
          pids: reservations.pids,
        }),
        devices: [
          ...deviceRequests(reservedDevices, `${reservationsKey}.devices`, report),
          ...gpuRequests(service['gpus'], `${key}.gpus`, report),
        ],
      },
    },
    ...(restartPolicy ? { restartPolicy: restart(restartPolicy, `${deployKey}.restart_policy`, report) } : {}),
    ...(updateConfig ? { updateConfig: update(updateConfig, `${deployKey}.update_config`, report) } : {}),
    ...(rollbackConfig ? { rollbackConfig: update(rollbackConfig, `${deployKey}.rollback_config`, report) } : {}),
    placement: {
      constraints: report.strings(placement['constraints'], `${deployKey}.placement.constraints`),
      preferences: listOf(placement['preferences']).map((preference, index) => ({
        spread: report.string(report.mapping(preference, `${deployKey}.placement.preferences.${index}`)?.['spread'], `${deployKey}.placement.preferences.${index}.spread`) ?? '',
      })),
      ...(maxReplicasPerNode !== undefined ? { maxReplicasPerNode } : {}),
    },
    labels: report.stringRecord(deploy['labels'], `${deployKey}.labels`),
    ...(endpointMode ? { endpointMode } : {}),
  };
}

/** One value set two ways (legacy key and deploy key) must agree. */
function reconcile(modern: number | undefined, legacy: number | undefined, legacyKey: string, modernName: string, report: Reporter): number | undefined {
  if (modern !== undefined && legacy !== undefined && modern !== legacy) {
    report.fail(legacyKey, `conflicts with ${modernName} (${legacy} vs ${modern})`);
  }
  return modern ?? legacy;
}

function quotaCpus(service: Mapping, key: string, report: Reporter): number | undefined {
  const quota = report.integer(service['cpu_quota'], `${key}.cpu_quota`);
  if (quota === undefined || quota <= 0) return undefined;
  const period = report.integer(service['cpu_period'], `${key}.cpu_period`) ?? 100_000;
  return quota / period;
}

function amounts(value: Tree | undefined, key: string, report: Reporter): ResourceAmounts {
  const mapping = report.mapping(value, key) ?? {};
  return compact({
    cpus: report.cpus(mapping['cpus'], `${key}.cpus`),
    memory: report.bytes(mapping['memory'], `${key}.memory`),
    pids: report.integer(mapping['pids'], `${key}.pids`),
  });
}

/** The service-level `gpus:` shorthand: `all`, or device requests whose capability defaults to `gpu`. */
function gpuRequests(value: Tree | undefined, key: string, report: Reporter): DeviceRequest[] {
  if (value === 'all') return [{ capabilities: ['gpu'], count: 'all', deviceIds: [] }];
  return deviceRequests(value, key, report).map((request) => (request.capabilities.length > 0 ? request : { ...request, capabilities: ['gpu'] }));
}

function deviceRequests(value: Tree | undefined, key: string, report: Reporter): DeviceRequest[] {
  return listOf(value).map((item, index) => {
    const itemKey = `${key}.${index}`;
    const device = report.mapping(item, itemKey) ?? {};
    const count = device['count'];
    let parsedCount: number | 'all' | undefined;
    if (count === 'all' || count === -1) parsedCount = 'all';
    else parsedCount = report.integer(count, `${itemKey}.count`);
    const driver = report.string(device['driver'], `${itemKey}.driver`);
    return {
      capabilities: report.strings(device['capabilities'], `${itemKey}.capabilities`),
      ...(driver ? { driver } : {}),
      ...(parsedCount !== undefined ? { count: parsedCount } : {}),
      deviceIds: report.strings(device['device_ids'], `${itemKey}.device_ids`),
    };
  });
}

function restart(policy: Mapping, key: string, report: Reporter): NonNullable<Deploy['restartPolicy']> {
  const condition = report.string(policy['condition'], `${key}.condition`) ?? 'any';
  if (!(RESTART_CONDITIONS as readonly string[]).includes(condition)) {
    report.fail(`${key}.condition`, `must be one of ${RESTART_CONDITIONS.join(', ')}`);
  }
  return {
    condition: condition as (typeof RESTART_CONDITIONS)[number],
    ...compact({
      delay: report.duration(policy['delay'], `${key}.delay`),
      maxAttempts: report.integer(policy['max_attempts'], `${key}.max_attempts`),
      window: report.duration(policy['window'], `${key}.window`),
    }),
  };
}

function update(config: Mapping, key: string, report: Reporter): UpdateConfig {
  const order = report.string(config['order'], `${key}.order`);
  if (order !== undefined && order !== 'start-first' && order !== 'stop-first') report.fail(`${key}.order`, 'must be "start-first" or "stop-first"');
  const failureAction = report.string(config['failure_action'], `${key}.failure_action`);
  return {
    ...compact({
      parallelism: report.integer(config['parallelism'], `${key}.parallelism`),
      delay: report.duration(config['delay'], `${key}.delay`),
      monitor: report.duration(config['monitor'], `${key}.monitor`),
      maxFailureRatio: report.number(config['max_failure_ratio'], `${key}.max_failure_ratio`),
    }),
    ...(failureAction ? { failureAction } : {}),
    ...(order ? { order } : {}),
  };
}

/** `healthcheck:` with the test normalized to `CMD`, `CMD-SHELL` or `NONE` form. */
export function normalizeHealthcheck(value: Tree | undefined, key: string, report: Reporter): Healthcheck | undefined {
  const healthcheck = report.mapping(value, key);
  if (!healthcheck) return undefined;
  const rawTest = healthcheck['test'];
  let test: string[];
  if (typeof rawTest === 'string') test = ['CMD-SHELL', rawTest];
  else if (Array.isArray(rawTest)) test = report.strings(rawTest, `${key}.test`);
  else test = [];
  const kind = test[0];
  if (test.length > 0 && kind !== 'CMD' && kind !== 'CMD-SHELL' && kind !== 'NONE') {
    report.fail(`${key}.test`, `must start with "CMD", "CMD-SHELL" or "NONE", got "${kind}"`);
  }
  const disable = report.boolean(healthcheck['disable'], `${key}.disable`) || kind === 'NONE';
  return {
    test: disable && test.length === 0 ? ['NONE'] : test,
    disable,
    ...compact({
      interval: report.duration(healthcheck['interval'], `${key}.interval`),
      timeout: report.duration(healthcheck['timeout'], `${key}.timeout`),
      retries: report.integer(healthcheck['retries'], `${key}.retries`),
      startPeriod: report.duration(healthcheck['start_period'], `${key}.start_period`),
      startInterval: report.duration(healthcheck['start_interval'], `${key}.start_interval`),
    }),
  };
}

function listOf(value: Tree | undefined): Tree[] {
  return Array.isArray(value) ? value : [];
}
