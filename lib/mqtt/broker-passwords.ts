/**
 * The password files of a project's mosquitto brokers, made from the variables their clients log in
 * with (issue 23): a broker is a service whose configuration (a file it mounts, or one its
 * Dockerfile copies) names a `password_file` that the pod mounts from a Secret; its clients are the
 * services whose MQTT variables name it as their host. Each client's user gets an entry hashed as
 * mosquitto does, so the broker and the clients cannot disagree. `cdk8s-compose secrets` prints
 * the result; no value reaches a message.
 */
import type { ComposeProject, Service } from '../compose/model.ts';
import type { SecretPayload } from '../k8s/plan/context.ts';
import { containerFiles, type ContainerFile, type PlanFiles } from './container-files.ts';
import { mosquittoListeners, type MosquittoListener } from './listeners.ts';
import { aclUsers, passwordFileText, type BrokerUser } from './password-file.ts';

export interface BrokerPasswordFiles {
  /** The plan's Secrets, each broker password file's key holding the generated file. */
  readonly secrets: readonly SecretPayload[];
  /** Why a password file cannot be written: `secrets` prints nothing. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** A variable naming where an MQTT client connects, its user and its password (or the file holding it). */
const MQTT_VARIABLE = /MQTT/i;
const USER_VARIABLE = /USER(NAME)?$/i;
const PASSWORD_VARIABLE = /PASS(WORD)?(_FILE)?$/i;

export function brokerPasswordFiles(plan: PlanFiles): BrokerPasswordFiles {
  const errors: string[] = [];
  const warnings: string[] = [];
  let secrets = [...plan.secrets];
  for (const broker of Object.keys(plan.project.services)) {
    const files = containerFiles(plan, broker);
    const settings = brokerSettings(files);
    if (settings.passwordFiles.length === 0) continue;
    const hosts = new Set([broker, plan.serviceNames[broker] ?? broker]);
    const users = clientUsers(plan.project, { name: broker, hosts, listeners: settings.listeners }, errors, warnings);
    const granted = new Set(settings.aclFiles.flatMap((file) => [...aclUsers(files.get(file)?.text ?? '')]));
    for (const { user, service } of users) {
      if (settings.aclFiles.length > 0 && !granted.has(user)) warnings.push(`service '${service}' logs in to '${broker}' as '${user}', whom its ACL (${settings.aclFiles.join(', ')}) gives no topic`);
    }
    for (const at of settings.passwordFiles) {
      const file = files.get(at);
      if (file?.source.kind !== 'Secret') {
        warnings.push(`service '${broker}': its password_file ${at} is not mounted from a Secret, so its users are not written`);
        continue;
      }
      secrets = withKey(secrets, file.source.name, file.source.key, passwordFileText(users, file.text));
    }
  }
  return { secrets, errors, warnings };
}

interface BrokerSettings {
  readonly passwordFiles: readonly string[];
  readonly aclFiles: readonly string[];
  readonly listeners: readonly MosquittoListener[];
}

/** The `password_file` and `acl_file` paths the container's mosquitto configuration files name, and its listeners. */
function brokerSettings(files: ReadonlyMap<string, ContainerFile>): BrokerSettings {
  const named = (option: string): string[] => {
    const paths = [...files.values()].flatMap((file) => [...(file.text ?? '').matchAll(new RegExp(`^\\s*${option}\\s+(\\S+)\\s*$`, 'gm'))].map((match) => match[1]!));
    return [...new Set(paths)].sort();
  };
  const config = [...files.values()].find((file) => /^listener\s/m.test(file.text ?? ''));
  return { passwordFiles: named('password_file'), aclFiles: named('acl_file'), listeners: mosquittoListeners(config?.text ?? '') };
}

interface Broker {
  readonly name: string;
  /** The names clients reach it by: its compose and Kubernetes names. */
  readonly hosts: ReadonlySet<string>;
  readonly listeners: readonly MosquittoListener[];
}

interface ClientUser extends BrokerUser {
  readonly service: string;
}

/** One user per client service of `broker`, with the password its variables give it. */
function clientUsers(project: ComposeProject, { name: broker, hosts, listeners }: Broker, errors: string[], warnings: string[]): ClientUser[] {
  const users: ClientUser[] = [];
  for (const service of Object.values(project.services)) {
    if (service.name === broker) continue;
    const variables = Object.entries(service.environment).filter(([key]) => MQTT_VARIABLE.test(key));
    const hostVariable = variables.find(([, value]) => value !== null && hosts.has(hostOf(value)))?.[0];
    if (hostVariable === undefined) continue;
    const userVariable = variables.find(([key]) => USER_VARIABLE.test(key))?.[0];
    const user = userVariable === undefined ? undefined : service.environment[userVariable];
    // A listener that admits anonymous clients (a browser's WebSockets) needs no entry for this one.
    const port = portOf(service.environment[hostVariable]!) ?? service.environment[hostVariable.replace(/_HOST$/i, '_PORT')];
    if (!user && listeners.some((listener) => listener.anonymous && String(listener.port) === port)) continue;
    if (!user) {
      warnings.push(`service '${service.name}' connects to '${broker}' (${hostVariable}) without a user${userVariable ? ` (${userVariable} is empty)` : ''}: the broker refuses anonymous clients`);
      continue;
    }
    const password = clientPassword(project, service, variables.find(([key]) => PASSWORD_VARIABLE.test(key))?.[0].replace(/_FILE$/i, ''), errors);
    if (password === undefined) continue;
    const same = users.find((other) => other.user === user);
    if (same && same.password !== password) errors.push(`services '${same.service}' and '${service.name}' log in to '${broker}' as '${user}' with different passwords`);
    else if (!same) users.push({ service: service.name, user, password });
  }
  return users;
}

/** The client's password: its variable's value or the file its `_FILE` variable names; both must agree. */
function clientPassword(project: ComposeProject, service: Service, variable: string | undefined, errors: string[]): string | undefined {
  const where = `service '${service.name}'`;
  if (variable === undefined) {
    errors.push(`${where} has an MQTT user but no MQTT password variable`);
    return undefined;
  }
  const direct = service.environment[variable] ?? undefined;
  const path = service.environment[`${variable}_FILE`];
  const reference = path ? service.secrets.find((candidate) => candidate.target === path) : undefined;
  const fromFile = reference ? project.secrets[reference.source]?.value?.replace(/\r?\n$/, '') : undefined;
  if (path && fromFile === undefined) errors.push(`${where}: ${variable}_FILE names ${path}, which is none of its secrets with a value`);
  if (direct && fromFile !== undefined && direct !== fromFile) {
    errors.push(`${where}: ${variable} and the secret ${variable}_FILE names differ, and the broker can hold one password for the user: make them equal or drop one`);
    return undefined;
  }
  const password = fromFile ?? direct;
  if (!password) errors.push(`${where}: ${variable} is empty, so the broker's entry for its user would be too: set it`);
  return password || undefined;
}

/** The host a value names: itself, or a URL's host (`mqtt://broker:1883`, `ws://broker:9001`). */
function hostOf(value: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^:/?#]+)/i.exec(value)?.[1] ?? value;
}

/** The port a URL names (`ws://broker:9001`), if any. */
function portOf(value: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?[^:/?#]+:(\d+)/i.exec(value)?.[1];
}

function withKey(secrets: readonly SecretPayload[], name: string, key: string, text: string): SecretPayload[] {
  return secrets.map((secret) => (secret.name === name ? { ...secret, stringData: { ...secret.stringData, [key]: text } } : secret));
}
