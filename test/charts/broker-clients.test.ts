/**
 * Every MQTT client of MODAX and SCIP logs in to its broker and may use exactly its topics (issue
 * 23): a real mosquitto (Debian's package) runs on 127.0.0.1 with the files the broker's pod would
 * see (its image's mosquitto.conf or the mounted one, the ACL ConfigMap, and the password file from
 * the Secret `cdk8s-compose secrets` prints), its listeners moved to free ports. Each client's user,
 * password (its variable, or the secret file its `_FILE` variable names), port and TLS flag are read
 * from the emitted manifests. MODAX prod's TLS listener runs with a certificate openssl makes here,
 * placed where the chart mounts the certificate Secret.
 *
 * Anonymous clients are refused on every listener but those that admit them (SCIP's WebSocket
 * listener for the dashboards' browsers, the loopback health listeners), where they may use exactly
 * the ACL's anonymous section. WebSocket listeners are spoken to over real WebSockets
 * (mqtt-websocket-client.ts, in a Node child process with its WebSocket client).
 */
import type { V1JobTemplateSpec } from '@kubernetes/client-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modax } from '../../charts/modax/index.ts';
import { scip } from '../../charts/scip/index.ts';
import type { SystemDefinition } from '../../charts/system.ts';
import type { SecretPayload } from '../../lib/k8s/plan/context.ts';
import type { TranslationPlan } from '../../lib/k8s/plan/plan.ts';
import { containerFiles, type ContainerFile } from '../../lib/mqtt/container-files.ts';
import { dashboardJob } from '../../lib/team-dashboard/objects.ts';
import { freePort } from '../reference/support/registry.ts';
import { commandAvailable, noticeMissing, openToAll, planWithSecrets, printedSecrets, rootedPaths, run, waitForPort, writeContainerFiles } from './container-root.ts';
import type { Manifest } from '../support/k8s.ts';
import { container, envOf, podSpec, synthSystem, workloads } from './manifests.ts';
import { mosquittoListeners, type MosquittoListener } from '../../lib/mqtt/listeners.ts';
import type { Outcome, Session } from './mqtt-websocket-client.ts';

const available = commandAvailable('mosquitto', 'mosquitto_pub', 'mosquitto_sub', 'openssl');
noticeMissing(available, 'MQTT clients against a real mosquitto with the charts\' files', 'apt-get install mosquitto mosquitto-clients openssl');

const CONFIG = '/mosquitto/config/mosquitto.conf';
const HEALTH_PORT = 1880;

interface BrokerCase {
  readonly system: SystemDefinition;
  readonly environment: string;
  readonly broker: string;
  /** Passwords the operator sets before running `secrets` (the charts leave them unset or defaulted). */
  readonly variables: Readonly<Record<string, string>>;
  /** The users the clients log in as: the test fails if it finds fewer. */
  readonly users: readonly string[];
  /** The listeners reachable from outside the broker's pod that admit anonymous clients. */
  readonly anonymous: readonly number[];
}

const scipPasswords = { MQTT_PASSWORD: 'orchestration-test-password', MQTT_API_PASSWORD: 'api-test-password' };
// MODAX prod's control layer has both MQTT_PASSWORD and MQTT_PASSWORD_FILE: `secrets` wants them equal.
const modaxMqttFile = readFileSync(join(modax.directory, 'secrets', 'mqtt_password.txt'), 'utf8');
const cases: readonly BrokerCase[] = [
  { system: modax, environment: 'dev', broker: 'mosquitto', variables: {}, users: ['control_layer'], anonymous: [] },
  { system: modax, environment: 'prod', broker: 'mosquitto', variables: { MQTT_CONTROL_PASSWORD: modaxMqttFile, DB_PASSWORD: 'db-test-password' }, users: ['control_layer'], anonymous: [] },
  // The browsers of SCIP's team dashboards and client dashboard hold no secret (charts/scip/README.md).
  { system: scip, environment: 'dev', broker: 'mqtt', variables: scipPasswords, users: ['scip_api', 'scip_user'], anonymous: [9001] },
  { system: scip, environment: 'prod', broker: 'mqtt', variables: scipPasswords, users: ['scip_api', 'scip_user'], anonymous: [9001] },
];

interface Client {
  readonly service: string;
  readonly user: string;
  /** Every password the client's pod has for its user: the variable and the file it names. */
  readonly passwords: readonly string[];
  readonly port: number;
  readonly tls: boolean;
}

/** The broker's MQTT clients as their pods see them: host, port, TLS flag, user and passwords. */
function clientsOf(plan: TranslationPlan, broker: string, secrets: readonly SecretPayload[]): Client[] {
  const docs = plan.entries.map((entry) => entry.manifest) as unknown as Manifest[];
  return workloads(docs).flatMap((doc) => {
    const service = doc.metadata.name;
    if (service === broker) return [];
    const env = envOf(podSpec(doc).containers[0]!);
    const value = (name: string | undefined): string | undefined => {
      const variable = name === undefined ? undefined : env[name];
      const ref = variable?.valueFrom?.secretKeyRef;
      return variable?.value ?? (ref ? secrets.find((secret) => secret.name === ref.name)?.stringData[ref.key] : undefined);
    };
    const names = Object.keys(env).filter((name) => /MQTT/.test(name));
    if (!names.some((name) => value(name) === broker)) return [];
    const passwordName = names.find((name) => /PASSWORD$/.test(name));
    const file = value(`${passwordName}_FILE`);
    const fromFile = file === undefined ? undefined : containerFiles(plan, service).get(file)?.text?.replace(/\n$/, '');
    return [{
      service,
      user: value(names.find((name) => /USER(NAME)?$/.test(name)))!,
      passwords: [value(passwordName), fromFile].filter((password): password is string => password !== undefined),
      port: Number(value(names.find((name) => /PORT$/.test(name)))),
      tls: value(names.find((name) => /TLS/.test(name))) === 'true',
    }];
  });
}

interface Grant {
  readonly access: 'read' | 'write' | 'readwrite';
  readonly topic: string;
}

/** The ACL's section for anonymous clients: its lines before the first `user` line. */
const ANONYMOUS = '';

/** Each user's `topic` lines of a mosquitto ACL, the anonymous clients' under ANONYMOUS. */
function aclGrants(acl: string): Map<string, Grant[]> {
  const grants = new Map<string, Grant[]>([[ANONYMOUS, []]]);
  let user = ANONYMOUS;
  for (const line of acl.split('\n').map((text) => text.trim())) {
    const userLine = /^user\s+(.+)$/.exec(line);
    if (userLine) grants.set((user = userLine[1]!), []);
    const topicLine = /^topic\s+(?:(read|write|readwrite)\s+)?(\S+)$/.exec(line);
    if (topicLine) grants.get(user)!.push({ access: (topicLine[1] ?? 'readwrite') as Grant['access'], topic: topicLine[2]! });
  }
  return grants;
}

const WEBSOCKET_CLIENT = fileURLToPath(new URL('./mqtt-websocket-client.ts', import.meta.url));

/** One MQTT session over real WebSockets, in a Node child process (the test's own Node 20 has no WebSocket client). */
async function webSocketSession(session: Session): Promise<Outcome> {
  const result = await run(process.execPath, ['--experimental-websocket', '--import', 'tsx', WEBSOCKET_CLIENT, JSON.stringify(session)]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Outcome;
}

/** A topic the filter matches (`+` and `#` filled in). */
function concrete(filter: string): string {
  return filter.replaceAll('+', 'x').replaceAll('#', 'x');
}

/** Whether an MQTT topic filter matches a topic. */
function matches(filter: string, topic: string): boolean {
  const levels = topic.split('/');
  return filter.split('/').every((level, i) => level === '#' || (i < levels.length && (level === '+' || level === levels[i]))) && (filter.endsWith('#') || filter.split('/').length === levels.length);
}

/** What one client (a user and password, or anonymous) gets through one listener. */
interface Access {
  connects(): Promise<boolean>;
  /** The topics of the retained messages the client receives when it subscribes to `filter`. */
  receives(filter: string): Promise<string[]>;
  /** Whether the client's retained QoS 1 publish to `topic` lands on the broker. */
  publishes(topic: string): Promise<boolean>;
}

interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** A throwaway CA and a server certificate for the broker's name and 127.0.0.1, where the configuration names them. */
async function makeCertificates(config: string, broker: string): Promise<void> {
  const named = (option: string): string => new RegExp(`^${option}\\s+(\\S+)`, 'm').exec(config)?.[1] ?? '';
  const [ca, cert, key] = [named('cafile'), named('certfile'), named('keyfile')];
  const work = mkdtempSync(join(tmpdir(), 'broker-certs-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  writeFileSync(join(work, 'san.ext'), `subjectAltName=DNS:${broker},IP:127.0.0.1\n`);
  for (const [command, args] of [
    ['openssl', ['req', '-x509', ...ec, '-keyout', join(work, 'ca.key'), '-out', join(work, 'ca.crt'), '-days', '1', '-subj', '/CN=test-ca']],
    ['openssl', ['req', ...ec, '-keyout', join(work, 'server.key'), '-out', join(work, 'server.csr'), '-subj', `/CN=${broker}`]],
    ['openssl', ['x509', '-req', '-in', join(work, 'server.csr'), '-CA', join(work, 'ca.crt'), '-CAkey', join(work, 'ca.key'), '-CAcreateserial', '-out', join(work, 'server.crt'), '-days', '1', '-extfile', join(work, 'san.ext')]],
  ] as const) {
    const result = await run(command, args);
    expect(result.code, result.stderr).toBe(0);
  }
  for (const [from, to] of [['ca.crt', ca], ['server.crt', cert], ['server.key', key]] as const) {
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, readFileSync(join(work, from)));
  }
  rmSync(work, { recursive: true, force: true });
}

describe.runIf(available).each(cases)('$system.name $environment: the clients of $broker against a real mosquitto', (c) => {
  let root: string;
  let broker: ChildProcess | undefined;
  let plan: TranslationPlan;
  let files: Map<string, ContainerFile>;
  let config: string;
  const ports = new Map<number, number>();
  let secrets: SecretPayload[];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'broker-clients-'));
    secrets = await printedSecrets(c.system, c.environment, c.variables);
    plan = planWithSecrets(c.system, c.environment, secrets);
    files = writeContainerFiles(plan, c.broker, root);
    const charted = files.get(CONFIG)?.text;
    if (charted === undefined) throw new Error(`${c.broker} has no ${CONFIG}`);
    // A free port may be taken by a test running beside this one before mosquitto binds it: then the
    // broker exits, and it is started again on other free ports (a full CI run lost it once).
    for (let attempt = 1; ; attempt++) {
      for (const match of charted.matchAll(/^listener (\d+)/gm)) ports.set(Number(match[1]), await freePort());
      config = rootedPaths(charted, root).replace(/^listener (\d+)\b.*$/gm, (_line, port: string) => `listener ${ports.get(Number(port))} 127.0.0.1`);
      if (attempt === 1 && /^certfile /m.test(config)) await makeCertificates(config, c.broker);
      // The claims (data, logs) the configuration writes to.
      for (const match of config.matchAll(/^(?:persistence_location|log_dest file)\s+(\S+)/gm)) mkdirSync(match[1]!.endsWith('/') ? match[1]! : dirname(match[1]!), { recursive: true });
      writeFileSync(join(root, CONFIG), config);
      openToAll(root);
      const started = spawn('mosquitto', ['-c', join(root, CONFIG)], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<never>((_resolve, reject) => started.once('exit', (code) => reject(new Error(`mosquitto exited (${code}): ${stderr}`))));
      // Its exit at the end of the suite (afterAll kills it) is no failure.
      exited.catch(() => undefined);
      try {
        await Promise.race([Promise.all([...ports.values()].map((port) => waitForPort(port))), exited]);
        broker = started;
        break;
      } catch (error) {
        started.kill();
        if (attempt === 3) throw error;
      }
    }
  });

  afterAll(() => {
    broker?.kill();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  let sequence = 0;
  const health = (): string[] => ['-h', '127.0.0.1', '-p', String(ports.get(HEALTH_PORT))];
  const put = async (topic: string): Promise<string> => {
    const payload = `message ${++sequence} on ${topic}`;
    const result = await run('mosquitto_pub', [...health(), '-q', '1', '-r', '-t', topic, '-m', payload]);
    expect(result.code, result.stderr).toBe(0);
    return payload;
  };
  /** Whether `payload` is the retained message of `topic`, read through the anonymous health listener. */
  const retained = async (topic: string, payload: string): Promise<boolean> => (await run('mosquitto_sub', [...health(), '-t', topic, '-C', '1', '-W', '2'])).stdout.includes(payload);

  const access = (listener: MosquittoListener, credentials?: Credentials): Access => {
    const port = ports.get(listener.port)!;
    if (listener.protocol === 'websockets') {
      const session = (rest: Partial<Session>): Promise<Outcome> => webSocketSession({
        url: `ws://127.0.0.1:${port}`, ...(credentials ? { username: credentials.user, password: credentials.password } : {}), subscribe: [], publish: [], listenMs: 300, ...rest,
      });
      return {
        connects: async () => (await session({})).connack === 0,
        receives: async (filter) => (await session({ subscribe: [filter], listenMs: 1000 })).received.map((message) => message.topic),
        publishes: async (topic) => {
          const payload = `message ${++sequence} from the client`;
          await session({ publish: [{ topic, payload, retain: true }] });
          return retained(topic, payload);
        },
      };
    }
    const args = ['-h', '127.0.0.1', '-p', String(port), ...(credentials ? ['-u', credentials.user, '-P', credentials.password] : []), ...(listener.tls ? ['--cafile', /^cafile\s+(\S+)/m.exec(config)?.[1] ?? ''] : [])];
    return {
      connects: async () => (await run('mosquitto_pub', [...args, '-t', 'login/check', '-m', 'x'])).code === 0,
      receives: async (filter) => (await run('mosquitto_sub', [...args, '-v', '-t', filter, '-W', '1'])).stdout.split('\n').filter(Boolean).map((line) => line.split(' ')[0]!),
      publishes: async (topic) => {
        const payload = `message ${++sequence} from the client`;
        await run('mosquitto_pub', [...args, '-q', '1', '-r', '-t', topic, '-m', payload]);
        return retained(topic, payload);
      },
    };
  };

  const listeners = (): MosquittoListener[] => mosquittoListeners(files.get(CONFIG)!.text!);
  const acl = (): Map<string, Grant[]> => aclGrants([...files.values()].find((file) => file.source.kind === 'ConfigMap' && /^\s*user\s/m.test(file.text ?? ''))?.text ?? '');

  const clientArgs = (client: Client, password: string): string[] => [
    '-h', '127.0.0.1', '-p', String(ports.get(client.port)), '-u', client.user, '-P', password, '-V', '5',
    ...(client.tls ? ['--cafile', /^cafile\s+(\S+)/m.exec(config)?.[1] ?? 'no cafile in the configuration'] : []),
  ];

  /** Publishes as the client (QoS 1, so the broker answers): whether the broker took it. */
  const publish = async (client: Client, password: string, topic: string): Promise<boolean> => {
    const result = await run('mosquitto_pub', [...clientArgs(client, password), '-q', '1', '-t', topic, '-m', 'from the test']);
    expect(result.code, `${client.user} publishing to ${topic}: ${result.stderr}`).toBe(0);
    return !/not authori[sz]ed/i.test(result.stderr);
  };

  /** A retained message put there anonymously through the health listener, then read as the client. */
  const reads = async (client: Client, password: string, topic: string): Promise<boolean> => {
    const put = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(ports.get(HEALTH_PORT)), '-r', '-t', topic, '-m', `retained on ${topic}`]);
    expect(put.code, put.stderr).toBe(0);
    const got = await run('mosquitto_sub', [...clientArgs(client, password), '-t', topic, '-C', '1', '-W', '2']);
    return got.code === 0 && got.stdout.includes(`retained on ${topic}`);
  };

  it('finds every client, each with its user, port and password', () => {
    const clients = clientsOf(plan, c.broker, secrets);
    expect(clients.map((client) => client.user).sort()).toEqual(c.users);
    for (const client of clients) {
      expect(client.passwords.length, client.service).toBeGreaterThan(0);
      expect(ports.has(client.port), `${client.service} connects to ${c.broker}:${client.port}, a port its configuration does not open`).toBe(true);
    }
  });

  it('each client logs in with every password its pod has, and not with another one', async () => {
    for (const client of clientsOf(plan, c.broker, secrets)) {
      for (const password of client.passwords) {
        const result = await run('mosquitto_pub', [...clientArgs(client, password), '-t', 'login/check', '-m', 'x']);
        expect(result.code, `${client.user}: ${result.stderr}`).toBe(0);
      }
      const wrong = await run('mosquitto_pub', [...clientArgs(client, 'not-the-password'), '-t', 'login/check', '-m', 'x']);
      expect(wrong.code, `${client.user} with a wrong password`).not.toBe(0);
    }
  });

  it('each client may use the topics the ACL gives it, and no other', async () => {
    const byUser = acl();
    for (const client of clientsOf(plan, c.broker, secrets)) {
      const grants = byUser.get(client.user) ?? [];
      expect(grants.length, `${client.user} has topics in the ACL`).toBeGreaterThan(0);
      const password = client.passwords[0]!;
      for (const grant of grants) {
        const topic = concrete(grant.topic);
        expect(await publish(client, password, topic), `${client.user} ${grant.access} ${topic}: publish`).toBe(grant.access !== 'read');
        expect(await reads(client, password, topic), `${client.user} ${grant.access} ${topic}: read`).toBe(grant.access !== 'write');
      }
      expect(await publish(client, password, 'not/in/the/acl'), `${client.user} publishing outside the ACL`).toBe(false);
      expect(await reads(client, password, 'not/in/the/acl'), `${client.user} reading outside the ACL`).toBe(false);
    }
  });

  it('refuses anonymous clients on every listener but the loopback ones and those the case names', async () => {
    const open = listeners().filter((listener) => listener.anonymous && listener.bind !== '127.0.0.1');
    expect(open.map((listener) => listener.port)).toEqual(c.anonymous);
    for (const listener of listeners()) {
      expect(await access(listener).connects(), `anonymous on ${listener.port} (${listener.protocol})`).toBe(listener.anonymous);
    }
  });

  it.runIf(c.anonymous.length > 0)('anonymous clients may use exactly the ACL\'s anonymous topics, and publish only where it says so', async () => {
    const byUser = acl();
    const grants = byUser.get(ANONYMOUS)!;
    expect(grants.length, 'the ACL has an anonymous section').toBeGreaterThan(0);
    // A client without identity cannot be held to account for what it publishes.
    expect(grants.filter((grant) => grant.access !== 'read'), 'anonymous clients may publish').toEqual([]);
    const readable = grants.filter((grant) => grant.access !== 'write').map((grant) => grant.topic);
    // Every other user's topics, each anonymous topic one level deeper, and one nobody has.
    const others = [...new Set([
      ...[...byUser].flatMap(([user, userGrants]) => (user === ANONYMOUS ? [] : userGrants.map((grant) => concrete(grant.topic)))),
      ...grants.filter((grant) => !grant.topic.endsWith('#')).map((grant) => `${concrete(grant.topic)}/x`),
      'not/in/the/acl',
    ])].filter((topic) => !readable.some((filter) => matches(filter, topic)));
    expect(others.length).toBeGreaterThan(1);
    for (const port of c.anonymous) {
      const listener = listeners().find((candidate) => candidate.port === port)!;
      const anonymous = access(listener);
      for (const grant of grants) {
        const topic = concrete(grant.topic);
        await put(topic);
        expect((await anonymous.receives(topic)).includes(topic), `anonymous ${grant.access} ${topic} on ${port}: read`).toBe(grant.access !== 'write');
        expect(await anonymous.publishes(topic), `anonymous ${grant.access} ${topic} on ${port}: publish`).toBe(grant.access !== 'read');
      }
      for (const topic of others) {
        await put(topic);
        expect(await anonymous.receives(topic), `anonymous reading ${topic} on ${port}`).toEqual([]);
        expect(await anonymous.publishes(topic), `anonymous publishing to ${topic} on ${port}`).toBe(false);
      }
      // Everything retained now, through the widest filter: only the anonymous topics come.
      const all = await anonymous.receives('#');
      expect(all.length).toBeGreaterThan(0);
      expect(all.filter((topic) => !readable.some((filter) => matches(filter, topic))), `anonymous '#' on ${port}`).toEqual([]);
    }
  });

  it.runIf(c.anonymous.length > 0)('the clients log in on the anonymous listeners with their passwords too, and not with a wrong one', async () => {
    const byUser = acl();
    for (const port of c.anonymous) {
      const listener = listeners().find((candidate) => candidate.port === port)!;
      for (const client of clientsOf(plan, c.broker, secrets)) {
        expect(await access(listener, { user: client.user, password: client.passwords[0]! }).connects(), `${client.user} on ${port}`).toBe(true);
        expect(await access(listener, { user: client.user, password: 'not-the-password' }).connects(), `${client.user} with a wrong password on ${port}`).toBe(false);
        // A client that may write publishes through this listener: the anonymous refusals above are not the test's client failing.
        const writable = byUser.get(client.user)!.find((grant) => grant.access !== 'read')!;
        expect(await access(listener, { user: client.user, password: client.passwords[0]! }).publishes(concrete(writable.topic)), `${client.user} publishing on ${port}`).toBe(true);
      }
    }
  });

  it.runIf(c.system === scip)('a team dashboard reads the feed orchestration publishes for its team, anonymously over WebSockets', async () => {
    const template = synthSystem(c.system, c.environment).find((doc) => doc.kind === 'CronJob' && doc.metadata.name === 'team-dashboard') as unknown as { spec: { jobTemplate: V1JobTemplateSpec } };
    const job = dashboardJob(template.spec.jobTemplate, { exerciseId: 'ex-7', teamId: 'blue', config: { name: 'Blue', color: '#0000ff' } });
    const env = Object.fromEntries((job.spec!.template.spec!.containers[0]!.env ?? []).map((variable) => [variable.name, variable.value ?? '']));
    const url = /^ws:\/\/([^:/]+):(\d+)$/.exec(env['MQTT_WS_URL']!)!;
    expect(url[1]).toBe(c.broker);
    const listener = listeners().find((candidate) => candidate.port === Number(url[2]))!;
    expect(listener).toMatchObject({ protocol: 'websockets', anonymous: true });
    // Exactly the team feeds, of which each dashboard's MQTT_TOPIC is one.
    expect(acl().get(ANONYMOUS)).toEqual([{ access: 'read', topic: '/exercise/+/team/+/feed' }]);
    expect(matches('/exercise/+/team/+/feed', env['MQTT_TOPIC']!)).toBe(true);
    const orchestration = clientsOf(plan, c.broker, secrets).find((client) => client.service === 'orchestration')!;
    const payload = `feed for ${env['MQTT_TOPIC']}`;
    const published = await run('mosquitto_pub', [...clientArgs(orchestration, orchestration.passwords[0]!), '-q', '1', '-r', '-t', env['MQTT_TOPIC']!, '-m', payload]);
    expect(published.code, published.stderr).toBe(0);
    const session = await webSocketSession({ url: `ws://127.0.0.1:${ports.get(listener.port)}`, subscribe: [env['MQTT_TOPIC']!], publish: [], listenMs: 1000 });
    expect(session).toMatchObject({ connack: 0, received: [{ topic: env['MQTT_TOPIC'], payload }] });
  });

  it('the emitted probes pass against this broker', async () => {
    const c0 = container(synthSystem(c.system, c.environment), c.broker);
    const commands = [c0.startupProbe, c0.readinessProbe, c0.livenessProbe].flatMap((probe) => (probe?.exec ? [probe.exec.command] : []));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const moved = command.map((arg) => arg.replace(`-p ${HEALTH_PORT}`, `-p ${ports.get(HEALTH_PORT)}`)).map((arg, i) => (command[i - 1] === '-p' ? String(ports.get(Number(arg))) : arg));
      const result = await run(moved[0]!, moved.slice(1));
      expect(result.code, command.join(' ')).toBe(0);
    }
  });

  it.runIf(c.system === modax && c.environment === 'prod')('serves MQTT over TLS on 8883 with the mounted certificates, and only TLS there', async () => {
    const tlsClient = clientsOf(plan, c.broker, secrets).find((client) => client.tls);
    expect(tlsClient?.port).toBe(8883);
    // The certificate files the configuration names are in the folder the chart mounts the certificate Secret at.
    for (const option of ['cafile', 'certfile', 'keyfile']) {
      const path = new RegExp(`^${option}\\s+(\\S+)`, 'm').exec(files.get(CONFIG)!.text!)![1]!;
      expect(files.get(dirname(path))?.source, path).toMatchObject({ kind: 'Secret', name: 'etc-modax-certs' });
    }
    expect(await publish(tlsClient!, tlsClient!.passwords[0]!, 'modax/ai/analysis')).toBe(true);
    const plain = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(ports.get(8883)), '-u', tlsClient!.user, '-P', tlsClient!.passwords[0]!, '-t', 'x', '-m', 'x']);
    expect(plain.code, 'a plain connection to the TLS port').not.toBe(0);
  });
});

describe("MODAX prod's broker configuration", () => {
  const read = (file: string): string => readFileSync(join(modax.directory, 'mosquitto', file), 'utf8');

  it('is the image\'s mosquitto.conf with the TLS listener on 8883, nothing else changed', () => {
    const prod = read('mosquitto.prod.conf');
    const tls = /\n# MQTT over TLS[\s\S]*?\n\n/.exec(prod)?.[0] ?? '';
    expect(tls).toMatch(/^listener 8883$/m);
    const withoutHeader = (text: string): string => text.replace(/^(#[^\n]*\n)*/, '');
    expect(withoutHeader(prod.replace(tls, '\n'))).toBe(withoutHeader(read('mosquitto.conf')));
  });

  it('puts the certificate Secret it reads on the list of objects to create', () => {
    const plan = planWithSecrets(modax, 'prod', []);
    expect(plan.toCreate).toContainEqual(expect.objectContaining({ kind: 'Secret', name: 'etc-modax-certs' }));
    expect(containerFiles(plan, 'mosquitto').get('/mosquitto/certs')?.source).toMatchObject({ kind: 'Secret', name: 'etc-modax-certs' });
  });
});
