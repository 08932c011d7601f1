/** A small deterministic generator (an LCG), so that a random book is the same on every run. */
export function generator(seed: number): (min: number, max: number) => number {
  let state = seed;
  return (min, max) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return min + Math.floor((state / 2_147_483_648) * (max - min + 1));
  };
}

/** The ISO date `offset` days after 2024-01-01. */
export const day = (offset: number): string => new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

/** Integer cents as the decimal text an input carries (`-12.05`). */
export const money = (cents: number): string => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
