import { ComposeError } from '../errors.ts';

const NANOSECONDS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const DURATION_SEGMENT = /(\d*)(?:\.(\d*))?([^\d.]*)/y;
const NANOSECONDS_PER_MILLISECOND = 1_000_000n;
/** Go's time.Duration is an int64 of nanoseconds. */
const MAX_NANOSECONDS = 2n ** 63n - 1n;

/**
 * A Go duration as compose accepts it (`1m30s`, `500ms`, `1.5h`, `2us`, `0`) in whole milliseconds,
 * rounding a sub-millisecond remainder up so that a non-zero duration never becomes 0. A bare number
 * other than `0` is not a duration in compose and is rejected, and so are negative durations, which
 * no Compose setting means.
 */
export function parseDuration(text: string): number {
  const invalid = (reason: string): never => {
    throw new ComposeError(`invalid duration ${JSON.stringify(text)}: ${reason}`);
  };
  if (text.startsWith('-')) invalid('a duration cannot be negative');
  const body = text.startsWith('+') ? text.slice(1) : text;
  if (body === '0') return 0;
  if (body === '') invalid('expected a number with a unit, e.g. "10s" or "1m30s"');

  let nanoseconds = 0n;
  DURATION_SEGMENT.lastIndex = 0;
  while (DURATION_SEGMENT.lastIndex < body.length) {
    const [, whole = '', fraction, unit = ''] = DURATION_SEGMENT.exec(body) ?? [];
    if (whole === '' && !fraction) invalid('expected a number with a unit, e.g. "10s" or "1m30s"');
    if (unit === '') invalid(`missing unit (use ns, us, ms, s, m or h, e.g. "${whole || 0}s")`);
    const scale = NANOSECONDS_PER_UNIT[unit] ?? invalid(`unknown unit ${JSON.stringify(unit)}`);
    nanoseconds += BigInt(whole || 0) * scale;
    if (fraction) nanoseconds += (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
    if (nanoseconds > MAX_NANOSECONDS) invalid('out of range');
  }
  const milliseconds = (nanoseconds + NANOSECONDS_PER_MILLISECOND - 1n) / NANOSECONDS_PER_MILLISECOND;
  return Number(milliseconds);
}

const BYTE_SIZE = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i;
const BYTES_PER_UNIT: Readonly<Record<string, number>> = {
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/**
 * A Docker byte size (`512M`, `2g`, `1gb`, `1.5GiB`, `100k`, `10b`, `1024`) in bytes. Units are
 * binary, case-insensitive, `i` and `b` optional, as in docker/go-units' RAMInBytes; fractions of a
 * byte are dropped. A YAML number is already bytes.
 */
export function parseByteSize(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0) {
      throw new ComposeError(`invalid size ${text}: expected a non-negative number of bytes`);
    }
    return Math.trunc(text);
  }
  const match = BYTE_SIZE.exec(text);
  if (!match) {
    throw new ComposeError(
      `invalid size ${JSON.stringify(text)}: expected bytes with an optional unit b, k, m, g, t or p, e.g. "512m"`,
    );
  }
  const [, amount = '', unit] = match;
  return Math.trunc(Number(amount) * (unit ? (BYTES_PER_UNIT[unit.toLowerCase()] ?? 1) : 1));
}

const DECIMAL = /^\+?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A CPU count (`cpus: '0.5'`, `cpus: 1.5`) in fractional cores; `0` means no limit in compose. */
export function parseCpus(text: string | number): number {
  const value = typeof text === 'number' ? text : DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value < 0) {
    const shown = JSON.stringify(text);
    throw new ComposeError(`invalid cpus ${shown}: expected a non-negative number of cores, e.g. "0.5"`);
  }
  return value;
}
