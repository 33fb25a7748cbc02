// Writes what comes from the options schema (lib/k8s/options/options-schema.ts): the TypeScript types
// (lib/k8s/options/options.generated.ts), the validators (lib/k8s/options/options-validators.generated.ts, Ajv's
// standalone code) and the editor schema (schema/x-kubernetes.schema.json).
// Run `node --import tsx tools/options-schema.ts` after changing the schema; a test fails until then.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv, type AnySchema } from 'ajv';
import { OPTION_SCOPES, X_KUBERNETES_SCHEMA, type JsonSchema } from '../lib/k8s/options/options-schema.ts';

// CommonJS whose export is the function itself (as in lib/compose/schema/schema-cache.ts).
const standaloneCode = createRequire(import.meta.url)('ajv/dist/standalone/index.js') as (ajv: Ajv, refs: Record<string, string>) => string;
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const DEFS = X_KUBERNETES_SCHEMA.$defs ?? {};
const REF_PREFIX = '#/$defs/';

/** `$defs` named in upper case are exported types; lower-case ones are inlined. */
const isNamed = (name: string): boolean => /^[A-Z]/.test(name);

function target(schema: JsonSchema): { readonly name: string; readonly schema: JsonSchema } | undefined {
  if (schema.$ref === undefined) return undefined;
  if (!schema.$ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${schema.$ref}`);
  const name = schema.$ref.slice(REF_PREFIX.length);
  const referenced = DEFS[name];
  if (!referenced) throw new Error(`no $defs/${name}`);
  return { name, schema: referenced };
}

function literal(value: unknown): string {
  return typeof value === 'string' ? `'${value.replace(/'/g, "\\'")}'` : JSON.stringify(value);
}

function typeOf(schema: JsonSchema, indent: string): string {
  const referenced = target(schema);
  if (referenced) return isNamed(referenced.name) ? referenced.name : typeOf(referenced.schema, indent);
  if (schema.enum) return schema.enum.map(literal).join(' | ');
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return `readonly ${typeOf(schema.items ?? {}, indent)}[]`;
    case 'object':
      if (schema.properties) return `{\n${members(schema, `${indent}  `)}${indent}}`;
      if (typeof schema.additionalProperties === 'object') return `Readonly<Record<string, ${typeOf(schema.additionalProperties, indent)}>>`;
  }
  throw new Error(`no TypeScript type for ${JSON.stringify(schema)}`);
}

/** JSDoc from the description and default, the property's own before its referenced definition's. */
function doc(schema: JsonSchema, indent: string): string {
  const referenced = target(schema)?.schema;
  const description = schema.description ?? referenced?.description;
  const fallback = schema.default ?? referenced?.default;
  const lines = [...(description ? [description] : []), ...(fallback !== undefined ? [`@default ${literal(fallback)}`] : [])];
  if (lines.length === 0) return '';
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} * ${line}\n`).join('')}${indent} */\n`;
}

function members(schema: JsonSchema, indent: string): string {
  return Object.entries(schema.properties ?? {})
    .map(([name, property]) => `${doc(property, indent)}${indent}readonly ${name}?: ${typeOf(property, indent)};\n`)
    .join('');
}

function declaration(name: string, schema: JsonSchema): string {
  const description = schema.description ? `/** ${schema.description} */\n` : '';
  if (schema.type === 'object' && schema.properties) return `${description}export interface ${name} {\n${members(schema, '  ')}}\n`;
  return `${description}export type ${name} = ${typeOf(schema, '')};\n`;
}

const HEADER = '// Generated from lib/k8s/options/options-schema.ts by `node --import tsx tools/options-schema.ts`; do not edit.\n';

/**
 * Ajv's code for the three x-kubernetes positions, compiled ahead of time: the CLI then neither loads
 * Ajv nor compiles the schema (nor reads a cache) to check options. Compiled as the editor reads the
 * published file: draft-07, strict, `errorMessage` known as an annotation.
 */
function validatorsModule(): string {
  const ajv = new Ajv({ strict: true, strictTypes: false, keywords: ['errorMessage'], inlineRefs: false, code: { source: true, esm: true } });
  ajv.addSchema(X_KUBERNETES_SCHEMA as AnySchema, 'x-kubernetes.schema.json');
  const refs = Object.fromEntries(Object.entries(OPTION_SCOPES).map(([scope, name]) => [scope, `x-kubernetes.schema.json#/$defs/${name}`]));
  const exported: string[] = [];
  const code = standaloneCode(ajv, refs)
    .replace(/^"use strict";/, '')
    .replace(/export const (\w+) = (\w+);/g, (_match, scope: string, name: string) => {
      exported.push(`${scope}: ${name}`);
      return '';
    });
  // Each validator guards the type generated from the same definition.
  const guards = Object.entries(OPTION_SCOPES).map(([scope, name]) => `readonly ${scope}: ValidateFunction<${name}>`);
  return [
    HEADER,
    '// @ts-nocheck: Ajv writes JavaScript; the export below gives it its type.',
    "import type { ValidateFunction } from 'ajv';",
    `import type { ${Object.values(OPTION_SCOPES).join(', ')} } from './options.generated.ts';`,
    code.trim(),
    `export const OPTION_VALIDATORS: { ${guards.join('; ')} } = { ${exported.join(', ')} };`,
    '',
  ].join('\n');
}

/** The generated files by path relative to the repository, with their contents. */
export function generatedFiles(): Readonly<Record<string, string>> {
  const types = Object.entries(DEFS)
    .filter(([name]) => isNamed(name))
    .map(([name, schema]) => declaration(name, schema));
  return {
    'lib/k8s/options/options.generated.ts': `${HEADER}\n${types.join('\n')}`,
    'lib/k8s/options/options-validators.generated.ts': validatorsModule(),
    'schema/x-kubernetes.schema.json': `${JSON.stringify(X_KUBERNETES_SCHEMA, null, 2)}\n`,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [file, contents] of Object.entries(generatedFiles())) writeFileSync(join(root, file), contents);
}
