import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { storeFile } from '../../../lib/code-cache.mjs';
import { compileSchema } from '../../../lib/compose/schema/schema-cache.ts';
import { repoRoot } from '../support/shared.ts';

describe('compiled schema cache', () => {
  it('reuses the generated validator, which validates like the compiled one', () => {
    const schema = { type: 'object', properties: { replicas: { type: 'integer' } }, additionalProperties: false, $comment: 'schema-cache test' };
    const compiled = compileSchema(schema);
    const cacheDirectory = path.join(repoRoot, 'node_modules', '.cache', 'cdk8s-compose');
    expect(existsSync(cacheDirectory)).toBe(true);
    const fromCache = compileSchema(schema);
    expect(fromCache).not.toBe(compiled);
    for (const validate of [compiled, fromCache]) {
      expect(validate({ replicas: 2 })).toBe(true);
      expect(validate({ replicas: 'x' })).toBe(false);
      expect(validate.errors?.[0]).toMatchObject({ instancePath: '/replicas', keyword: 'type' });
      expect(validate({ other: 1 })).toBe(false);
    }
    // Other test files' processes write (and are killed) in the same directory: only ours count.
    expect(readdirSync(cacheDirectory).some((file) => file.endsWith(`.${process.pid}.partial`))).toBe(false);
  });

  it("removes the temporaries of writers killed while they wrote the same file, and keeps a running writer's", () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'code-cache-'));
    try {
      const file = path.join(directory, 'validator.cjs');
      const dead = spawnSync(process.execPath, ['-e', '0']).pid;
      const running = process.ppid;
      for (const pid of [dead, running]) writeFileSync(`${file}.${pid}.partial`, 'half');
      writeFileSync(`${file}.v8cache.${dead}.partial`, 'another file');
      expect(storeFile(file, 'whole')).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('whole');
      expect(readdirSync(directory).sort()).toEqual([`validator.cjs`, `validator.cjs.${running}.partial`, `validator.cjs.v8cache.${dead}.partial`].sort());
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync('/dev/full'))('leaves no temporary when the file cannot be written whole (a full disk: /dev/full)', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'code-cache-'));
    try {
      const file = path.join(directory, 'validator.cjs');
      symlinkSync('/dev/full', `${file}.${process.pid}.partial`);
      expect(storeFile(file, 'whole')).toBe(false);
      expect(readdirSync(directory)).toEqual([]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('keeps the items uniqueItems compares and the keys patternProperties saw as names: __proto__ is one like any other', () => {
    const schema = {
      type: 'object',
      properties: { list: { type: 'array', items: { type: 'string' }, uniqueItems: true }, options: { type: 'object', patternProperties: { '^[a-z_]+$': { type: 'string' } }, unevaluatedProperties: false } },
      $comment: 'schema-cache name records test',
    };
    for (const validate of [compileSchema(schema), compileSchema(schema)]) {
      expect(validate({ list: ['__proto__', 'constructor'] })).toBe(true);
      // With `{}` for its indices, Ajv's check missed this pair: `__proto__` set the record's prototype.
      expect(validate({ list: ['__proto__', '__proto__'] })).toBe(false);
      expect(validate.errors?.[0]).toMatchObject({ keyword: 'uniqueItems' });
      expect(validate({ list: ['constructor', 'constructor'] })).toBe(false);
      expect(validate({ options: JSON.parse('{"__proto__": "x", "constructor": "y"}') as unknown })).toBe(true);
      expect(validate({ options: { Upper: 'x' } })).toBe(false);
    }
  });

  it('keeps a V8 code cache next to a loaded validator, written at exit and then used as it is', () => {
    // A schema of its own, so that its files are new; each process below loads it and validates.
    const schema = { type: 'object', properties: { replicas: { type: 'integer' } }, $comment: `code-cache test ${randomUUID()}` };
    const script = [
      `const { compileSchema } = await import(${JSON.stringify(pathToFileURL(path.join(repoRoot, 'lib/compose/schema/schema-cache.ts')).href)});`,
      `const validate = compileSchema(${JSON.stringify(schema)});`,
      'console.log(JSON.stringify([validate({ replicas: 2 }), validate({ replicas: "x" }), validate.errors]));',
    ].join('\n');
    const validateInProcess = (): string => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return run.stdout;
    };
    const cacheDirectory = path.join(repoRoot, 'node_modules', '.cache', 'cdk8s-compose');
    const before = new Set(readdirSync(cacheDirectory));
    const created = (): string[] => readdirSync(cacheDirectory).filter((file) => !before.has(file));
    try {
      const compiled = validateInProcess();
      expect(JSON.parse(compiled)).toEqual([true, false, [expect.objectContaining({ instancePath: '/replicas', keyword: 'type' })]]);
      expect(created().filter((file) => file.endsWith('.cjs'))).toHaveLength(1);
      // The process that compiled runs the code it stored, as the later ones do, with a code cache.
      const [cache] = created().filter((file) => file.endsWith('.v8cache'));
      expect(cache).toBeDefined();
      const cacheFile = path.join(cacheDirectory, cache ?? '');
      const written = statSync(cacheFile).mtimeMs;
      expect(validateInProcess()).toBe(compiled);
      expect(statSync(cacheFile).mtimeMs).toBe(written);
      expect(validateInProcess()).toBe(compiled);
      // A cache V8 rejected would have been written again.
      expect(statSync(cacheFile).mtimeMs).toBe(written);
      writeFileSync(cacheFile, 'not a code cache');
      expect(validateInProcess()).toBe(compiled);
      expect(statSync(cacheFile).size).toBeGreaterThan('not a code cache'.length);
    } finally {
      for (const file of created()) rmSync(path.join(cacheDirectory, file), { force: true });
    }
  });
});
