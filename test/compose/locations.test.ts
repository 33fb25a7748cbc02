import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectLocations } from '../../lib/compose/flatten.ts';
import { locatedKeys, locationsOf } from '../../lib/compose/locations.ts';
import type { SourceLocation } from '../../lib/compose/model.ts';
import { newMapping, setOrigin, type Mapping, type Tree } from '../../lib/compose/read/tree.ts';

/*
 * locationsOf answers lookups by walking the tree; collectLocations builds the whole record. Both
 * must agree on every path, including the ambiguous ones that keys with dots (or empty keys)
 * create, where the key written last wins.
 */

/** Keys that make dotted paths collide: `a.b` vs `a` › `b`, empty keys, list-index look-alikes. */
const KEYS = ['a', 'b', 'a.b', 'b.a', '', '.', '.a', 'a.', '0', '1', '01', '10', 'x-y'];
/** Paths with nothing behind them, and names the record inherits from Object.prototype. */
const OTHER_PATHS = ['', '.', '..', 'c', 'a.c', 'a..b', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'a.constructor'];

interface Shape {
  readonly kind: 'map' | 'list' | 'leaf';
  readonly entries: readonly { readonly key: string; readonly located: boolean; readonly value: Shape }[];
}

type Entries = Shape['entries'];

const shapes = fc.letrec<{ node: Shape; entries: Entries }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Shape>({ kind: 'leaf', entries: [] }),
    fc.record({ kind: fc.constantFrom<'map' | 'list'>('map', 'list'), entries: tie('entries') }),
  ),
  entries: fc.array(fc.record({ key: fc.constantFrom(...KEYS), located: fc.boolean(), value: tie('node') }), { maxLength: 4 }),
}));
/** The top-level keys of a document. */
const shape = shapes.entries;

/** Builds the tree with a distinct location per located key, numbered in document order. */
function build(root: Entries): Mapping {
  let line = 0;
  const make = (node: Shape): Tree => {
    if (node.kind === 'leaf') return 'value';
    if (node.kind === 'list') {
      const list: Tree[] = [];
      for (const entry of node.entries) {
        if (entry.located) setOrigin(list, list.length, { location: at(++line) });
        list.push(make(entry.value));
      }
      return list;
    }
    const mapping = newMapping();
    for (const entry of node.entries) {
      if (entry.key in mapping) continue;
      if (entry.located) setOrigin(mapping, entry.key, { location: at(++line) });
      mapping[entry.key] = make(entry.value);
    }
    return mapping;
  };
  return make({ kind: 'map', entries: root }) as Mapping;
}

function at(line: number): SourceLocation {
  return { file: 'compose.yaml', line, column: 1 };
}

/** Every path of the record, the paths above them, and paths that lead nowhere. */
function queries(record: Record<string, SourceLocation>): string[] {
  const paths = new Set(OTHER_PATHS);
  for (const key of Object.keys(record)) {
    paths.add(key);
    for (let end = key.indexOf('.'); end >= 0; end = key.indexOf('.', end + 1)) paths.add(key.slice(0, end));
    paths.add(`${key}.a`);
  }
  return [...paths];
}

describe('locationsOf', () => {
  it('answers [], in and Object.hasOwn like the record collectLocations builds, before anything lists its keys', () => {
    fc.assert(
      fc.property(shape, (root) => {
        const tree = build(root);
        const record = collectLocations(tree);
        for (const path of queries(record)) {
          const locations = locationsOf(tree);
          expect(locations[path], path).toEqual(record[path]);
          expect(path in locations, path).toBe(path in record);
          expect(Object.hasOwn(locations, path), path).toBe(Object.hasOwn(record, path));
          expect(Object.getOwnPropertyDescriptor(locations, path), path).toEqual(Object.getOwnPropertyDescriptor(record, path));
        }
      }),
      { numRuns: 300 },
    );
  });

  /** A top-level key, located at `line` (0: not located) or holding `child` located at its line. */
  type Entry = readonly [key: string, located: number | readonly [childKey: string, line: number]];

  it.each<readonly [string, readonly Entry[], number | undefined]>([
    ['a key with a dot after the mapping it shadows', [['a', ['b', 1]], ['a.b', 2]], 2],
    ['a mapping after the key with a dot it shadows', [['a.b', 1], ['a', ['b', 2]]], 2],
    ['an unlocated key after a located one', [['a', ['b', 1]], ['a.b', 0]], 1],
    ['a top-level empty key, whose children have top-level paths', [['a', ['b', 1]], ['', ['a.b', 2]]], 2],
    ['a top-level empty key before the key it shadows', [['', ['a.b', 2]], ['a', ['b', 1]]], 1],
  ])('keeps the location written last for a path several keys lead to: %s', (_name, entries, line) => {
    const tree = newMapping();
    for (const [key, located] of entries) {
      if (typeof located === 'number') {
        if (located > 0) setOrigin(tree, key, { location: at(located) });
        tree[key] = 'value';
      } else {
        const [childKey, childLine] = located;
        const child = newMapping();
        setOrigin(child, childKey, { location: at(childLine) });
        child[childKey] = 'value';
        tree[key] = child;
      }
    }
    expect(collectLocations(tree)['a.b']?.line).toBe(line);
    expect(locationsOf(tree)['a.b']?.line).toBe(line);
  });

  it('lists the same keys in the same order, with the same values', () => {
    fc.assert(
      fc.property(shape, (root) => {
        const tree = build(root);
        const record = collectLocations(tree);
        const locations = locationsOf(tree);
        expect(Object.keys(locations)).toEqual(Object.keys(record));
        expect(Object.entries(locations)).toEqual(Object.entries(record));
        for (const path of queries(record)) expect(locations[path], path).toEqual(record[path]);
      }),
      { numRuns: 100 },
    );
  });

  it('lists the keys under a prefix down to a depth like a filter of the record, without listing the rest', () => {
    fc.assert(
      fc.property(shape, (root) => {
        const tree = build(root);
        const record = collectLocations(tree);
        for (const prefix of ['', 'a', 'a.', 'a.b.', '.', '..', 'b.', '0.', 'a..']) {
          for (let maxDots = 0; maxDots <= 3; maxDots++) {
            const locations = locationsOf(tree);
            expect(locatedKeys(locations, prefix, maxDots), `${prefix} ${maxDots}`).toEqual(locatedKeys(record, prefix, maxDots));
            expect(Object.hasOwn(locations, 'a.b')).toBe(Object.hasOwn(record, 'a.b'));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('filters a plain record by prefix and depth', () => {
    const record = { 'networks.back': at(1), 'networks.back.ipam': at(2), 'networks.back.ipam.config': at(3), 'volumes.data.name': at(4) };
    expect(locatedKeys(record, 'networks.', 2)).toEqual(['networks.back', 'networks.back.ipam']);
  });

  it('becomes an ordinary record once written to', () => {
    const tree = newMapping();
    setOrigin(tree, 'a', { location: at(1) });
    tree['a'] = 'x';
    const locations = locationsOf(tree) as Record<string, SourceLocation>;
    locations['b'] = at(2);
    delete locations['a'];
    expect(Object.keys(locations)).toEqual(['b']);
    expect(locations['a']).toBeUndefined();
    expect(locations['b']).toEqual(at(2));
    expect(locations.constructor).toBe(Object);
  });

  it('inherits from Object.prototype like a record', () => {
    const locations = locationsOf(newMapping());
    expect(Object.getPrototypeOf(locations)).toBe(Object.prototype);
    expect(locations['toString']).toBe(Object.prototype.toString);
    expect('hasOwnProperty' in locations).toBe(true);
    expect(Object.hasOwn(locations, 'toString')).toBe(false);
  });
});
