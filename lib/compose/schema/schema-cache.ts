import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Ajv2019, ValidateFunction } from 'ajv/dist/2019.js';
import type { AnyValidateFunction } from 'ajv/dist/types/index.js';
import deepEqual from 'fast-deep-equal';
import { runWithCodeCache, storeFile } from '../../code-cache.mjs';

const require = createRequire(import.meta.url);

/**
 * Ajv's runtime helper our validator requires (`ajv/dist/runtime/equal` is fast-deep-equal),
 * bundled with us: a start-up snapshot may load no file from node_modules while it is built
 * (tools/snapshot.mjs). A helper missing here is required from node_modules as usual.
 */
const RUNTIME: Readonly<Record<string, unknown>> = { 'ajv/dist/runtime/equal': { default: deepEqual } };
const validatorRequire = (id: string): unknown => (id in RUNTIME ? RUNTIME[id] : require(id));

/**
 * Compiling the Compose schema costs a few hundred milliseconds, which every CLI run and every
 * synth would pay. The generated validator is kept in `node_modules/.cache/cdk8s-compose`, keyed
 * by the schema and the Ajv version, so later processes load it in milliseconds; where the install
 * cannot be written by its user (a global install by root, a container image run by another user),
 * in the user's cache directory. A cache that cannot be read or written only means compiling again.
 */
export function compileSchema(schema: object): ValidateFunction {
  const ajvPackage = require.resolve('ajv/package.json');
  const { version } = JSON.parse(readFileSync(ajvPackage, 'utf8')) as { version: string };
  const hash = createHash('sha256').update(version).update(CODE_EDITS).update(JSON.stringify(schema)).digest('hex').slice(0, 16);
  const files = cacheDirectories(ajvPackage).map((directory) => path.join(directory, `compose-schema-${hash}.cjs`));
  for (const file of files) {
    const cached = loadValidator(file);
    if (cached) return cached;
  }
  // Ajv itself loads only when the cache misses (its import alone takes ~100 ms). Both modules are
  // CommonJS whose export is the value itself; `require` avoids ESM interop guesses.
  const { Ajv2019: Compiler } = require('ajv/dist/2019.js') as { Ajv2019: typeof Ajv2019 };
  const standaloneCode = require('ajv/dist/standalone/index.js') as (ajv: Ajv2019, validate: AnyValidateFunction) => string;
  // Formats (`duration`, `ports`, `expose`) are checked by normalization, with better messages.
  const ajv = new Compiler({ strict: false, validateFormats: false, allErrors: false, code: { source: true } });
  const validate = ajv.compile(schema);
  const code = withNameRecords(standaloneCode(ajv, validate));
  const stored = files.find((file) => storeFile(file, code));
  return validatorOf(code, stored ?? files[0]!) ?? validate;
}

/**
 * The install's own cache beside Ajv, then the user's (`$XDG_CACHE_HOME`, else `~/.cache`), when
 * there is one. The same key always names the same code, so installs of one Ajv version share the
 * user's.
 */
function cacheDirectories(ajvPackage: string): string[] {
  const own = path.join(path.dirname(ajvPackage), '..', '.cache', 'cdk8s-compose');
  const userCache = userCacheDirectory();
  return userCache === undefined ? [own] : [own, path.join(userCache, 'cdk8s-compose')];
}

function userCacheDirectory(): string | undefined {
  const xdg = process.env['XDG_CACHE_HOME'];
  if (xdg && path.isAbsolute(xdg)) return xdg;
  try {
    return path.join(homedir(), '.cache');
  } catch {
    // No HOME and a user id the system does not know (containers run under an arbitrary id).
    return undefined;
  }
}

/** What the generated code is edited by (withNameRecords), part of the cache key. */
const CODE_EDITS = 'name-records-1';

/**
 * Ajv's code keeps the keys of the data it has seen in objects made with `{}`: `indicesN` (the
 * list items `uniqueItems` compares) and `propsN` (the keys `patternProperties` evaluated). Those
 * keys are the project's names (labels, options, secrets…), and as first keys of objects made with
 * `{}` they fill the transitions of V8's hidden class of `{}` (see lib/name-records.ts). A record
 * without a prototype, which these become, also holds a key such as `constructor` as its own.
 */
function withNameRecords(code: string): string {
  return code.replace(/\b((?:const|let|var) (?:indices|props)\d+ = )\{\}/g, '$1Object.create(null)');
}

function loadValidator(file: string): ValidateFunction | undefined {
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return validatorOf(code, file);
}

function validatorOf(code: string, file: string): ValidateFunction | undefined {
  const module = { exports: undefined as unknown };
  // The code is Ajv's own output for our schema; it only requires Ajv's runtime helpers.
  const wrapped = `(function (require, module, exports) {\n${code}\n})`;
  const run = runWithCodeCache(wrapped, file, `${file}.v8cache`) as (...args: unknown[]) => void;
  run(validatorRequire, module, {});
  return typeof module.exports === 'function' ? (module.exports as ValidateFunction) : undefined;
}
