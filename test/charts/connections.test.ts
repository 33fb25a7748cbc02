/**
 * Every connection a service names leads to a listener its target opens (issue 23), for the five
 * systems' emitted manifests: the connections are read from each container's environment (URLs,
 * and `<X>_HOST` with `<X>_PORT` and a TLS flag beside it), its command and the configuration files
 * it mounts or has copied from a ConfigMap (nginx `proxy_pass`, ini files, Grafana datasources' `url`, …); the listeners from the target's own configuration:
 * mosquitto's `listener` blocks (TLS where a block has a certfile, WebSockets by protocol), nginx's
 * `listen` lines, redis' and postgres' port options, a server's `--port`/`--bind`, else the ports
 * its container declares. A client aimed at a port nobody opens, at a TLS listener without TLS (or
 * the reverse), at WebSockets with plain MQTT, or without a user at a mosquitto listener that
 * refuses anonymous clients fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSystemPlan } from '../../charts/build.ts';
import { systems } from '../../charts/index.ts';
import { modax } from '../../charts/modax/index.ts';
import type * as k8s from '../../lib/k8s/plan/api-types.ts';
import { planManifests, type TranslationPlan } from '../../lib/k8s/plan/plan.ts';
import { podSpecsOf } from '../../lib/k8s/plan/to-create.ts';
import { containerFiles } from '../../lib/mqtt/container-files.ts';
import { scip } from '../../charts/scip/index.ts';
import { mosquittoListeners } from '../../lib/mqtt/listeners.ts';
import { expandGrafanaVariables } from './manifests.ts';

type Protocol = 'mqtt' | 'websockets' | 'any';

interface Listener {
  readonly port: number;
  readonly tls: boolean;
  readonly protocol: Protocol;
  /** Whether it admits clients without a user; absent where the test does not know (not mosquitto). */
  readonly anonymous?: boolean;
}

interface Connection {
  readonly from: string;
  /** Where the client names it: an environment variable, the command or a file. */
  readonly where: string;
  readonly host: string;
  readonly port: number;
  /** Absent for a plain TCP check (an init container's `nc -z`), which works either way. */
  readonly tls?: boolean;
  readonly protocol: Protocol;
  /** Whether the client names a user (in the URL or a `…USER`/`…USERNAME` variable of its family); absent for a plain TCP check. */
  readonly identity?: boolean;
}

const SCHEMES: Readonly<Record<string, { port: number; tls: boolean; protocol: Protocol }>> = {
  http: { port: 80, tls: false, protocol: 'any' },
  https: { port: 443, tls: true, protocol: 'any' },
  ws: { port: 80, tls: false, protocol: 'websockets' },
  wss: { port: 443, tls: true, protocol: 'websockets' },
  mqtt: { port: 1883, tls: false, protocol: 'mqtt' },
  mqtts: { port: 8883, tls: true, protocol: 'mqtt' },
  postgres: { port: 5432, tls: false, protocol: 'any' },
  postgresql: { port: 5432, tls: false, protocol: 'any' },
  redis: { port: 6379, tls: false, protocol: 'any' },
  rediss: { port: 6379, tls: true, protocol: 'any' },
  amqp: { port: 5672, tls: false, protocol: 'any' },
};

interface Pod {
  readonly service: string;
  readonly container: k8s.Container;
  readonly pod: k8s.PodSpec;
}

/**
 * Each compose service's own container and its init containers (which connect too), and the
 * containers of objects no service owns (SCIP's team-dashboard template), under the object's name.
 */
function pods(plan: TranslationPlan): Pod[] {
  const owned = Object.entries(plan.serviceNames).flatMap(([service, name]) =>
    plan.entries.filter((entry) => entry.services.includes(service)).flatMap((entry) =>
      podSpecsOf(entry.manifest).flatMap((pod) => [...pod.containers.filter((c) => c.name === name), ...(pod.initContainers ?? [])].map((container) => ({ service, container, pod }))),
    ),
  );
  const extra = plan.entries.filter((entry) => entry.services.length === 0).flatMap((entry) =>
    podSpecsOf(entry.manifest).flatMap((pod) => pod.containers.map((container) => ({ service: entry.manifest.metadata.name, container, pod }))),
  );
  return [...owned, ...extra];
}

function environment(plan: TranslationPlan, container: k8s.Container): Map<string, string> {
  const values = new Map<string, string>();
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    const value = variable.value ?? (ref ? plan.secrets.find((secret) => secret.name === ref.name)?.stringData[ref.key] : undefined);
    if (value !== undefined) values.set(variable.name, value);
  }
  return values;
}

/** The compose service a host name means, if any: its compose or Kubernetes name, or that name qualified by the namespace. */
function serviceOf(plan: TranslationPlan, host: string): string | undefined {
  const bare = host.replace(new RegExp(`\\.${plan.namespace}(\\.svc(\\.cluster\\.local)?)?$`), '');
  return Object.entries(plan.serviceNames).find(([service, name]) => bare === service || bare === name)?.[0];
}

const URL = /\b([a-z][a-z0-9+.-]*):\/\/([^@/\s'"]*@)?([a-z0-9][a-z0-9.-]*)(?::(\d+))?/gi;

/** Whether a variable of the family (`MQTT` for `MQTT_WS_URL`) names a user. */
function namesUser(env: ReadonlyMap<string, string>, family: string): boolean {
  return [...env].some(([name, value]) => name.startsWith(family) && /USER(NAME)?$/.test(name) && value !== '');
}

function urlConnections(plan: TranslationPlan, from: string, where: string, text: string, user = false): Connection[] {
  return [...text.matchAll(URL)].flatMap((match) => {
    const scheme = SCHEMES[match[1]!.toLowerCase()];
    const host = serviceOf(plan, match[3]!);
    if (!scheme || host === undefined || host === from) return [];
    return [{ from, where, host, port: match[4] ? Number(match[4]) : scheme.port, tls: scheme.tls, protocol: scheme.protocol, identity: user || match[2] !== undefined }];
  });
}

/** `<X>_HOST=<service>` with `<X>_PORT` (and `<X>_TLS…`/`<X>_SSL…` true) beside it; `host:port` words of a command. */
function connections(plan: TranslationPlan, { service, container }: Pod): Connection[] {
  const env = environment(plan, container);
  const found: Connection[] = [];
  for (const [name, value] of env) {
    found.push(...urlConnections(plan, service, name, value, namesUser(env, name.split('_')[0]!)));
    const host = /^(.*)_HOST$/.exec(name) ? serviceOf(plan, value) : undefined;
    if (host === undefined || host === service) continue;
    const prefix = name.replace(/_HOST$/, '');
    const family = prefix.split('_')[0]!;
    const port = env.get(`${prefix}_PORT`);
    if (port === undefined) continue;
    const tls = [...env].some(([other, flag]) => other.startsWith(family) && /TLS|SSL/.test(other) && !/_FILE$/.test(other) && flag === 'true');
    found.push({ from: service, where: `${name}/${prefix}_PORT`, host, port: Number(port), tls, protocol: /MQTT/.test(name) ? 'mqtt' : 'any', identity: namesUser(env, family) });
  }
  const command = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
  found.push(...urlConnections(plan, service, 'command', command));
  for (const match of command.matchAll(/(?<![/\w@.-])([a-z][a-z0-9-]*):(\d+)\b/g)) {
    const host = serviceOf(plan, match[1]!);
    if (host !== undefined && host !== service) found.push({ from: service, where: 'command', host, port: Number(match[2]), protocol: 'any' });
  }
  for (const [path, text] of configMapFiles(plan, service)) {
    found.push(...urlConnections(plan, service, path, text));
    // Grafana's provisioned datasources: `url: host:port`, with the container's `${VAR}`s expanded as Grafana does.
    for (const match of expandGrafanaVariables(text, (name) => env.get(name)).matchAll(/^\s*url:\s*["']?([a-z][a-z0-9.-]*):(\d+)["']?\s*$/gm)) {
      const host = serviceOf(plan, match[1]!);
      if (host !== undefined && host !== service) found.push({ from: service, where: path, host, port: Number(match[2]), protocol: 'any' });
    }
  }
  return found;
}

/**
 * The ConfigMap files a service's container reads: those it mounts, and those an init container
 * copies into a folder it mounts (a read-write project folder, seeded at each start).
 */
function configMapFiles(plan: TranslationPlan, service: string): Map<string, string> {
  const files = new Map<string, string>();
  const all = containerFiles(plan, service);
  for (const [path, file] of all) if (file.source.kind === 'ConfigMap' && file.text) files.set(path, file.text);
  const configMaps = planManifests(plan).filter((manifest) => manifest.kind === 'ConfigMap') as { metadata: { name: string }; data?: Record<string, string> }[];
  for (const { container, pod } of pods(plan).filter((candidate) => candidate.service === service && candidate.pod.containers.includes(candidate.container))) {
    for (const init of pod.initContainers ?? []) {
      const [source, target] = init.volumeMounts ?? [];
      const seeded = container.volumeMounts?.find((mount) => mount.name === target?.name);
      const configMap = pod.volumes?.find((volume) => volume.name === source?.name)?.configMap;
      if (!seeded || !configMap) continue;
      const data = configMaps.find((manifest) => manifest.metadata.name === configMap.name)?.data ?? {};
      for (const item of configMap.items ?? Object.keys(data).map((key) => ({ key, path: key }))) {
        const text = data[item.key];
        if (text !== undefined) files.set(`${seeded.mountPath}/${item.path}`, text);
      }
    }
  }
  return files;
}

/** The listeners a service's configuration opens. */
function listeners(plan: TranslationPlan, service: string): Listener[] {
  const [own] = pods(plan).filter((pod) => pod.service === service && pod.pod.containers.includes(pod.container));
  if (!own) return [];
  const files = [...containerFiles(plan, service).values()].map((file) => file.text ?? '');
  const mosquitto = files.find((text) => /^listener\s+\d+/m.test(text));
  if (mosquitto) return mosquittoListeners(mosquitto);
  const nginx = files.flatMap((text) => [...text.matchAll(/^\s*listen\s+(?:[\d.:[\]]+:)?(\d+)([^;]*);/gm)]);
  if (nginx.length > 0) return nginx.map((match) => ({ port: Number(match[1]), tls: /\bssl\b/.test(match[2]!), protocol: 'any' }));
  const command = [...(own.container.command ?? []), ...(own.container.args ?? [])].join(' ');
  const flagged = [...command.matchAll(/(?:--port[= ]|-p |--bind[= ](?:\S*:)?|-b (?:\S*:)?|-c port=)(\d+)/g)].map((match) => Number(match[1]));
  const ports = flagged.length > 0 ? flagged : (own.container.ports ?? []).map((port) => port.containerPort);
  return ports.map((port) => ({ port, tls: false, protocol: 'any' }));
}

function mismatch(connection: Connection, opened: readonly Listener[]): string | undefined {
  const listener = opened.find((candidate) => candidate.port === connection.port);
  const what = `${connection.from} (${connection.where}) → ${connection.host}:${connection.port}${connection.tls ? ' over TLS' : ''}`;
  if (!listener) return `${what}: ${connection.host} opens ${opened.map((l) => l.port).join(', ') || 'nothing'}`;
  if (connection.tls !== undefined && listener.tls !== connection.tls) return `${what}: that listener ${listener.tls ? 'wants' : 'has no'} TLS`;
  if (connection.protocol !== 'any' && listener.protocol !== 'any' && connection.protocol !== listener.protocol) return `${what}: that listener speaks ${listener.protocol}`;
  if (listener.anonymous === false && connection.identity === false) return `${what}: that listener refuses clients without a user, and this one names none`;
  return undefined;
}

/** The plan with its ConfigMaps' `key` holding `text` instead. */
function withConfigMap(plan: TranslationPlan, key: string, text: string): TranslationPlan {
  const entries = plan.entries.map((entry) => {
    const data = (entry.manifest as { data?: Record<string, string> }).data;
    return entry.manifest.kind === 'ConfigMap' && data?.[key] ? { ...entry, manifest: { ...entry.manifest, data: { ...data, [key]: text } } } : entry;
  });
  return { ...plan, entries };
}

function problemsOf(plan: TranslationPlan): string[] {
  return [...new Set(pods(plan).flatMap((pod) => connections(plan, pod)).flatMap((connection) => mismatch(connection, listeners(plan, connection.host)) ?? []))];
}

const cases = systems.flatMap((system) => Object.keys(system.environments).map((environment) => [`${system.name} ${environment}`, system, environment] as const));

describe('every connection leads to a listener its target opens', () => {
  it.each(cases)('%s', (_label, system, environment) => {
    const plan = buildSystemPlan(system, environment);
    expect(pods(plan).flatMap((pod) => connections(plan, pod)).length).toBeGreaterThan(0);
    expect(problemsOf(plan)).toEqual([]);
  });

  it("fails for MODAX prod with the document's configuration: the control layer's TLS port 8883 is opened by nobody", () => {
    // The prod configuration's ConfigMap, holding the image's (the document's) file instead.
    const documented = readFileSync(join(modax.directory, 'mosquitto', 'mosquitto.conf'), 'utf8');
    expect(problemsOf(withConfigMap(buildSystemPlan(modax, 'prod'), 'mosquitto.conf', documented))).toEqual(['control-layer (MQTT_BROKER_HOST/MQTT_BROKER_PORT) → mosquitto:8883 over TLS: mosquitto opens 1883, 1880']);
  });

  it('fails for SCIP when its WebSocket listener refuses anonymous clients: the team dashboards name no user', () => {
    const charted = readFileSync(join(scip.directory, 'mqtt', 'mosquitto.conf'), 'utf8');
    const refusing = charted.replace(/(^listener 9001\n(?:.*\n)*?)allow_anonymous true/m, '$1allow_anonymous false');
    expect(refusing).not.toBe(charted);
    expect(problemsOf(withConfigMap(buildSystemPlan(scip, 'prod'), 'mosquitto.conf', refusing))).toEqual(['team-dashboard (MQTT_WS_URL) → mqtt:9001: that listener refuses clients without a user, and this one names none']);
  });

  it("reads Grafana's provisioned datasource in MODAX dev, copied into its folder from a ConfigMap", () => {
    const plan = buildSystemPlan(modax, 'dev');
    const grafana = pods(plan).filter((pod) => pod.service === 'grafana').flatMap((pod) => connections(plan, pod));
    expect(grafana).toContainEqual(expect.objectContaining({ where: '/etc/grafana/provisioning/datasources/timescaledb.yaml', host: 'timescaledb', port: 5432 }));
  });
});
