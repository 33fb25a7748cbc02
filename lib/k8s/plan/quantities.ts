
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;
const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** `2`, `500m`: whole cores stay whole, fractions become millicores (rounded up, at least 1m). */
export function cpuText(cores: number): string {
  const millicores = Math.max(1, Math.ceil(Math.round(cores * 1e6) / 1e3));
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

/** `1Gi`, `512Mi`: the largest binary unit that divides the byte count exactly, else plain bytes. */
export function memoryText(bytes: number): string {
  let value = Math.ceil(bytes);
  let unit = 0;
  while (value !== 0 && value % 1024 === 0 && unit < BINARY_SUFFIXES.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value}${BINARY_SUFFIXES[unit]}`;
}

/**
 * The numeric value of a Kubernetes quantity string (`500m` → 0.5, `1Gi` → 1073741824), so that
 * option values can be compared with compose values. Undefined when it is not a quantity.
 */
export function parseQuantity(text: string): number | undefined {
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/.exec(text.trim());
  if (!match) return undefined;
  const base = Number(match[1] + (match[2] ?? ''));
  return base * (DECIMAL_SUFFIXES[match[3] ?? ''] ?? 1);
}
