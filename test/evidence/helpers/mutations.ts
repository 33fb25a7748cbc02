/**
 * fast-check arbitraries that break a valid compose tree the ways users (and editors) do: delete
 * keys, swap types, inject odd strings, numbers and unicode, duplicate or rename services, rewrite
 * ports, add options with odd values — and the ways attackers do: plant secret variables anywhere.
 */
import fc from 'fast-check';

type Tree = Record<string, unknown>;
type Path = readonly (string | number)[];

const oddStrings = [
  '', ' ', 'ünïcödé-ß', '💥🚀', '名前', '${UNSET}', '${X:-fallback}', '$$', '${X:?boom}', '$(whoami)',
  'a'.repeat(300), '-1', '99999', '65536', '0', '1e309', 'NaN', 'yes', 'on', 'no', '0755', '~', 'null', '*',
  '../../etc/passwd', '/', 'name with spaces', 'UPPER_case.Name', 'web app!', '80:80', '127.0.0.1:5432:5432',
  '3000-3005:3000-3005', '53/udp', '1m30s', '10s', '-5s', '512M', '0.5', 'true', '\t', 'line\nbreak', 'KEY=value',
  '#comment', "quote'd", '"dq"', 'a:b:c:d', 'CMD-SHELL', 'NONE', 'service_healthy', 'host', 'global',
];
const oddNumbers = [-1, 0, 1, 0.5, 20, 65535, 65536, 99999, 2 ** 31, 2 ** 53, 1e-7, 3.14];
const serviceKeys = [
  'image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'ports', 'expose', 'volumes', 'depends_on',
  'healthcheck', 'deploy', 'restart', 'devices', 'user', 'group_add', 'cap_add', 'cap_drop', 'privileged',
  'read_only', 'working_dir', 'hostname', 'stop_grace_period', 'labels', 'profiles', 'networks', 'network_mode',
  'secrets', 'configs', 'tmpfs', 'ulimits', 'sysctls', 'mem_limit', 'cpus', 'scale', 'x-kubernetes', 'extends',
];
const oddNames = ['copy', 'web_2', 'Web', 'a', 'x'.repeat(70), 'svc.with.dots', '9lives', 'ünï', 'web app!', ''];

const scalar = fc.oneof(fc.constantFrom(...oddStrings), fc.constantFrom(...oddNumbers), fc.boolean(), fc.constant(null),
  fc.string({ unit: 'grapheme', maxLength: 12 }), fc.integer());
const portSpec = fc.oneof(
  fc.tuple(fc.integer({ min: -1, max: 70000 }), fc.integer({ min: -1, max: 70000 })).map(([a, b]) => `${a}:${b}`),
  fc.integer({ min: -1, max: 70000 }),
  fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.nat(6), fc.constantFrom('', '/tcp', '/udp', '/sctp', '/xtp'))
    .map(([a, n, p]) => `${a}-${a + n}:${a}-${a + n}${p}`),
  fc.record({ target: fc.integer({ min: -1, max: 70000 }), published: fc.oneof(fc.integer({ min: 0, max: 70000 }), fc.constantFrom(...oddStrings)),
    protocol: fc.constantFrom('tcp', 'udp', 'TCP', 'xtp'), host_ip: fc.constantFrom('127.0.0.1', '0.0.0.0', '::1', 'nope') }, { requiredKeys: ['target'] }),
);
const kubernetesOptions = fc.record({
  workload: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'),
  schedule: fc.constantFrom('*/5 * * * *', 'never', ''),
  replicas: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom(...oddStrings)),
  exposure: fc.constantFrom('none', 'LoadBalancer', 'NodePort', 'Ingress', 'Public'),
  resources: fc.record({ limits: fc.record({ memory: fc.constantFrom('512Mi', 'lots', '1e3', '-1Gi'), cpu: fc.constantFrom('500m', '2', 'fast') }) }),
  allowHostPath: fc.oneof(fc.boolean(), fc.constantFrom(...oddStrings)),
}, { requiredKeys: [] });
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', 'image', 'test', 'target', 'x-y', 'KEY'), scalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.array(portSpec, { maxLength: 3 }) },
  { weight: 1, arbitrary: kubernetesOptions },
);

export type Mutation =
  | { readonly kind: 'set'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'addServiceKey'; readonly pick: number; readonly key: string; readonly value: unknown }
  | { readonly kind: 'ports'; readonly pick: number; readonly ports: readonly unknown[] }
  | { readonly kind: 'duplicateService'; readonly pick: number; readonly name: string }
  | { readonly kind: 'renameService'; readonly pick: number; readonly name: string }
  | { readonly kind: 'plantSecret'; readonly pick: number; readonly where: PlantSite; readonly text: string };

/**
 * Secrets the fuzzed projects' environment holds under sensitive names, planted into random places
 * of the compose file: no manifest and no message may ever show them (issue 17).
 */
export const PLANTED_SECRETS: Readonly<Record<string, string>> = {
  FUZZ_DB_PASSWORD: 'planted-Pw-7c1e9a',
  FUZZ_API_TOKEN: 'planted-Tk-4b8d2f',
};

const plantSites = [
  'path', 'labels', 'deploy.labels', 'podAnnotations', 'working_dir', 'extra_hosts', 'command', 'environment',
  'healthcheck', 'hostname', 'image', 'name', 'volumes', 'user',
] as const;
type PlantSite = (typeof plantSites)[number];
const plantedText = fc.constantFrom(
  '${FUZZ_DB_PASSWORD}', 'x-${FUZZ_API_TOKEN}', '${FUZZ_API_TOKEN}:10.0.0.1', '/srv/${FUZZ_DB_PASSWORD}',
  'postgres://u:${FUZZ_DB_PASSWORD}@db/x', 'TOKEN=${FUZZ_API_TOKEN}', '${FUZZ_DB_PASSWORD:-fallback}',
);

/** Where and how a planted text goes into a service (or, for `name`, the project). */
function plant(tree: Tree, service: Tree, where: PlantSite, text: string): void {
  const sites: Record<Exclude<PlantSite, 'path' | 'name'>, () => void> = {
    labels: () => (service.labels = { note: text }),
    'deploy.labels': () => (service.deploy = { labels: [`note=${text}`] }),
    podAnnotations: () => (service['x-kubernetes'] = { podAnnotations: { note: text } }),
    working_dir: () => (service.working_dir = text),
    extra_hosts: () => (service.extra_hosts = [text]),
    command: () => (service.command = ['run', text]),
    environment: () => (service.environment = { COPY: text, PLAIN: 'value' }),
    healthcheck: () => (service.healthcheck = { test: ['CMD-SHELL', `check ${text}`] }),
    hostname: () => (service.hostname = text),
    image: () => (service.image = `nginx:${text}`),
    volumes: () => (service.volumes = [`${text}:/data`]),
    user: () => (service.user = text),
  };
  if (where === 'name') tree.name = text;
  else if (where !== 'path') sites[where]();
}

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('addServiceKey' as const), pick: fc.nat(), key: fc.constantFrom(...serviceKeys), value }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ports' as const), pick: fc.nat(), ports: fc.array(portSpec, { maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicateService' as const), pick: fc.nat(), name: fc.constantFrom(...oddNames) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameService' as const), pick: fc.nat(), name: fc.constantFrom(...oddNames) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('plantSecret' as const), pick: fc.nat(), where: fc.constantFrom(...plantSites), text: plantedText }) },
);

function isTree(node: unknown): node is Tree {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** Every path to a value in the tree, parents before children. */
function paths(node: unknown, prefix: Path = []): Path[] {
  const children: [string | number, unknown][] = Array.isArray(node)
    ? node.map((v, i) => [i, v])
    : isTree(node) ? Object.entries(node) : [];
  return children.flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])]);
}

function parentOf(tree: Tree, path: Path): Record<string | number, unknown> {
  return path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], tree) as Record<string | number, unknown>;
}

function services(tree: Tree): Tree {
  if (!isTree(tree.services)) tree.services = {};
  return tree.services as Tree;
}

function pickService(tree: Tree, pick: number): [string, Tree] | undefined {
  const entries = Object.entries(services(tree)).filter((e): e is [string, Tree] => isTree(e[1]));
  return entries.length ? entries[pick % entries.length] : undefined;
}

/** Applies one mutation to `tree` in place. */
export function applyMutation(tree: Tree, m: Mutation): void {
  if (m.kind === 'set' || m.kind === 'delete' || (m.kind === 'plantSecret' && m.where === 'path')) {
    const all = paths(tree);
    if (!all.length) return;
    const path = all[m.pick % all.length]!;
    const parent = parentOf(tree, path);
    const key = path[path.length - 1]!;
    if (m.kind === 'plantSecret') parent[key] = m.text;
    else if (m.kind === 'set') parent[key] = structuredClone(m.value);
    else if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    return;
  }
  const picked = pickService(tree, m.pick);
  if (!picked) return;
  const [name, service] = picked;
  if (m.kind === 'plantSecret') plant(tree, service, m.where, m.text);
  else if (m.kind === 'addServiceKey') service[m.key] = structuredClone(m.value);
  else if (m.kind === 'ports') service.ports = structuredClone(m.ports);
  else if (m.kind === 'duplicateService') services(tree)[m.name] = structuredClone(service);
  else {
    delete services(tree)[name];
    services(tree)[m.name] = service;
  }
}
