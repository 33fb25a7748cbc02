import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../lib/compose/errors.ts';
import { parseByteSize, parseCpus, parseDuration } from '../../../lib/compose/normalize/units.ts';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['1.5s', 1_500],
    ['1.1s', 1_100],
    ['.5s', 500],
    ['1.s', 1_000],
    ['1h2m3s4ms', 3_723_004],
    ['+5s', 5_000],
    ['0s', 0],
  ])('%s is %d ms', (text, milliseconds) => {
    expect(parseDuration(text)).toBe(milliseconds);
  });

  it('rounds a sub-millisecond remainder up, so short durations never become zero', () => {
    expect(parseDuration('2us')).toBe(1);
    expect(parseDuration('1ns')).toBe(1);
    expect(parseDuration('1500µs')).toBe(2);
    expect(parseDuration('1000μs')).toBe(1);
    expect(parseDuration('1000000ns')).toBe(1);
  });

  it('rejects plain numbers, which compose does not read as durations', () => {
    expect(() => parseDuration('10')).toThrow(ComposeError);
    expect(() => parseDuration('10')).toThrow(/invalid duration "10": missing unit .*"10s"/);
  });

  it.each(['', '-1s', '5x', '1sm', 's', '.s', '1..5s', ' 10s', '10 s', '1e3s'])('rejects %j, naming it', (text) => {
    expect(() => parseDuration(text)).toThrow(`invalid duration ${JSON.stringify(text)}`);
  });

  it('rejects durations beyond what Go can represent', () => {
    expect(() => parseDuration('2562048h')).toThrow(/out of range/);
    expect(parseDuration('2562047h')).toBe(2_562_047 * 3_600_000);
  });
});

describe('parseByteSize', () => {
  it.each([
    ['1024', 1024],
    ['10b', 10],
    ['100k', 100 * 1024],
    ['256m', 256 * 1024 ** 2],
    ['512M', 512 * 1024 ** 2],
    ['2G', 2 * 1024 ** 3],
    ['1gb', 1024 ** 3],
    ['2gb', 2 * 1024 ** 3],
    ['1.5g', 1.5 * 1024 ** 3],
    ['1GiB', 1024 ** 3],
    ['1Gi', 1024 ** 3],
    ['64 MB', 64 * 1024 ** 2],
    ['1t', 1024 ** 4],
    ['1p', 1024 ** 5],
    ['0', 0],
  ] as const)('%s is %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it('drops fractions of a byte', () => {
    expect(parseByteSize('1.5')).toBe(1);
    expect(parseByteSize('0.3k')).toBe(307);
  });

  it('takes YAML numbers as bytes', () => {
    expect(parseByteSize(1073741824)).toBe(1073741824);
    expect(parseByteSize(0)).toBe(0);
  });

  it.each(['', 'lots', '1x', '-1m', '1.2.3m', 'm', '1 gb extra', '1kk'])('rejects %j, naming it', (text) => {
    expect(() => parseByteSize(text)).toThrow(`invalid size ${JSON.stringify(text)}`);
  });

  it('rejects negative and non-finite numbers', () => {
    expect(() => parseByteSize(-1)).toThrow(/invalid size -1/);
    expect(() => parseByteSize(Number.POSITIVE_INFINITY)).toThrow(ComposeError);
  });
});

describe('parseCpus', () => {
  it.each([
    ['0.5', 0.5],
    ['2', 2],
    ['.25', 0.25],
    ['1.', 1],
    ['+1.5', 1.5],
    ['1e-1', 0.1],
    ['0', 0],
  ] as const)('%j is %d cores', (text, cores) => {
    expect(parseCpus(text)).toBe(cores);
  });

  it('takes YAML numbers as they are', () => {
    expect(parseCpus(1.5)).toBe(1.5);
  });

  it.each(['', 'half', '-0.5', '0x10', 'Infinity', 'NaN', '1,5', ' 1'])('rejects %j, naming it', (text) => {
    expect(() => parseCpus(text)).toThrow(`invalid cpus ${JSON.stringify(text)}`);
  });

  it('rejects negative numbers', () => {
    expect(() => parseCpus(-1)).toThrow(/invalid cpus -1: expected a non-negative number/);
  });
});
