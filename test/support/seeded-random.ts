// A small seeded generator (mulberry32) for workload tests, so that a failing sequence can be
// replayed with KANSIO_SEED.
export const SEED = Number(process.env.KANSIO_SEED ?? Math.floor(Math.random() * 2 ** 31));

export interface SeededRandom {
  /** A number in [0, 1). */
  random(): number;
  chance(p: number): boolean;
  pick<T>(values: readonly T[]): T;
}

export function seededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  const random = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { random, chance: (p) => random() < p, pick: (values) => values[Math.floor(random() * values.length)]! };
}
