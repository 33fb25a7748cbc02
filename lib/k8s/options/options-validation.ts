import type { ErrorObject, ValidateFunction } from 'ajv';
import { ComposeError } from '../../compose/errors.ts';
import type { ComposeProject } from '../../compose/model.ts';
import { locate } from '../plan/locate.ts';
import { OPTION_SCOPES, X_KUBERNETES_SCHEMA, type JsonSchema } from './options-schema.ts';
import { OPTION_VALIDATORS } from './options-validators.generated.ts';
import { mergeOptions, type ComposeKubernetesOptions, type ServiceOptions, type VolumeOptions } from './options.ts';
import { own } from '../plan/own.ts';

type OptionScope = keyof typeof OPTION_SCOPES;

/** The extension key CLI users write Kubernetes options under. */
export const EXTENSION_KEY = 'x-kubernetes';

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : `${typeof value} ${JSON.stringify(value)}`;
}

function resolve(schema: JsonSchema): JsonSchema {
  const name = schema.$ref?.slice('#/$defs/'.length);
  return name === undefined ? schema : resolve(own(X_KUBERNETES_SCHEMA.$defs, name) ?? {});
}

/** The schema of each prefix of `segments`, from the scope's root down (shorter where the schema ends). */
function schemasAlong(scope: OptionScope, segments: readonly string[]): JsonSchema[] {
  const schemas = [resolve({ $ref: `#/$defs/${OPTION_SCOPES[scope]}` })];
  for (const segment of segments) {
    const parent = schemas[schemas.length - 1] as JsonSchema;
    const child =
      own(parent.properties, segment) ??
      (typeof parent.additionalProperties === 'object' ? parent.additionalProperties : undefined) ??
      parent.items;
    if (!child) break;
    schemas.push(resolve(child));
  }
  return schemas;
}

/** Why the value at the failing schema does not fit, in the words of today's messages. */
function problemWith(schema: JsonSchema, error: ErrorObject): string {
  if (schema.type === 'integer') {
    const max = schema.maximum === undefined ? '' : ` and at most ${schema.maximum}`;
    return `must be an integer of at least ${schema.minimum ?? 0}${max}`;
  }
  if (schema.enum) return `must be one of ${schema.enum.join(', ')}`;
  if (schema.type === 'boolean') return 'must be true or false';
  if (schema.type === 'object') return 'must be a mapping';
  if (schema.type === 'string') return 'must be a string';
  return error.message ?? 'is invalid';
}

/**
 * The schema's first complaint as one located ComposeError. An `errorMessage` explains its whole
 * subtree, so the outermost one on the path names the key it belongs to (a list of strings, not its
 * third item); otherwise the failing key itself.
 */
function errorFrom(project: ComposeProject, scope: OptionScope, error: ErrorObject, value: unknown, key: string): ComposeError {
  const segments = error.instancePath.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const schemas = schemasAlong(scope, segments);
  const explained = schemas.findIndex((schema) => schema.errorMessage !== undefined);
  const depth = explained >= 0 ? explained : segments.length;
  const at = [key, ...segments.slice(0, depth)].join('.');
  if (explained < 0 && error.keyword === 'additionalProperties') {
    const name = String((error.params as Record<string, unknown>)['additionalProperty']);
    const known = Object.keys(schemas[depth]?.properties ?? {}).join(', ');
    return new ComposeError(`unknown key ${at}.${name}; known keys: ${known}`, locate(project, `${at}.${name}`), `${at}.${name}`);
  }
  const schema = schemas[depth] ?? {};
  const found = segments.slice(0, depth).reduce<unknown>((parent, segment) => own(parent as Record<string, unknown>, segment), value);
  const problem = schema.errorMessage ?? problemWith(schema, error);
  return new ComposeError(`${at} ${problem}, not ${describe(found)}`, locate(project, at), at);
}

/** The project's top-level `x-kubernetes`, validated. */
export function projectOptions(project: ComposeProject): ComposeKubernetesOptions {
  const options = validated(project, 'project', project.extensions[EXTENSION_KEY], EXTENSION_KEY, OPTION_VALIDATORS.project) ?? {};
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
  return validated(project, 'service', service?.extensions[EXTENSION_KEY], key, OPTION_VALIDATORS.service) ?? {};
}

/** Whether `options` are valid service options as they stand (a schedule or time zone made from compose's). */
export function isValidServiceOptions(options: ServiceOptions): boolean {
  return OPTION_VALIDATORS.service(options);
}

/** A top-level job's own `x-kubernetes`, validated: a service's options. */
export function jobExtensionOptions(project: ComposeProject, jobName: string): ServiceOptions {
  const job = own(project.jobs ?? {}, jobName);
  const key = `jobs.${jobName}.${EXTENSION_KEY}`;
  return validated(project, 'service', job?.service.extensions[EXTENSION_KEY], key, OPTION_VALIDATORS.service) ?? {};
}

/** A top-level volume's own `x-kubernetes`, validated. */
export function volumeExtensionOptions(project: ComposeProject, volumeName: string): VolumeOptions {
  const volume = own(project.volumes, volumeName);
  const key = `volumes.${volumeName}.${EXTENSION_KEY}`;
  return validated(project, 'volume', volume?.extensions[EXTENSION_KEY], key, OPTION_VALIDATORS.volume) ?? {};
}

/** Options passed in code get the same checks, reported under `options`. */
export function validateCodeOptions(project: ComposeProject, options: ComposeKubernetesOptions | undefined): void {
  if (options === undefined) return;
  validated(project, 'project', options, 'options', OPTION_VALIDATORS.project);
  checkNames(project, options, 'options');
}

/**
 * `value` once the schema accepts it, typed by the validator: the types and the validators are both
 * generated from the one schema (options-schema.ts), and a test keeps them fresh.
 */
function validated<T>(project: ComposeProject, scope: OptionScope, value: unknown, key: string, validate: ValidateFunction<T>): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (validate(value)) return value;
  const recased = withEnumCase(value, validate);
  if (recased !== undefined) return recased;
  const [error] = validate.errors ?? [];
  throw error ? errorFrom(project, scope, error, value, key) : new ComposeError(`${key} is invalid`, locate(project, key), key);
}

/**
 * `value` with enum values spelled in another case (`exposure: ingress`, `workload: statefulset`)
 * written as the schema spells them, when that makes it valid; undefined otherwise. A copy: the
 * compose model stays as loaded.
 */
function withEnumCase<T>(value: unknown, validate: ValidateFunction<T>): T | undefined {
  let copy: unknown;
  // Each round fixes the first error the validator reports; a handful of enums per document at most.
  for (let round = 0; round < 256; round++) {
    const error = validate.errors?.[0];
    const allowed = error?.keyword === 'enum' ? (error.params as { allowedValues?: unknown[] }).allowedValues : undefined;
    if (!error || !allowed) return undefined;
    copy ??= structuredClone(value);
    const path = error.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = path.pop();
    const parent = path.reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], copy) as Record<string, unknown> | undefined;
    const current = last === undefined || !parent ? undefined : parent[last];
    const match = typeof current === 'string' ? allowed.find((option) => typeof option === 'string' && option.toLowerCase() === current.toLowerCase()) : undefined;
    if (match === undefined || !parent || last === undefined) return undefined;
    parent[last] = match;
    if (validate(copy)) return copy;
  }
  return undefined;
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
