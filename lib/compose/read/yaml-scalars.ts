import { isScalar, Schema } from 'yaml';
import type { ScalarTag, Tags } from 'yaml';
import type { Tree } from './tree.ts';

/** compose-go's YAML reader (go-yaml v3) reads `0440` as octal, which file modes rely on. */
const LEADING_ZERO_OCTAL: ScalarTag = {
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:int',
  test: /^0[0-7]+$/,
  resolve: (text) => Number.parseInt(text, 8),
};

/** The tags Compose files are read with: yaml's core schema after go-yaml's octal rule. */
export const composeCustomTags = (tags: Tags): Tags => [LEADING_ZERO_OCTAL, ...tags];

/** The value a scalar node of the yaml library holds, as a tree value. */
export function treeValue(value: unknown): Tree {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}

/*
 * The scalar tags of the schema parseDocument builds for the same options, in its order, so a
 * plain scalar read without the library resolves exactly as the library resolves it.
 */
const plainScalarTags = new Schema({ customTags: composeCustomTags }).tags.filter(
  (tag): tag is ScalarTag => tag.default === true && 'test' in tag && tag.test !== undefined,
);
const RESOLVE_OPTIONS = { intAsBigInt: false };

/**
 * The value of an untagged single-line plain scalar (`source` without surrounding spaces), or
 * `undefined` when the library would report a problem resolving it.
 */
export function resolvePlainScalar(source: string): Tree | undefined {
  const tag = plainScalarTags.find((candidate) => candidate.test?.test(source));
  if (!tag) return source;
  let failed = false;
  const resolved: unknown = tag.resolve(source, () => (failed = true), RESOLVE_OPTIONS);
  if (failed) return undefined;
  return treeValue(isScalar(resolved) ? resolved.value : resolved);
}
