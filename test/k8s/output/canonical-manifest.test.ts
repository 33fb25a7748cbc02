import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalManifest, emitCanonicalDocument } from '../../../lib/k8s/output/canonical-manifest.ts';
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
