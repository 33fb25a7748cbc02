import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { canonicalizeFile } from '../../../lib/compose/merge/canonical.ts';
import { enforceUnicity, mergeTrees } from '../../../lib/compose/merge/merge.ts';
import { isMapping, type Mapping } from '../../../lib/compose/read/tree.ts';
import { parseComposeYaml } from '../../../lib/compose/read/yaml-file.ts';
import { sharedFolder } from '../support/shared.ts';

/**
 * compose-go's override tests (68 base/override/expected triples). compose-go turns merged
 * environment-like mappings into KEY=VALUE lists, so both sides are brought into the loader's
 * canonical form and scalars compared as text.
 */
interface MergeCase {
  readonly name: string;
  readonly base: string;
  readonly override: string;
  readonly expected: string;
}

const vectors = sharedFolder('compose-vectors', 'extracted');
const cases: readonly MergeCase[] = vectors
  ? (parse(readFileSync(path.join(vectors, 'merge-compose-go.yaml'), 'utf8')) as { cases: MergeCase[] }).cases
  : [];

function canonical(text: string): Mapping {
  const tree = parseComposeYaml(text, 'vector.yaml');
  canonicalizeFile(tree);
  return tree;
}

function unique(tree: Mapping): Mapping {
  const services = tree['services'];
  if (isMapping(services)) for (const service of Object.values(services)) if (isMapping(service)) enforceUnicity(service);
  return tree;
}

/**
 * Plain JSON with every scalar as text: `FOO: 3` and `FOO=3` mean the same after merging. An
 * env_file entry `{path: f, required: true}` is the file `f` (required is the default): two
 * compose-go cases expect one or the other form for the same input.
 */
function semantic(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(semantic);
  if (isMapping(value) && typeof value['path'] === 'string' && Object.keys(value).length <= 2 && value['required'] === true) {
    return value['path'];
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, semantic(inner)]));
  }
  return value === null ? null : String(value);
}

describe.skipIf(!vectors)('merge vectors (compose-go override package)', () => {
  it('has the 68 documented cases', () => {
    expect(cases).toHaveLength(68);
  });

  it.each(cases.map((vector, index) => [`${index} ${vector.name}`, vector] as const))('%s', (_, vector) => {
    const merged = unique(mergeTrees(canonical(vector.base), canonical(vector.override)) as Mapping);
    expect(semantic(merged)).toEqual(semantic(unique(canonical(vector.expected))));
  });
});
