import { describe, expect, it } from 'vitest';
import { newMapping, Tagged, toPlain, type Mapping, type Tree } from '../../../lib/compose/read/tree.ts';

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
});
