import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalKeys, canonicalManifest, emitCanonicalDocument } from '../../../lib/k8s/output/canonical-manifest.ts';
import type { KubernetesManifest } from '../../../lib/k8s/plan/plan.ts';
import { emitYamlDocument, type JsonValue } from '../../../lib/k8s/output/yaml-emitter.ts';

// Keys that order differently as strings and as objects list them (integer-like ones first, by value).
const key = fc.oneof(fc.constantFrom('b', 'a', 'Z', '10', '9', '0', '01', '4294967295', '4294967294', '__proto__', ''), fc.string({ maxLength: 3 }));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.constant(undefined), fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 3 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
})).node;

function manifestOf(metadata: unknown, rest: Record<string, unknown>): KubernetesManifest {
  return { ...rest, apiVersion: 'v1', kind: 'ConfigMap', metadata } as unknown as KubernetesManifest;
}

describe('emitCanonicalDocument', () => {
  test('writes exactly the canonical copy, without making one', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 4 }), fc.dictionary(key, value, { maxKeys: 4 }), (metadata, rest) => {
        const manifest = manifestOf({ name: 'x', ...metadata }, rest);
        expect(emitCanonicalDocument(manifest)).toBe(emitYamlDocument(canonicalManifest(manifest) as unknown as JsonValue));
      }),
      { numRuns: 500 },
    );
  });

  test('orders keys as the copy lists them and drops what the copy drops', () => {
    const manifest = manifestOf(
      { name: 'x', labels: {}, annotations: { empty: [] } },
      { data: { b: '1', a: null, '10': 'ten', '9': 'nine', z: undefined }, spec: { list: [null, {}], nested: { q: 1, p: 2 } } },
    );
    expect(emitCanonicalDocument(manifest)).toBe(
      ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: x', 'data:', '  "9": nine', '  "10": ten', '  b: "1"',
        'spec:', '  list:', '    - null', '    - {}', '  nested:', '    p: 2', '    q: 1', ''].join('\n'),
    );
  });
});

describe('canonicalKeys', () => {
  test('lists the defined keys, integer-like ones first as objects list them, the others as sort() orders them, small and large', () => {
    const anyKey = fc.oneof(key, fc.string({ maxLength: 6, unit: 'binary' }));
    fc.assert(
      fc.property(fc.dictionary(anyKey, fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer()), { maxKeys: 80 }), (mapping) => {
        const defined = Object.keys(mapping).filter((each) => mapping[each] !== undefined && mapping[each] !== null);
        const integers = defined.filter((each) => /^(?:0|[1-9]\d*)$/.test(each) && Number(each) < 4294967295);
        const others = defined.filter((each) => !integers.includes(each)).sort();
        expect(canonicalKeys(mapping)).toEqual([...integers, ...others]);
      }),
      { numRuns: 300 },
    );
  });
});
