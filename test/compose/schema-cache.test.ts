import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../lib/compose/schema-cache.ts';
import { repoRoot } from './support/shared.ts';

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
    expect(readdirSync(cacheDirectory).some((file) => file.endsWith('.partial'))).toBe(false);
  });
});
