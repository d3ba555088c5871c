/** Seeded random choices, so `--seed` replays the same traffic. */
import prand from 'pure-rand';

export interface Random {
  int(min: number, max: number): number;
  float(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function createRandom(seed: number): Random {
  const rng = prand.xoroshiro128plus(seed | 0);
  const int = (min: number, max: number) => prand.unsafeUniformIntDistribution(min, max, rng);
  return {
    int,
    float: (min, max) => min + (int(0, 1_000_000) / 1_000_000) * (max - min),
    pick: (items) => items[int(0, items.length - 1)] as (typeof items)[number],
  };
}
