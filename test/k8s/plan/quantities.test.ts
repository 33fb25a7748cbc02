import { describe, expect, it } from 'vitest';
import { cpuText, memoryText, parseQuantity } from '../../../lib/k8s/plan/quantities.ts';

describe('canonical quantities', () => {
  it('writes whole cores whole and fractions as millicores', () => {
    expect(cpuText(2)).toBe('2');
    expect(cpuText(0.5)).toBe('500m');
    expect(cpuText(1.5)).toBe('1500m');
    expect(cpuText(0.25)).toBe('250m');
    expect(cpuText(0.1)).toBe('100m');
  });

  it('rounds sub-millicore CPU up to at least 1m', () => {
    expect(cpuText(0.0001)).toBe('1m');
    expect(cpuText(0.0015)).toBe('2m');
  });

  it('uses the largest binary unit that divides memory exactly', () => {
    expect(memoryText(1024 ** 3)).toBe('1Gi');
    expect(memoryText(512 * 1024 ** 2)).toBe('512Mi');
    expect(memoryText(1.5 * 1024 ** 3)).toBe('1536Mi');
    expect(memoryText(64 * 1024)).toBe('64Ki');
    expect(memoryText(500_000_000)).toBe('500000000');
    expect(memoryText(1000)).toBe('1000');
  });

  it('parses Kubernetes quantity strings to numbers', () => {
    expect(parseQuantity('500m')).toBeCloseTo(0.5);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('1Gi')).toBe(1024 ** 3);
    expect(parseQuantity('128M')).toBe(128e6);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('lots')).toBeUndefined();
    expect(parseQuantity('1GB')).toBeUndefined();
  });
});
