import fc from 'fast-check';
import { expect, test } from 'vitest';
import { KIND_ORDER, sortManifests } from '../../../lib/k8s/output/synth.ts';

interface Manifest {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown };
  /** Tells apart manifests of equal kind and name, so the order among them is checked too. */
  readonly position: number;
}

/**
 * The order `sortManifests` defined before it computed each manifest's rank and key once: the
 * comparator built both in every comparison. Kept as the oracle the faster sort must equal.
 */
function oracleSort(docs: readonly Manifest[]): Manifest[] {
  const rank = (kind: unknown): number => {
    const index = KIND_ORDER.indexOf(String(kind));
    return index === -1 ? KIND_ORDER.length : index;
  };
  const key = (doc: Manifest): string => `${String(doc.kind)}/${String(doc.metadata?.name ?? '')}`;
  return [...docs].sort((a, b) => rank(a.kind) - rank(b.kind) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const kind = fc.oneof(fc.constantFrom(...KIND_ORDER, 'Widget', 'toString', ''), fc.constant(undefined), fc.integer({ min: 0, max: 3 }));
const name = fc.oneof(fc.constantFrom('a', 'b', 'a/b', 'web', ''), fc.constant(undefined), fc.constant(null), fc.integer({ min: 0, max: 3 }));
const metadata = fc.oneof(fc.constant(undefined), fc.record({ name }, { requiredKeys: [] }));

test('manifests sort as the per-comparison oracle sorts them, equal ones keeping their order', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ kind, metadata }, { requiredKeys: [] }), { maxLength: 40 }), (shapes) => {
      const docs: Manifest[] = shapes.map((shape, position) => ({ ...shape, position }));
      const sorted = sortManifests(docs);
      expect(sorted.map((doc) => doc.position)).toEqual(oracleSort(docs).map((doc) => doc.position));
      expect(docs.map((doc) => doc.position), 'the input is left as it was').toEqual(docs.map((_, index) => index));
    }),
    { numRuns: 2000 },
  );
});
