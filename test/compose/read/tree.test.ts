import { describe, expect, it } from 'vitest';
import { newMapping, originOf, setOrigin, Tagged, toPlain, type Mapping, type Tree } from '../../../lib/compose/read/tree.ts';

function mappingOf(entries: Record<string, Tree>): Mapping {
  return Object.assign(newMapping(), entries);
}

describe('toPlain', () => {
  it('copies mappings into ordinary objects with their keys in order, lists and tags unwrapped', () => {
    const tree = mappingOf({ b: 1, a: [mappingOf({ c: 'x' }), null, true], tagged: new Tagged('override', mappingOf({ d: 2 })) });
    const plain = toPlain(tree) as Record<string, unknown>;
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.keys(plain)).toEqual(['b', 'a', 'tagged']);
    expect(plain).toEqual({ b: 1, a: [{ c: 'x' }, null, true], tagged: { d: 2 } });
    expect(Object.getPrototypeOf((plain['a'] as unknown[])[0])).toBe(Object.prototype);
  });

  it('keeps __proto__ and Object.prototype names as ordinary data keys', () => {
    const tree = newMapping();
    Object.defineProperty(tree, '__proto__', { value: mappingOf({ polluted: true }), enumerable: true, writable: true, configurable: true });
    tree['constructor'] = 'c';
    tree['toString'] = 't';
    const plain = toPlain(tree) as Record<string, unknown>;
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.keys(plain)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(plain, '__proto__')).toEqual({ value: { polluted: true }, enumerable: true, writable: true, configurable: true });
    expect(Object.getOwnPropertyDescriptor(plain, 'constructor')).toEqual({ value: 'c', enumerable: true, writable: true, configurable: true });
    expect((plain as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('with keepOrigins, answers for the origins of the tree it copies (packed ones by key position), not below tags', () => {
    const list: Tree[] = ['p', 'q'];
    const inner = mappingOf({ e: 1 });
    const tree = mappingOf({ '10': 0, b: 1, c: list, d: 2, tagged: new Tagged('override', inner) });
    const at = (line: number) => ({ location: { file: '/p/compose.yaml', line, column: 3 } });
    setOrigin(tree, 'b', at(2));
    setOrigin(tree, '10', at(1));
    setOrigin(tree, 'd', at(4));
    setOrigin(list, 1, at(6));
    setOrigin(inner, 'e', at(8));
    const plain = toPlain(tree, true) as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['10', 'b', 'c', 'd', 'tagged']);
    expect([originOf(plain, '10'), originOf(plain, 'b'), originOf(plain, 'c'), originOf(plain, 'd')]).toEqual([at(1), at(2), undefined, at(4)]);
    expect([originOf(plain['c'] as object, 0), originOf(plain['c'] as object, 1)]).toEqual([undefined, at(6)]);
    expect(originOf(plain['tagged'] as object, 'e')).toBeUndefined();
    // An origin with variables is not packed: that table stays as it is.
    const uses = { location: at(9).location, uses: [{ name: 'V', value: 'a' }] };
    const withUses = mappingOf({ x: 'a', y: 'b' });
    setOrigin(withUses, 'x', uses);
    setOrigin(withUses, 'y', at(10));
    const copy = toPlain(withUses, true) as object;
    expect([originOf(copy, 'x'), originOf(copy, 'y')]).toEqual([uses, at(10)]);
    expect(originOf(toPlain(withUses) as object, 'y')).toBeUndefined();
  });
});
