/**
 * Nothing is silently ignored (issue 11, item 6): every key path of the Compose schema the loader
 * validates against has a decision in COMPOSE_KEYS, and each decision is proven on a real compose
 * file: a translated key changes the conversion's result (manifests and Secret payloads) against
 * the same file without it; a reported key gets a warning at its own file:line:column.
 * A schema key without a decision, a decision without a schema key and a decision without a
 * proof all fail.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Testing } from 'cdk8s';
import { LineCounter, isMap, isSeq, parseDocument, stringify, type Node } from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import type { Diagnostic } from '../../../lib/compose/model.ts';
import { composeSchema } from '../../../lib/compose/schema/schema.ts';
import { ComposeChart } from '../../../lib/k8s/cdk8s/compose-chart.ts';
import { COMPOSE_KEYS, type KeyDecision } from '../../../lib/k8s/untranslated.ts';
import { testApp } from '../../support/k8s.ts';

type Doc = Record<string, unknown>;
type Schema = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// The schema's key paths: `*` for a name chosen in the file, `[]` for a list item.

function schemaKeyPaths(): string[] {
  const root = composeSchema() as Schema;
  const definitions = root['definitions'] as Record<string, Schema>;
  const resolve = (schema: Schema): Schema => {
    const ref = schema['$ref'];
    return typeof ref === 'string' ? resolve(definitions[ref.split('/').pop() ?? ''] ?? {}) : schema;
  };
  const paths = new Set<string>();
  // A key a schema sets to `false` is one its `allOf` branches may not take (a job's or a
  // pre_start hook's service-only keys): not walked, or a hook's own pre_start would recurse.
  const walk = (node: Schema, path: string, refused: ReadonlySet<string> = new Set()): void => {
    const schema = resolve(node);
    const properties = Object.entries((schema['properties'] as Record<string, Schema | boolean> | undefined) ?? {});
    const refusedHere = new Set([...refused, ...properties.filter(([, value]) => value === false).map(([key]) => key)]);
    for (const combinator of ['oneOf', 'anyOf', 'allOf']) {
      for (const branch of (schema[combinator] as Schema[] | undefined) ?? []) walk(branch, path, refusedHere);
    }
    for (const [key, value] of properties) {
      if (typeof value !== 'object' || refusedHere.has(key)) continue;
      const child = path ? `${path}.${key}` : key;
      paths.add(child);
      walk(value, child);
    }
    for (const [pattern, value] of Object.entries((schema['patternProperties'] as Record<string, Schema> | undefined) ?? {})) {
      if (!pattern.startsWith('^x-')) walk(value, `${path}.*`);
    }
    const additional = schema['additionalProperties'];
    if (typeof additional === 'object' && additional !== null) walk(additional as Schema, `${path}.*`);
    const items = schema['items'];
    if (typeof items === 'object' && items !== null && !Array.isArray(items)) walk(items as Schema, `${path}[]`);
  };
  walk(root, '');
  return [...paths].sort();
}

const isReported = (decision: KeyDecision): boolean => decision.rule === undefined;
const parentOf = (path: string): string => path.replace(/(?:\[\]|\.[^.[\]]+)$/, '').replace(/\.\*$/, '');
const hasChildren = (path: string): boolean => Object.keys(COMPOSE_KEYS).some((other) => other !== path && (other.startsWith(`${path}.`) || other.startsWith(`${path}[]`)));

/** The reported ancestor whose warning covers `path`, if any. */
function coveringAncestor(path: string): string | undefined {
  for (let parent = parentOf(path); parent && parent !== path; path = parent, parent = parentOf(parent)) {
    const decision = COMPOSE_KEYS[parent];
    if (decision && (isReported(decision) || decision.reportedBy !== undefined)) return parent;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Proofs: a compose document that sets the key; its baseline is the same document without it
// (or with `alt` as its value, or `baseline`, when the key cannot be left out).

interface Proof {
  readonly doc: Doc;
  readonly expect: 'changes' | 'warns';
  readonly alt?: unknown;
  readonly baseline?: Doc;
  readonly files?: Readonly<Record<string, string>>;
  readonly environment?: Readonly<Record<string, string>>;
  /** The concrete key, when it is not the schema path with its first names and items. */
  readonly key?: string;
}

const IMAGE = 'example/web:1.0';
const svc = (extra: Doc = {}, more: Doc = {}): Doc => ({ services: { web: { image: IMAGE, ...extra } }, ...more });
const changes = (doc: Doc, extra: Partial<Proof> = {}): Proof => ({ doc, expect: 'changes', ...extra });
const warns = (doc: Doc, extra: Partial<Proof> = {}): Proof => ({ doc, expect: 'warns', ...extra });
const net = (attributes: Doc): Doc => svc({ networks: ['back'] }, { networks: { back: attributes } });
const vol = (attributes: Doc): Doc => svc({ volumes: ['data:/data'] }, { volumes: { data: attributes } });
const withDb = (web: Doc): Doc => ({ services: { web: { image: IMAGE, ...web }, db: { image: 'example/db:1.0', expose: [5432] } } });
const fileObject = (section: 'secrets' | 'configs', attributes: Doc): Doc => svc({ [section]: ['token'] }, { [section]: { token: attributes } });
const TOKEN_FILES = { 'token.txt': 'abc\n', 'other.txt': 'xyz\n' };
const deploy = (settings: Doc): Doc => svc({ deploy: settings });
const job = (settings: Doc): Doc => svc({ deploy: { mode: 'replicated-job', ...settings } });
const healthcheck = (settings: Doc): Doc => svc({ healthcheck: { test: ['CMD', 'check'], ...settings } });
const port = (settings: Doc): Doc => svc({ ports: [{ target: 80, ...settings }] });
const mount = (settings: Doc, more: Doc = {}): Doc => svc({ volumes: [settings] }, more);
const gpu = (settings: Doc): Doc => deploy({ resources: { reservations: { devices: [{ capabilities: ['gpu'], ...settings }] } } });
const exposed = { 'x-kubernetes': { exposure: 'LoadBalancer' } };

function fileObjectProofs(section: 'secrets' | 'configs'): Record<string, Proof[]> {
  const mounted = (attributes: Doc): Doc => svc({ [section]: [{ source: 'token', target: '/run/token', ...attributes }] }, { [section]: { token: { file: './token.txt' }, other: { file: './other.txt' } } });
  return {
    [`${section}.*.content`]: [changes(fileObject(section, { content: 'abc' }), { alt: 'xyz' })],
    [`${section}.*.environment`]: [changes(fileObject(section, { environment: 'TOKEN' }), { alt: 'OTHER', environment: { TOKEN: 'abc', OTHER: 'xyz' } })],
    [`${section}.*.file`]: [changes(fileObject(section, { file: './token.txt' }), { alt: './other.txt', files: TOKEN_FILES })],
    [`${section}.*.external`]: [changes(fileObject(section, { external: true }), { baseline: fileObject(section, { file: './token.txt' }), files: TOKEN_FILES })],
    [`${section}.*.external.name`]: [changes(fileObject(section, { external: { name: 'prod-token' } }), { baseline: fileObject(section, { external: true }) })],
    [`${section}.*.name`]: [changes(fileObject(section, { external: true, name: 'prod-token' })), warns(fileObject(section, { file: './token.txt', name: 'prod-token' }), { files: TOKEN_FILES })],
    [`${section}.*.labels`]: [warns(fileObject(section, { file: './token.txt', labels: { a: 'b' } }), { files: TOKEN_FILES })],
    [`${section}.*.template_driver`]: [warns(fileObject(section, { file: './token.txt', template_driver: 'golang' }), { files: TOKEN_FILES })],
    [`services.*.${section}[].source`]: [changes(mounted({}), { alt: 'other', files: TOKEN_FILES })],
    [`services.*.${section}[].target`]: [changes(mounted({}), { alt: '/run/other', files: TOKEN_FILES })],
    [`services.*.${section}[].mode`]: [changes(mounted({ mode: 0o400 }), { files: TOKEN_FILES })],
    [`services.*.${section}[].uid`]: [warns(mounted({ uid: '1001' }), { files: TOKEN_FILES })],
    [`services.*.${section}[].gid`]: [warns(mounted({ gid: '1001' }), { files: TOKEN_FILES })],
  };
}

const PROOFS: Readonly<Record<string, readonly Proof[]>> = {
  name: [changes(svc({}, { name: 'other' }))],
  version: [warns(svc({}, { version: '3.8' }))],
  include: [changes(svc({}, { include: ['other.yaml'] }), { files: { 'other.yaml': stringify({ services: { api: { image: 'example/api:1.0' } } }) } })],
  models: [warns(svc({}, { models: { llm: { model: 'ai/smollm2' } } }))],
  jobs: [
    changes(svc({}, { jobs: { backup: { image: IMAGE, command: ['backup'], triggers: { schedule: ['0 3 * * *'] } } } }), { baseline: svc() }),
    // A job's keys are a service's, reported at the job's keys; its triggers are read by the job rule.
    warns(svc({}, { jobs: { backup: { image: IMAGE, command: ['backup'], ulimits: { nofile: 1024 }, triggers: { schedule: ['0 3 * * *'] } } } }), { key: 'jobs.backup.ulimits' }),
    warns(svc({}, { jobs: { backup: { image: IMAGE, command: ['backup'], triggers: { manual: true } } } }), { key: 'jobs.backup.triggers.manual' }),
  ],

  'networks.*.attachable': [warns(net({ attachable: true }))],
  'networks.*.driver': [warns(net({ driver: 'macvlan' }))],
  'networks.*.driver_opts': [warns(net({ driver_opts: { mtu: '1400' } }))],
  'networks.*.enable_ipv4': [warns(net({ enable_ipv4: false }))],
  'networks.*.enable_ipv6': [warns(net({ enable_ipv6: true }))],
  'networks.*.external': [warns(net({ external: true })), warns(net({ external: { name: 'shared' } }))],
  'networks.*.internal': [changes(net({ internal: true }))],
  'networks.*.ipam': [warns(net({ ipam: { config: [{ subnet: '10.5.0.0/16' }] } }))],
  'networks.*.labels': [warns(net({ labels: { a: 'b' } }))],
  'networks.*.name': [warns(net({ name: 'shared' }))],

  'volumes.*.driver': [warns(vol({ driver: 'nfs' }))],
  'volumes.*.driver_opts': [warns(vol({ driver_opts: { type: 'nfs' } }))],
  'volumes.*.external': [changes(vol({ external: true }))],
  'volumes.*.external.name': [changes(vol({ external: { name: 'old-data' } }), { baseline: vol({ external: true }) })],
  'volumes.*.labels': [warns(vol({ labels: { backup: 'daily' } }))],
  'volumes.*.name': [warns(vol({ name: 'shared-data' })), changes(vol({ external: true, name: 'shared-data' }))],

  ...fileObjectProofs('secrets'),
  ...fileObjectProofs('configs'),
  'secrets.*.driver': [warns(fileObject('secrets', { file: './token.txt', driver: 'vault' }), { files: TOKEN_FILES })],
  'secrets.*.driver_opts': [warns(fileObject('secrets', { file: './token.txt', driver_opts: { a: 'b' } }), { files: TOKEN_FILES })],

  'services.*.annotations': [warns(svc({ annotations: { a: 'b' } }))],
  'services.*.attach': [warns(svc({ attach: false }))],
  'services.*.blkio_config': [warns(svc({ blkio_config: { weight: 300 } }))],
  'services.*.build': [warns(svc({ build: { context: '.', cache_from: ['example/web:cache'] } })), warns({ services: { web: { build: { context: '.', dockerfile_inline: 'FROM alpine' } } } })],
  'services.*.cap_add': [changes(svc({ cap_add: ['NET_ADMIN'] }))],
  'services.*.cap_drop': [changes(svc({ user: '0', cap_drop: ['CHOWN'] }))],
  'services.*.cgroup_parent': [warns(svc({ cgroup_parent: 'm-executor' }))],
  'services.*.command': [changes(svc({ command: ['serve'] }))],
  'services.*.container_name': [warns(svc({ container_name: 'my-web' }))],
  'services.*.cpu_count': [warns(svc({ cpu_count: 2 }))],
  'services.*.cpu_percent': [warns(svc({ cpu_percent: 50 }))],
  'services.*.cpu_period': [warns(svc({ cpu_period: 100000 }))],
  'services.*.cpu_quota': [changes(svc({ cpu_quota: 50000 }))],
  'services.*.cpu_rt_period': [warns(svc({ cpu_rt_period: 1000000 }))],
  'services.*.cpu_rt_runtime': [warns(svc({ cpu_rt_runtime: 950000 }))],
  'services.*.cpu_shares': [warns(svc({ cpu_shares: 512 }))],
  'services.*.cpus': [changes(svc({ cpus: 0.5 }))],
  'services.*.cpuset': [warns(svc({ cpuset: '0-1' }))],
  'services.*.credential_spec': [warns(svc({ credential_spec: { file: 'spec.json' } }))],
  'services.*.depends_on.*.condition': [changes(withDb({ depends_on: { db: { condition: 'service_completed_successfully' } } }))],
  'services.*.depends_on.*.required': [changes(withDb({ depends_on: { db: { condition: 'service_started', required: false } } }))],
  'services.*.depends_on.*.restart': [changes(withDb({ depends_on: { db: { condition: 'service_started', restart: true } } }))],
  'services.*.deploy.endpoint_mode': [changes(svc({ ports: ['80'], deploy: { endpoint_mode: 'dnsrr' } }))],
  'services.*.deploy.labels': [changes(deploy({ labels: { team: 'a' } }))],
  'services.*.deploy.mode': [changes(deploy({ mode: 'global' }))],
  'services.*.deploy.placement.constraints': [changes(deploy({ placement: { constraints: ['node.labels.disk == ssd'] } }))],
  'services.*.deploy.placement.max_replicas_per_node': [changes(deploy({ replicas: 2, placement: { max_replicas_per_node: 1 } }))],
  'services.*.deploy.placement.preferences[].spread': [changes(deploy({ placement: { preferences: [{ spread: 'node.labels.zone' }] } }), { alt: 'node.labels.rack' })],
  'services.*.deploy.replicas': [changes(deploy({ replicas: 3 }))],
  'services.*.deploy.resources.limits.cpus': [changes(deploy({ resources: { limits: { cpus: '0.5' } } }))],
  'services.*.deploy.resources.limits.memory': [changes(deploy({ resources: { limits: { memory: '256M' } } }))],
  'services.*.deploy.resources.limits.pids': [warns(deploy({ resources: { limits: { pids: 100 } } }))],
  'services.*.deploy.resources.reservations.cpus': [changes(deploy({ resources: { reservations: { cpus: '0.25' } } }))],
  'services.*.deploy.resources.reservations.memory': [changes(deploy({ resources: { reservations: { memory: '64M' } } }))],
  'services.*.deploy.resources.reservations.pids': [warns(deploy({ resources: { reservations: { pids: 100 } } }))],
  'services.*.deploy.resources.reservations.devices[].capabilities': [changes(gpu({ count: 1 }), { alt: ['tpu'] })],
  'services.*.deploy.resources.reservations.devices[].count': [changes(gpu({ count: 1 }), { alt: 2 })],
  'services.*.deploy.resources.reservations.devices[].device_ids': [changes(gpu({ device_ids: ['0', '1'] }))],
  'services.*.deploy.resources.reservations.devices[].driver': [changes(gpu({ count: 1, driver: 'amd' }))],
  'services.*.deploy.resources.reservations.devices[].options': [warns(gpu({ count: 1, options: { virtualization: 'false' } }))],
  'services.*.deploy.resources.reservations.generic_resources': [warns(deploy({ resources: { reservations: { generic_resources: [{ discrete_resource_spec: { kind: 'gpu', value: 2 } }] } } }))],
  'services.*.deploy.restart_policy.condition': [warns(deploy({ restart_policy: { condition: 'on-failure' } })), changes(job({ restart_policy: { condition: 'none' } }))],
  'services.*.deploy.restart_policy.delay': [warns(deploy({ restart_policy: { delay: '5s' } }))],
  'services.*.deploy.restart_policy.max_attempts': [warns(deploy({ restart_policy: { max_attempts: 3 } })), changes(job({ restart_policy: { max_attempts: 3 } }))],
  'services.*.deploy.restart_policy.window': [warns(deploy({ restart_policy: { window: '60s' } }))],
  'services.*.deploy.rollback_config': [warns(deploy({ rollback_config: { parallelism: 1 } }))],
  'services.*.deploy.update_config.delay': [changes(deploy({ update_config: { delay: '10s' } }))],
  'services.*.deploy.update_config.failure_action': [warns(deploy({ update_config: { failure_action: 'rollback' } }))],
  'services.*.deploy.update_config.max_failure_ratio': [warns(deploy({ update_config: { max_failure_ratio: 0.1 } }))],
  'services.*.deploy.update_config.monitor': [warns(deploy({ update_config: { monitor: '30s' } }))],
  'services.*.deploy.update_config.order': [changes(deploy({ replicas: 2, update_config: { order: 'start-first' } }))],
  'services.*.deploy.update_config.parallelism': [changes(deploy({ replicas: 4, update_config: { parallelism: 2 } }))],
  'services.*.develop': [warns(svc({ develop: { watch: [{ path: './src', action: 'sync', target: '/app' }] } }))],
  'services.*.device_cgroup_rules': [warns(svc({ device_cgroup_rules: ['c 1:3 mr'] }))],
  'services.*.devices[].source': [changes(svc({ devices: [{ source: '/dev/ttyUSB0' }] }), { alt: '/dev/video0' })],
  'services.*.devices[].target': [warns(svc({ devices: [{ source: '/dev/ttyUSB0', target: '/dev/ttyS0' }] }))],
  'services.*.devices[].permissions': [warns(svc({ devices: [{ source: '/dev/ttyUSB0', permissions: 'r' }] }))],
  'services.*.dns': [warns(svc({ dns: ['8.8.8.8'] }))],
  'services.*.dns_opt': [warns(svc({ dns_opt: ['use-vc'] }))],
  'services.*.dns_search': [warns(svc({ dns_search: ['example.com'] }))],
  'services.*.domainname': [warns(svc({ domainname: 'example.com' }))],
  'services.*.entrypoint': [changes(svc({ entrypoint: ['/bin/run'] }))],
  'services.*.env_file[].path': [changes(svc({ env_file: [{ path: './a.env' }] }), { alt: './b.env', files: { 'a.env': 'A=1\n', 'b.env': 'A=2\n' } })],
  'services.*.env_file[].required': [changes(svc({ env_file: [{ path: './missing.env', required: false }] }), { alt: true })],
  'services.*.env_file[].format': [changes(svc({ env_file: [{ path: './a.env', format: 'raw' }] }), { files: { 'a.env': 'A="x y"\n' } })],
  'services.*.environment': [changes(svc({ environment: { A: '1' } }))],
  'services.*.expose': [changes(svc({ expose: [8080] }))],
  'services.*.extends.file': [changes(svc({ extends: { file: './base.yaml', service: 'base' } }), { alt: './other.yaml', files: { 'base.yaml': stringify({ services: { base: { environment: { A: '1' } } } }), 'other.yaml': stringify({ services: { base: { environment: { A: '2' } } } }) } })],
  'services.*.extends.service': [changes(svc({ extends: { file: './base.yaml', service: 'base' } }), { alt: 'other', files: { 'base.yaml': stringify({ services: { base: { environment: { A: '1' } }, other: { environment: { A: '2' } } } }) } })],
  'services.*.external_links': [warns(svc({ external_links: ['redis'] }))],
  'services.*.extra_hosts': [changes(svc({ extra_hosts: ['db.local:10.0.0.5'] }))],
  'services.*.gpus': [changes(svc({ gpus: [{ count: 2 }] }))],
  'services.*.group_add': [changes(svc({ group_add: ['video'] }))],
  'services.*.healthcheck.test': [changes(svc({ healthcheck: { test: ['CMD', 'check'] } }))],
  'services.*.healthcheck.interval': [changes(healthcheck({ interval: '10s' }))],
  'services.*.healthcheck.timeout': [changes(healthcheck({ timeout: '5s' }))],
  'services.*.healthcheck.retries': [changes(healthcheck({ retries: 5 }))],
  'services.*.healthcheck.start_period': [changes(healthcheck({ start_period: '30s' }))],
  'services.*.healthcheck.start_interval': [changes(healthcheck({ start_period: '30s', start_interval: '2s' }))],
  'services.*.healthcheck.disable': [changes(healthcheck({ disable: true }))],
  'services.*.hostname': [changes(svc({ hostname: 'web1' }))],
  'services.*.image': [changes(svc(), { alt: 'example/web:2.0' })],
  'services.*.init': [changes(svc({ init: true }))],
  'services.*.ipc': [warns(svc({ ipc: 'shareable' }))],
  'services.*.isolation': [warns(svc({ isolation: 'default' }))],
  'services.*.label_file': [warns(svc({ label_file: './labels' }), { files: { labels: 'team=a\n' } })],
  'services.*.labels': [
    changes(svc({ labels: { team: 'a' } })),
    changes(svc({ ports: ['8080:80'], labels: { 'kompose.service.type': 'nodeport' } })),
    warns(svc({ labels: { 'kompose.image-pull-policy': 'Always' } }), { key: 'services.web.labels.kompose.image-pull-policy' }),
  ],
  'services.*.links': [changes(withDb({ links: ['db:database'] }))],
  'services.*.logging': [warns(svc({ logging: { driver: 'json-file', options: { 'max-size': '10m' } } }))],
  'services.*.mac_address': [warns(svc({ mac_address: '02:42:ac:11:00:02' }))],
  'services.*.mem_limit': [changes(svc({ mem_limit: '256m' }))],
  'services.*.mem_reservation': [changes(svc({ mem_reservation: '64m' }))],
  'services.*.mem_swappiness': [warns(svc({ mem_swappiness: 10 }))],
  'services.*.memswap_limit': [warns(svc({ memswap_limit: '1g' }))],
  'services.*.models': [warns(svc({ models: ['llm'] }, { models: { llm: { model: 'ai/smollm2' } } }))],
  'services.*.network_mode': [warns(svc({ network_mode: 'host' })), changes(withDb({ network_mode: 'service:db' }))],
  'services.*.networks.*.aliases': [changes(svc({ ports: ['80'], networks: { back: { aliases: ['api'] } } }, { networks: { back: {} } }))],
  'services.*.networks.*.ipv4_address': [warns(svc({ networks: { back: { ipv4_address: '10.5.0.5' } } }, { networks: { back: {} } }))],
  'services.*.networks.*.ipv6_address': [warns(svc({ networks: { back: { ipv6_address: 'fd00::5' } } }, { networks: { back: {} } }))],
  'services.*.networks.*.link_local_ips': [warns(svc({ networks: { back: { link_local_ips: ['169.254.8.8'] } } }, { networks: { back: {} } }))],
  'services.*.networks.*.mac_address': [warns(svc({ networks: { back: { mac_address: '02:42:ac:11:00:02' } } }, { networks: { back: {} } }))],
  'services.*.networks.*.driver_opts': [warns(svc({ networks: { back: { driver_opts: { a: 'b' } } } }, { networks: { back: {} } }))],
  'services.*.networks.*.priority': [warns(svc({ networks: { back: { priority: 100 } } }, { networks: { back: {} } }))],
  'services.*.networks.*.gw_priority': [warns(svc({ networks: { back: { gw_priority: 100 } } }, { networks: { back: {} } }))],
  'services.*.networks.*.interface_name': [warns(svc({ networks: { back: { interface_name: 'eth1' } } }, { networks: { back: {} } }))],
  'services.*.oom_kill_disable': [warns(svc({ oom_kill_disable: true }))],
  'services.*.oom_score_adj': [warns(svc({ oom_score_adj: 500 }))],
  'services.*.pid': [warns(svc({ pid: 'host' }))],
  'services.*.pids_limit': [warns(svc({ pids_limit: 100 }))],
  'services.*.platform': [changes(svc({ platform: 'linux/arm64' }))],
  'services.*.ports[].target': [changes(port({}), { alt: 81 })],
  'services.*.ports[].published': [changes(svc({ ports: [{ target: 80, published: 8080 }], ...exposed }))],
  'services.*.ports[].host_ip': [changes(svc({ ports: [{ target: 80, published: 8080, host_ip: '127.0.0.1' }], ...exposed })), warns(port({ published: 8080, host_ip: '10.0.0.5' }))],
  'services.*.ports[].protocol': [changes(port({ protocol: 'udp' }))],
  'services.*.ports[].app_protocol': [changes(port({ app_protocol: 'http' }))],
  'services.*.ports[].name': [warns(port({ name: 'web' }))],
  'services.*.ports[].mode': [warns(port({ published: 8080, mode: 'host' }))],
  'services.*.post_start': [
    changes(svc({ post_start: [{ command: ['./warm-up'] }] }), { alt: [{ command: './warm-up --fast' }] }),
    warns(svc({ post_start: [{ command: ['./warm-up'], user: 'root' }] })),
    warns(svc({ post_start: [{ command: ['./warm-up'] }, { command: ['./seed'] }] })),
  ],
  'services.*.pre_stop': [
    changes(svc({ pre_stop: [{ command: ['./drain'] }] })),
    warns(svc({ pre_stop: [{ command: './drain', working_dir: '/srv' }] })),
    // compose runs the words before the operator, and so does the handler; the loader says what is dropped.
    warns(svc({ pre_stop: [{ command: './drain && sleep 5' }] }), { key: 'services.web.pre_stop.0.command' }),
  ],
  'services.*.privileged': [changes(svc({ privileged: true }))],
  'services.*.profiles': [changes(svc({ profiles: ['debug'] }))],
  'services.*.provider': [warns(svc({ provider: { type: 'awesomecloud', options: { type: 'mysql' } } }))],
  'services.*.pull_policy': [changes(svc({ pull_policy: 'always' }))],
  'services.*.read_only': [changes(svc({ read_only: true }))],
  'services.*.restart': [warns(svc({ restart: 'on-failure' })), changes(svc({ restart: 'on-failure', deploy: { mode: 'replicated-job' } }))],
  'services.*.runtime': [warns(svc({ runtime: 'runc' }))],
  'services.*.scale': [changes(svc({ scale: 3 }))],
  'services.*.security_opt': [changes(svc({ security_opt: ['seccomp:unconfined'] }))],
  'services.*.shm_size': [changes(svc({ shm_size: '256m' }))],
  'services.*.stdin_open': [changes(svc({ stdin_open: true }))],
  'services.*.stop_grace_period': [changes(svc({ stop_grace_period: '60s' }))],
  'services.*.stop_signal': [warns(svc({ stop_signal: 'SIGINT' }))],
  'services.*.storage_opt': [warns(svc({ storage_opt: { size: '1G' } }))],
  'services.*.sysctls': [changes(svc({ sysctls: { 'net.ipv4.tcp_syncookies': 1 } }))],
  'services.*.tmpfs': [changes(svc({ tmpfs: ['/run'] })), warns(svc({ tmpfs: ['/tmp:size=16M,noexec,nosuid'] }))],
  'services.*.tty': [changes(svc({ tty: true }))],
  'services.*.ulimits': [warns(svc({ ulimits: { nofile: { soft: 1024, hard: 2048 } } }))],
  'services.*.use_api_socket': [warns(svc({ use_api_socket: true }))],
  'services.*.cgroup': [warns(svc({ cgroup: 'host' }))],
  'services.*.umask': [warns(svc({ umask: '0022' }))],
  'services.*.pull_refresh_after': [warns(svc({ pull_refresh_after: '24h' }))],
  'services.*.pre_start': [changes(svc({ pre_start: [{ command: ['migrate', '--wait'] }] })), warns(svc({ pre_start: [{ command: ['migrate'], volumes: ['./seed:/seed'] }] }))],
  'services.*.user': [changes(svc({ user: '1234' }))],
  'services.*.userns_mode': [warns(svc({ userns_mode: 'host' }))],
  'services.*.uts': [warns(svc({ uts: 'host' }))],
  'services.*.volumes[].type': [changes(mount({ type: 'volume', target: '/data' }), { alt: 'tmpfs' })],
  'services.*.volumes[].source': [changes(mount({ type: 'volume', source: 'data', target: '/data' }, { volumes: { data: {}, other: {} } }), { alt: 'other' })],
  'services.*.volumes[].target': [changes(mount({ type: 'volume', source: 'data', target: '/data' }, { volumes: { data: {} } }), { alt: '/other' })],
  'services.*.volumes[].read_only': [changes(mount({ type: 'volume', source: 'data', target: '/data', read_only: true }, { volumes: { data: {} } }))],
  'services.*.volumes[].consistency': [warns(mount({ type: 'volume', source: 'data', target: '/data', consistency: 'cached' }, { volumes: { data: {} } }))],
  'services.*.volumes[].bind.create_host_path': [warns(mount({ type: 'bind', source: './conf', target: '/conf', bind: { create_host_path: false } }), { files: { 'conf/app.conf': 'a=1\n' } })],
  'services.*.volumes[].bind.propagation': [warns(mount({ type: 'bind', source: './conf', target: '/conf', bind: { propagation: 'rshared' } }), { files: { 'conf/app.conf': 'a=1\n' } })],
  'services.*.volumes[].bind.selinux': [warns(mount({ type: 'bind', source: './conf', target: '/conf', bind: { selinux: 'Z' } }), { files: { 'conf/app.conf': 'a=1\n' } })],
  'services.*.volumes[].volume.nocopy': [warns(mount({ type: 'volume', source: 'data', target: '/data', volume: { nocopy: false } }, { volumes: { data: {} } }))],
  'services.*.volumes[].volume.subpath': [changes(mount({ type: 'volume', source: 'data', target: '/data', volume: { subpath: 'web' } }, { volumes: { data: {} } }))],
  'services.*.volumes[].volume.labels': [warns(mount({ type: 'volume', source: 'data', target: '/data', volume: { labels: { a: 'b' } } }, { volumes: { data: {} } }))],
  'services.*.volumes[].tmpfs.size': [changes(mount({ type: 'tmpfs', target: '/run', tmpfs: { size: 1048576 } }))],
  'services.*.volumes[].tmpfs.mode': [warns(mount({ type: 'tmpfs', target: '/run', tmpfs: { mode: 1777 } }))],
  'services.*.volumes[].image': [warns(mount({ type: 'image', source: 'example/data:1.0', target: '/data', image: { subpath: 'www' } }))],
  'services.*.volumes_from': [changes(withDb({ volumes_from: ['db'] }))],
  'services.*.working_dir': [changes(svc({ working_dir: '/srv' }))],
};

/** Short-syntax options are keys in another form: reported at the volume's item. */
const SHORT_SYNTAX: Readonly<Record<string, Proof>> = {
  'SELinux Z on a named volume': warns(svc({ volumes: ['data:/data:Z'] }, { volumes: { data: {} } }), { key: 'services.web.volumes.0' }),
  'SELinux z on a bind mount': warns(svc({ volumes: ['./conf:/conf:z'] }), { files: { 'conf/app.conf': 'a=1\n' }, key: 'services.web.volumes.0' }),
  'propagation on a bind mount': warns(svc({ volumes: ['./conf:/conf:rshared'] }), { files: { 'conf/app.conf': 'a=1\n' }, key: 'services.web.volumes.0' }),
  'host address of a published port': warns(svc({ ports: ['10.0.0.5:8080:80'] }), { key: 'services.web.ports.0' }),
  'consistency on a named volume': warns(svc({ volumes: ['data:/data:cached'] }, { volumes: { data: {} } }), { key: 'services.web.volumes.0' }),
};

// ---------------------------------------------------------------------------------------------
// Running a proof

const directories: string[] = [];
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** The concrete key of a schema path in a document: its first names and items. */
function concreteKey(path: string, doc: Doc): string {
  const segments = path.replace(/\[\]/g, '.[]').split('.');
  const out: string[] = [];
  let node: unknown = doc;
  for (const segment of segments) {
    let key = segment;
    if (segment === '*') key = Object.keys(node as Doc).find((name) => !name.startsWith('x-')) ?? '*';
    if (segment === '[]') key = '0';
    out.push(key);
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  return out.join('.');
}

function withValue(doc: Doc, key: string, value: unknown): Doc {
  const copy = structuredClone(doc);
  const segments = key.split('.');
  const last = segments.pop() ?? '';
  let node = copy as Record<string, unknown>;
  for (const segment of segments) node = node[segment] as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

interface Result {
  readonly outcome: string;
  readonly warnings: readonly Diagnostic[];
  readonly text: string;
  readonly file: string;
}

function convert(directory: string, doc: Doc, proof: Proof): Result {
  for (const [name, content] of Object.entries(proof.files ?? {})) {
    mkdirSync(dirname(join(directory, name)), { recursive: true });
    writeFileSync(join(directory, name), content);
  }
  const file = join(directory, 'compose.yaml');
  const text = stringify(doc);
  writeFileSync(file, text);
  try {
    const chart = new ComposeChart(testApp(), 'test', { files: [file], environment: { ...proof.environment } });
    return { outcome: JSON.stringify({ manifests: Testing.synth(chart), secrets: chart.secrets }), warnings: chart.warnings, text, file };
  } catch (error) {
    if (!(error instanceof ComposeError)) throw error;
    return { outcome: `error: ${error.message}`, warnings: [], text, file };
  }
}

/** Where the key (or list item) `key` is written in `text`, as 1-based line and column. */
function positionOf(text: string, key: string): { line: number; column: number } {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter });
  let node: unknown = document.contents;
  let offset = -1;
  const segments = key.split('.');
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] as string;
    if (isMap(node)) {
      // Keys may hold dots (label names such as kompose.service.type): the longest written one is meant.
      const names = node.items.map((item) => (item.key as { value?: unknown } | null)?.value);
      let length = segments.length - index;
      while (length > 1 && !names.includes(segments.slice(index, index + length).join('.'))) length--;
      const pair = node.items[names.indexOf(segments.slice(index, index + length).join('.'))];
      index += length - 1;
      offset = (pair?.key as Node | undefined)?.range?.[0] ?? -1;
      node = pair?.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      offset = item?.range?.[0] ?? -1;
      node = item;
    } else {
      throw new Error(`${key} is not in the document`);
    }
  }
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

function runProof(path: string, proof: Proof): void {
  const directory = mkdtempSync(join(tmpdir(), 'compose-keys-'));
  directories.push(directory);
  const key = proof.key ?? concreteKey(path, proof.doc);
  const result = convert(directory, proof.doc, proof);
  expect(result.outcome, `${key}: the document that sets it must convert`).not.toMatch(/^error: /);
  if (proof.expect === 'warns') {
    const at = positionOf(result.text, key);
    const warning = result.warnings.find((candidate) => candidate.key === key);
    expect(warning, `a warning at ${key}; got ${result.warnings.map((w) => w.key).join(', ')}`).toBeDefined();
    expect(warning?.location).toEqual({ file: result.file, ...at });
    return;
  }
  const baseline = proof.baseline ?? withValue(proof.doc, key, proof.alt);
  const without = convert(directory, baseline, proof);
  expect(result.outcome, `${key} must change the conversion`).not.toBe(without.outcome);
}

// ---------------------------------------------------------------------------------------------

const SCHEMA_PATHS = schemaKeyPaths();

describe('every key of the Compose schema is translated or reported', () => {
  test('the schema has the keys this test expects to walk', () => {
    expect(SCHEMA_PATHS).toEqual(expect.arrayContaining(['services.*.image', 'services.*.deploy.resources.reservations.generic_resources', 'services.*.ports[].host_ip', 'networks.*.ipam.config[].subnet', 'services.*.volumes[].bind.selinux']));
  });

  test('every schema key has a decision, or is a sub-key of a reported key', () => {
    const undecided = SCHEMA_PATHS.filter((path) => COMPOSE_KEYS[path] === undefined && coveringAncestor(path) === undefined);
    expect(undecided).toEqual([]);
  });

  test('every decision is about a schema key, and no sub-key of a reported key has one', () => {
    const schema = new Set(SCHEMA_PATHS);
    expect(Object.keys(COMPOSE_KEYS).filter((path) => !schema.has(path))).toEqual([]);
    expect(Object.keys(COMPOSE_KEYS).filter((path) => coveringAncestor(path) !== undefined)).toEqual([]);
  });

  test('every decision has a proof of the right kind, and every proof a decision', () => {
    const problems: string[] = [];
    for (const [path, decision] of Object.entries(COMPOSE_KEYS)) {
      const proofs = PROOFS[path] ?? [];
      const container = decision.rule !== undefined && decision.reason === undefined && hasChildren(path);
      if (container) continue;
      const kinds = new Set(proofs.map((proof) => proof.expect));
      if (decision.reason === undefined && decision.reportedBy === undefined && !kinds.has('changes')) problems.push(`${path}: translated, but no proof that it changes the output`);
      if ((decision.reason !== undefined || decision.reportedBy !== undefined) && !kinds.has('warns')) problems.push(`${path}: reported, but no proof of a located warning`);
      if (decision.rule === undefined && kinds.has('changes')) problems.push(`${path}: reported only, but a proof says it changes the output`);
    }
    for (const path of Object.keys(PROOFS)) if (COMPOSE_KEYS[path] === undefined) problems.push(`${path}: a proof without a decision`);
    expect(problems).toEqual([]);
  });

  const cases = Object.entries(PROOFS).flatMap(([path, proofs]) => proofs.map((proof, index) => [`${path} ${proof.expect}${proofs.length > 1 ? ` (${index + 1})` : ''}`, path, proof] as const));
  test.each(cases)('%s', (_name, path, proof) => runProof(path, proof));
  test.each(Object.entries(SHORT_SYNTAX))('short syntax: %s is reported at the item', (_name, proof) => runProof('', proof));
});
