import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { isQualifiedName, labelValue } from '../../../lib/k8s/names/labels.ts';
import { OPTION_SCOPES, X_KUBERNETES_SCHEMA, type JsonSchema } from '../../../lib/k8s/options/options-schema.ts';
import type { ComposeKubernetesOptions, ServiceOptions, VolumeOptions } from '../../../lib/k8s/options/options.ts';
import { generatedFiles } from '../../../tools/options-schema.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');
const published = JSON.parse(read('schema/x-kubernetes.schema.json')) as JsonSchema;

/** The editor's view: the published file as a draft-07 validator in strict mode (it must be a valid schema). */
const editor = new Ajv({ strict: true, strictTypes: false, allErrors: true, keywords: ['errorMessage'] });
editor.addSchema(published, 'x-kubernetes.schema.json');
const editorSchema = editor.getSchema('x-kubernetes.schema.json') as ValidateFunction;
const scopeValidators = Object.fromEntries(
  Object.entries(OPTION_SCOPES).map(([scope, name]) => [scope, editor.compile({ $ref: `x-kubernetes.schema.json#/$defs/${name}` })]),
) as Record<keyof typeof OPTION_SCOPES, ValidateFunction>;

function accepts(validate: ValidateFunction, value: unknown): boolean {
  const valid = validate(value);
  if (!valid) expect.soft(validate.errors, JSON.stringify(value)).toBeNull();
  return valid;
}

describe('one schema for the options', () => {
  test('the types and the editor schema are generated from it and fresh (node --import tsx tools/options-schema.ts)', () => {
    for (const [file, contents] of Object.entries(generatedFiles())) {
      expect(read(file), `${file} is stale: run node --import tsx tools/options-schema.ts`).toBe(contents);
    }
  });

  test('the published editor schema is exactly the one validation compiles', () => {
    expect(published).toEqual(X_KUBERNETES_SCHEMA);
  });

  test('every example in the schema fits the schema it illustrates', () => {
    const checked: string[] = [];
    const visit = (schema: JsonSchema, path: string): void => {
      for (const example of schema.examples ?? []) {
        const validate = editor.compile({ $ref: `x-kubernetes.schema.json${path}` });
        expect(accepts(validate, example), `${path}: ${JSON.stringify(example)}`).toBe(true);
        checked.push(path);
      }
      for (const [name, property] of Object.entries(schema.properties ?? {})) visit(property, `${path}/properties/${name}`);
      for (const [name, definition] of Object.entries(schema.$defs ?? {})) visit(definition, `#/$defs/${name}`);
      if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties, `${path}/additionalProperties`);
      if (schema.items) visit(schema.items, `${path}/items`);
    };
    visit(X_KUBERNETES_SCHEMA, '#');
    expect(checked.length).toBeGreaterThan(10);
  });

  test('label keys and values: the schema accepts exactly what the label helpers accept', () => {
    const validate = editor.compile({ $ref: 'x-kubernetes.schema.json#/$defs/labelMap' });
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^[-a-zA-Z0-9_./]{0,300}$/));
    fc.assert(
      fc.property(text, text, (key, value) => {
        expect(validate({ [key]: value })).toBe(isQualifiedName(key) && labelValue(value) === value);
      }),
    );
  });
});

describe('the editor schema checks each x-kubernetes block with the shape of its position', () => {
  const section = (() => {
    const readme = read('README.md');
    const start = readme.indexOf('## Kubernetes options (`x-kubernetes`)');
    expect(start, 'README has a "Kubernetes options (`x-kubernetes`)" section').toBeGreaterThanOrEqual(0);
    const end = readme.indexOf('\n## ', start + 1);
    return readme.slice(start, end < 0 ? undefined : end);
  })();

  test("the README's example compose file validates", () => {
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    expect(accepts(editorSchema, parse(example ?? ''))).toBe(true);
  });

  test("every option in the README's table exists at its position, with the values and defaults the table names", () => {
    const rows = section.split('\n').filter((line) => /^\| `/.test(line));
    expect(rows.length).toBeGreaterThan(15);
    const properties = (name: string): Readonly<Record<string, JsonSchema>> => X_KUBERNETES_SCHEMA.$defs?.[name]?.properties ?? {};
    for (const row of rows) {
      const [names = '', meaning = '', defaults = ''] = row.split(/(?<!\\)\|/).slice(1).map((cell) => cell.trim());
      const scope = /top level/.test(names) ? 'project' : 'service';
      const keys = [...names.matchAll(/`(\w+)`/g)].map((match) => match[1] as string);
      for (const key of keys) expect(Object.keys(properties(OPTION_SCOPES[scope])), `${key} (${scope})`).toContain(key);
      if (keys.length !== 1) continue;
      const key = keys[0] as string;
      const property = properties(OPTION_SCOPES[scope])[key] as JsonSchema;
      const target = property.$ref ? X_KUBERNETES_SCHEMA.$defs?.[property.$ref.slice('#/$defs/'.length)] : property;
      if (target?.type === 'object') continue;
      if (target?.enum) expect([...meaning.matchAll(/`([\w-]+)`/g)].map((match) => match[1])).toEqual(target.enum);
      for (const [, value] of defaults.matchAll(/`([^`]+)`/g)) {
        if (value === 'defaultVolume') continue;
        expect(accepts(scopeValidators[scope], { [key]: parse(value as string) }), `${key}: ${value}`).toBe(true);
      }
    }
  });

  test('a block at the wrong position, or a wrong value, is an error at that position', () => {
    const compose = (value: unknown) => ({ services: { web: { image: 'nginx', 'x-kubernetes': value } }, volumes: { data: null } });
    expect(editorSchema(compose({ replicas: 2 }))).toBe(true);
    expect(editorSchema(compose({ defaultVolume: { size: '1Gi' } }))).toBe(false);
    expect(editorSchema.errors?.[0]?.instancePath).toBe('/services/web/x-kubernetes');
    expect(editorSchema({ volumes: { data: { 'x-kubernetes': { size: 'big' } } } })).toBe(false);
    expect(editorSchema.errors?.[0]?.instancePath).toBe('/volumes/data/x-kubernetes/size');
    expect(editorSchema({ 'x-kubernetes': { services: { web: { exposure: 'Public' } } } })).toBe(false);
    expect(editorSchema.errors?.[0]?.instancePath).toBe('/x-kubernetes/services/web/exposure');
  });
});

describe('the generated types are the schema', () => {
  test('the shapes the schema accepts type-check, and the validators accept what the types allow', () => {
    const service: ServiceOptions = {
      workload: 'CronJob',
      schedule: '@daily',
      resources: { limits: { cpu: '1', memory: '1Gi' } },
      devices: { mode: 'hostPath', resourceNames: { '/dev/ttyUSB*': 'squat.ai/serial' } },
      securityContext: { runAsUser: 1000, writablePaths: ['/tmp'] },
    };
    const volume: VolumeOptions = { size: '5Gi', storageClass: 'fast', accessMode: 'ReadWriteMany' };
    const project: ComposeKubernetesOptions = { defaults: service, services: { web: service }, volumes: { data: volume }, defaultVolume: volume, networkPolicies: false };
    expect(accepts(scopeValidators.service, service)).toBe(true);
    expect(accepts(scopeValidators.volume, volume)).toBe(true);
    expect(accepts(scopeValidators.project, project)).toBe(true);
    // @ts-expect-error: an enum outside the schema is not a WorkloadKind
    const wrong: ServiceOptions = { workload: 'Pod' };
    expect(scopeValidators.service(wrong)).toBe(false);
  });
});
