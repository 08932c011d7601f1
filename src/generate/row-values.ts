/** The values a ledger's rows are made of: amounts kept in their class, drawn, and descriptions filled in. */
import type { Payee } from './payees.js';
import type { Random } from './random.js';

/** The nearest amount at or above `cents` whose cents are ≡ `residue` (mod 3); whole dollars stay whole. */
export function inClass(cents: number, residue: 0 | 1 | 2, wholeDollars = false): number {
  if (!wholeDollars) return cents + ((residue - (cents % 3) + 3) % 3);
  const dollars = Math.max(1, Math.floor(cents / 100));
  // 100 ≡ 1 (mod 3): a whole-dollar amount's class is its dollars' class.
  return (dollars + ((residue - (dollars % 3) + 3) % 3)) * 100;
}

/** A magnitude in [min, max], skewed towards small amounts as spending is. */
export function drawCents(random: Random, payee: Payee): number {
  const u = random.next();
  return payee.minCents + Math.floor(u * u * (payee.maxCents - payee.minCents + 1));
}

/** The payee's description with its number (and the other account's mask for transfers) filled in. */
export function describe(payee: Payee, ref: number, otherMask = ''): string {
  return payee.description.replace('{n}', String(ref)).replace('{to}', `XXXXXX${otherMask}`).replace('{from}', `XXXXXX${otherMask}`);
}
