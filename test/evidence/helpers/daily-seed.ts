/**
 * The seed of the randomized evidence (fuzzing, kill points): FUZZ_SEED when set, to replay a
 * failure, else one derived from the UTC date, so each day's CI runs explore new cases and a
 * failure stays reproducible for the whole day. Tests print it.
 */
export function dailySeed(now: Date = new Date()): number {
  const fixed = process.env.FUZZ_SEED;
  if (fixed !== undefined && fixed !== '') return Number(fixed);
  return now.getUTCFullYear() * 10_000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
}

/** A small deterministic generator of numbers in [0, 1) (mulberry32). */
export function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
