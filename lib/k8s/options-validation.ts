import { ComposeError } from '../compose/errors.ts';
import type { ComposeProject } from '../compose/model.ts';
import { INT32 } from './int32.ts';
import { isQualifiedName, labelValue } from './labels.ts';
import { locate } from './locate.ts';
import { mergeOptions, type ComposeKubernetesOptions, type ServiceOptions, type VolumeOptions } from './options.ts';
import { own } from './own.ts';

/** The extension key CLI users write Kubernetes options under. */
export const EXTENSION_KEY = 'x-kubernetes';

type Field =
  | { readonly kind: 'boolean' | 'quantity' | 'schedule' | 'stringMap' | 'stringList' | 'labelMap' }
  | { readonly kind: 'pattern'; readonly pattern: RegExp; readonly description: string }
  | { readonly kind: 'integer'; readonly min: number; readonly max?: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Field>> }
  | { readonly kind: 'map'; readonly of: Field };

const boolean: Field = { kind: 'boolean' };
const quantity: Field = { kind: 'quantity' };
const stringMap: Field = { kind: 'stringMap' };
const stringList: Field = { kind: 'stringList' };
// Kubernetes validates user and group ids, though int64, as 0..MaxInt32.
const uid: Field = { kind: 'integer', min: 0, max: INT32.max };
const labelMap: Field = { kind: 'labelMap' };
const object = (fields: Record<string, Field>): Field => ({ kind: 'object', fields });
const pattern = (regex: RegExp, description: string): Field => ({ kind: 'pattern', pattern: regex, description });
const DNS_LABELS = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const objectName = pattern(new RegExp(`^${DNS_LABELS}$`), 'a Kubernetes object name (lowercase letters, digits, \'-\' and \'.\')');
const hostName = pattern(new RegExp(`^(\\*\\.)?${DNS_LABELS}$`), "a lowercase DNS name such as 'shop.example.com'");
const urlPath = pattern(/^\/\S*$/, "a path starting with '/'");
const imageName = pattern(/^\S+$/, 'an image reference without spaces');
const enumOf = (...values: string[]): Field => ({ kind: 'enum', values });

const CPU_MEMORY = object({ cpu: quantity, memory: quantity });

export const VOLUME_OPTIONS = object({
  size: quantity,
  storageClass: objectName,
  accessMode: enumOf('ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'),
});

export const SERVICE_OPTIONS = object({
  workload: enumOf('Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'),
  schedule: { kind: 'schedule' },
  replicas: { kind: 'integer', min: 0, max: INT32.max },
  exposure: enumOf('none', 'LoadBalancer', 'NodePort', 'Ingress'),
  ingress: object({ host: hostName, path: urlPath, port: { kind: 'integer', min: 1, max: 65535 } }),
  image: imageName,
  resources: object({ requests: CPU_MEMORY, limits: CPU_MEMORY }),
  securityContext: object({
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    runAsNonRoot: boolean,
    readOnlyRootFilesystem: boolean,
    writablePaths: stringList,
  }),
  devices: object({ resourceNames: stringMap, mode: enumOf('device-plugin', 'privileged', 'hostPath') }),
  allowHostPath: boolean,
  sensitiveEnvironment: stringList,
  plainEnvironment: stringList,
  nodeSelector: labelMap,
  podAnnotations: stringMap,
  serviceAccountName: objectName,
  storage: VOLUME_OPTIONS,
  polarisExemptions: stringMap,
});

export const CHART_OPTIONS = object({
  defaults: SERVICE_OPTIONS,
  services: { kind: 'map', of: SERVICE_OPTIONS },
  volumes: { kind: 'map', of: VOLUME_OPTIONS },
  defaultVolume: VOLUME_OPTIONS,
  ingress: object({ className: objectName, domain: hostName, tlsSecretName: objectName }),
  networkPolicies: boolean,
});

const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+)?$/;
const CRON_MACRO = /^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/;
const CRON_FIELD = /^[\d*?/,\-A-Za-z]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : `${typeof value} ${JSON.stringify(value)}`;
}

/** The reason `value` does not fit `field`, ignoring nested fields, or undefined when it fits. */
function mismatch(field: Field, value: unknown): string | undefined {
  switch (field.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'integer': {
      const max = field.max === undefined ? '' : ` and at most ${field.max}`;
      const fits = Number.isInteger(value) && (value as number) >= field.min && (field.max === undefined || (value as number) <= field.max);
      return fits ? undefined : `must be an integer of at least ${field.min}${max}`;
    }
    case 'enum':
      return typeof value === 'string' && field.values.includes(value) ? undefined : `must be one of ${field.values.join(', ')}`;
    case 'quantity':
      return typeof value === 'string' && QUANTITY.test(value)
        ? undefined
        : "must be a Kubernetes quantity written as a string, such as '500m', '1Gi' or '2'";
    case 'schedule':
      return typeof value === 'string' && (CRON_MACRO.test(value.trim()) || isCronExpression(value))
        ? undefined
        : "must be a cron schedule such as '*/5 * * * *' or '@daily'";
    case 'stringMap':
      return isRecord(value) && Object.values(value).every((v) => typeof v === 'string')
        ? undefined
        : 'must be a mapping of strings';
    case 'pattern':
      return typeof value === 'string' && field.pattern.test(value) ? undefined : `must be ${field.description}`;
    case 'labelMap':
      return isRecord(value) && Object.entries(value).every(([key, v]) => isQualifiedName(key) && typeof v === 'string' && labelValue(v) === v)
        ? undefined
        : 'must be a mapping of Kubernetes label keys to label values';
    case 'stringList':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'must be a list of strings';
    case 'object':
    case 'map':
      return isRecord(value) ? undefined : 'must be a mapping';
  }
}

function isCronExpression(value: string): boolean {
  const fields = value.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f) => CRON_FIELD.test(f));
}

function check(project: ComposeProject, field: Field, value: unknown, key: string): void {
  const problem = mismatch(field, value);
  if (problem) {
    throw new ComposeError(`${key} ${problem}, not ${describe(value)}`, locate(project, key), key);
  }
  if (field.kind === 'object') {
    for (const [name, nested] of Object.entries(value as Record<string, unknown>)) {
      const spec = own(field.fields, name);
      if (!spec) {
        const known = Object.keys(field.fields).join(', ');
        throw new ComposeError(`unknown key ${key}.${name}; known keys: ${known}`, locate(project, `${key}.${name}`), `${key}.${name}`);
      }
      check(project, spec, nested, `${key}.${name}`);
    }
  } else if (field.kind === 'map') {
    for (const [name, nested] of Object.entries(value as Record<string, unknown>)) {
      check(project, field.of, nested, `${key}.${name}`);
    }
  }
}

/** The project's top-level `x-kubernetes`, validated. */
export function projectOptions(project: ComposeProject): ComposeKubernetesOptions {
  const options = validated<ComposeKubernetesOptions>(project, CHART_OPTIONS, project.extensions[EXTENSION_KEY], EXTENSION_KEY);
  checkNames(project, options, EXTENSION_KEY);
  return options;
}

/**
 * Options for a service or volume the project does not have are most likely a typo. Services left
 * out by a profile are fine: the same options serve every profile.
 */
function checkNames(project: ComposeProject, options: ComposeKubernetesOptions, key: string): void {
  const services = new Set([...Object.keys(project.services), ...project.disabledServices]);
  for (const name of Object.keys(options.services ?? {})) {
    if (services.has(name)) continue;
    const at = `${key}.services.${name}`;
    throw new ComposeError(`${at}: no service '${name}' in the project (services: ${[...services].sort().join(', ')})`, locate(project, at), at);
  }
  for (const name of Object.keys(options.volumes ?? {})) {
    if (Object.hasOwn(project.volumes, name)) continue;
    const at = `${key}.volumes.${name}`;
    throw new ComposeError(`${at}: no volume '${name}' in the project's top-level volumes`, locate(project, at), at);
  }
}

/** A service's own `x-kubernetes`, validated. */
export function serviceExtensionOptions(project: ComposeProject, serviceName: string): ServiceOptions {
  const service = own(project.services, serviceName);
  const key = `services.${serviceName}.${EXTENSION_KEY}`;
  return validated<ServiceOptions>(project, SERVICE_OPTIONS, service?.extensions[EXTENSION_KEY], key);
}

/** A top-level volume's own `x-kubernetes`, validated. */
export function volumeExtensionOptions(project: ComposeProject, volumeName: string): VolumeOptions {
  const volume = own(project.volumes, volumeName);
  const key = `volumes.${volumeName}.${EXTENSION_KEY}`;
  return validated<VolumeOptions>(project, VOLUME_OPTIONS, volume?.extensions[EXTENSION_KEY], key);
}

/** Options passed in code get the same checks, reported under `options`. */
export function validateCodeOptions(project: ComposeProject, options: ComposeKubernetesOptions | undefined): void {
  if (options === undefined) return;
  check(project, CHART_OPTIONS, options, 'options');
  checkNames(project, options, 'options');
}

function validated<T>(project: ComposeProject, field: Field, value: unknown, key: string): T {
  if (value === undefined || value === null) return {} as T;
  check(project, field, value, key);
  return value as T;
}

/** Top-level x-kubernetes below options passed in code; each volume's own x-kubernetes on top. */
export function chartOptionsFor(project: ComposeProject, code: ComposeKubernetesOptions | undefined): ComposeKubernetesOptions {
  validateCodeOptions(project, code);
  const merged = mergeOptions(projectOptions(project), code);
  const volumes = { ...merged.volumes };
  for (const name of Object.keys(project.volumes)) {
    const ownOptions = volumeExtensionOptions(project, name);
    if (Object.keys(ownOptions).length > 0) volumes[name] = mergeOptions(own(volumes, name), ownOptions);
  }
  return { ...merged, volumes };
}

/**
 * One service's options: top-level and in-code defaults, then its entries under `services`, then
 * its own x-kubernetes. `own` is everything addressed to the service by name, to tell an explicit
 * ask from an inherited default.
 */
export function serviceOptionsFor(
  project: ComposeProject,
  serviceName: string,
  top: ComposeKubernetesOptions,
  code: ComposeKubernetesOptions,
): { readonly options: ServiceOptions; readonly own: ServiceOptions } {
  const layered = mergeOptions<ServiceOptions>(own(top.services, serviceName), own(code.services, serviceName), serviceExtensionOptions(project, serviceName));
  return { options: mergeOptions<ServiceOptions>(top.defaults, code.defaults, layered), own: layered };
}
