import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergedRecords } from '../../../lib/k8s/records.ts';

/** Keys that behave specially on plain objects, besides any other. */
const KEY = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', '10', '2', 'a/b.c'), fc.string());
const RECORD = fc.dictionary(KEY, fc.string(), { maxKeys: 6 }).map((entries) => {
  // fc.dictionary assigns: define every key so that `__proto__` is an own key too.
  const record: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  return record;
});

describe('mergedRecords', () => {
  it('gives what spreading the records gives: keys, order, values and prototype', () => {
    fc.assert(
      fc.property(fc.array(fc.option(RECORD, { nil: undefined }), { maxLength: 4 }), (records) => {
        const spread = records.reduce<Record<string, string>>((all, record) => ({ ...all, ...record }), {});
        const merged = mergedRecords(...records);
        expect(Object.keys(merged)).toEqual(Object.keys(spread));
        expect(Object.entries(merged)).toEqual(Object.entries(spread));
        expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
      }),
    );
  });

  it('keeps an own __proto__ key as data, not as the prototype', () => {
    const labels = JSON.parse('{"__proto__": "x", "a": "1"}') as Record<string, string>;
    const merged = mergedRecords({ z: '0' }, labels);
    expect(Object.keys(merged)).toEqual(['z', '__proto__', 'a']);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toBe('x');
  });
});
