/**
 * The daily balances of SPEC §4 on random ledgers, against a plain reading of the rules: each day of
 * coverage takes its known point, else walks back from the next point, else forward from the last; the
 * strongest point of a date wins. The SQL computes only the days where something happens through its
 * windows and fills in the days between (daily-balances.ts): this checks every day, the day before
 * coverage, every calendar period's begin and end balance, and the book's sum, to the cent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BalancePointKind } from '../src/core/canonical.js';
import { withCanonicalBook, type DocumentSpec } from './helpers/canonical-book.js';

const DAY_MS = 86_400_000;
const RANK: Record<BalancePointKind, number> = { end_of_day: 3, statement_start: 2, anchor: 1 };

function generator(seed: number): (min: number, max: number) => number {
  let state = seed;
  return (min, max) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return min + Math.floor((state / 2_147_483_648) * (max - min + 1));
  };
}

const iso = (dayNumber: number) => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const ocrolus = (date: string) => `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;
const isoOf = (date: string) => `${date.slice(6, 10)}-${date.slice(0, 2)}-${date.slice(3, 5)}`;
const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

interface Ledger {
  readonly id: string;
  readonly depository: boolean;
  readonly txns: Array<{ day: number; cents: number; posted: boolean }>;
  readonly points: Array<{ day: number; cents: number; kind: BalancePointKind }>;
}

function randomLedger(int: (min: number, max: number) => number, id: string): Ledger {
  const start = dayOf('2023-01-01') + int(0, 400);
  const span = int(0, 3) === 0 ? int(0, 3) : int(5, 200);
  const txns = Array.from({ length: int(0, 3) === 0 ? 0 : int(1, 40) }, () => ({
    day: start + int(0, span), cents: int(-80_000, 90_000), posted: int(0, 7) !== 0,
  }));
  const seen = new Set<string>();
  const points: Ledger['points'] = [];
  for (let n = int(0, 6); n > 0; n -= 1) {
    const kind = (['end_of_day', 'statement_start', 'anchor'] as const)[int(0, 2)]!;
    // Some points fall before or after the transactions, some on the same date as another kind.
    const day = points.length > 0 && int(0, 3) === 0 ? points[0]!.day : start + int(-20, span + 20);
    if (seen.has(`${day} ${kind}`)) continue;
    seen.add(`${day} ${kind}`);
    points.push({ day, cents: int(-100_000, 200_000), kind });
  }
  return { id, depository: int(0, 4) !== 0, txns, points };
}

/** Coverage and every day's balance, from SPEC §4 as written. */
function expected(ledger: Ledger): { days: Map<number, number | null>; begin: number | null; before: number | null; periods: string[] } {
  const posted = ledger.txns.filter((txn) => txn.posted);
  const explicit = ledger.points.filter((point) => point.kind !== 'anchor').map((point) => point.day);
  const span = posted.length > 0 ? posted.map((txn) => txn.day) : explicit;
  if (span.length === 0) return { days: new Map(), begin: null, before: null, periods: [] };
  const [begin, end] = [Math.min(...span), Math.max(...span)];
  const strongest = new Map<number, { cents: number; rank: number }>();
  for (const point of ledger.points) {
    const known = strongest.get(point.day);
    if (known === undefined || known.rank < RANK[point.kind]) strongest.set(point.day, { cents: point.cents, rank: RANK[point.kind] });
  }
  const pointDays = [...strongest.keys()].sort((a, b) => a - b);
  const flows = (after: number, upTo: number) => posted.filter((txn) => txn.day > after && txn.day <= upTo).reduce((sum, txn) => sum + txn.cents, 0);
  const balance = (day: number): number | null => {
    if (pointDays.length === 0) return null;
    if (strongest.has(day)) return strongest.get(day)!.cents;
    const next = pointDays.find((point) => point > day);
    if (next !== undefined) return strongest.get(next)!.cents - flows(day, next);
    const last = pointDays.at(-1)!;
    return strongest.get(last)!.cents + flows(last, day);
  };
  const days = new Map<number, number | null>();
  for (let day = begin; day <= end; day += 1) days.set(day, balance(day));
  // Calendar periods: each month of coverage, cut at its ends; begin at the end of the day before.
  const periods: string[] = [];
  for (let first = begin; first <= end; ) {
    let last = first;
    while (last + 1 <= end && iso(last + 1).slice(0, 7) === iso(first).slice(0, 7)) last += 1;
    const [open, close] = [balance(first - 1), balance(last)];
    periods.push(`${iso(first)} ${iso(last)} ${open === null ? null : money(open)} ${close === null ? null : money(close)}`);
    first = last + 1;
  }
  return { days, begin, before: balance(begin - 1), periods };
}

function documentOf(ledgers: readonly Ledger[]): DocumentSpec {
  return {
    accounts: ledgers.map((ledger) => ({ id: ledger.id, depository: ledger.depository })),
    txns: ledgers.flatMap((ledger) =>
      ledger.txns.map((txn, index) => ({ account: ledger.id, id: `${ledger.id}-${index}`, date: iso(txn.day), amount: money(txn.cents), status: txn.posted ? 'posted' as const : 'pending' as const })),
    ),
    points: ledgers.flatMap((ledger) => ledger.points.map((point) => ({ account: ledger.id, date: iso(point.day), balance: money(point.cents), kind: point.kind }))),
  };
}

test('daily balances, the day before coverage and the book sums equal SPEC §4 on 60 random ledgers', async () => {
  for (let seed = 1; seed <= 60; seed += 1) {
    const int = generator(seed);
    const ledgers = Array.from({ length: int(1, 5) }, (_, n) => randomLedger(int, `acct-${n}`));
    await withCanonicalBook([documentOf(ledgers)], async (book) => {
      const summary = await book.summary();
      const bookDays = new Map<number, number>();
      for (const ledger of ledgers) {
        const account = summary.bank_accounts.find((candidate) => candidate.source_account_id === ledger.id)!;
        const want = expected(ledger);
        const label = `seed ${seed}, ${ledger.id}`;
        assert.equal(account.total_days, want.days.size, label);
        const balances = [...want.days.values()].every((cents) => cents === null) ? null : Object.fromEntries([...want.days].map(([day, cents]) => [ocrolus(iso(day)), money(cents!)]));
        assert.deepEqual(account.daily_balances, want.days.size === 0 ? null : balances, label);
        if (want.begin !== null) assert.equal(account.periods[0]!.begin_balance, want.before === null ? null : money(want.before), `${label}: begin balance`);
        const periods = account.periods.map((period) => `${isoOf(period.begin_date)} ${isoOf(period.end_date)} ${period.begin_balance} ${period.end_balance}`);
        assert.deepEqual(periods, want.periods, `${label}: calendar periods`);
        if (!ledger.depository || balances === null) continue;
        for (const [day, cents] of want.days) bookDays.set(day, (bookDays.get(day) ?? 0) + cents!);
      }
      const bookBalances = [...bookDays].sort((a, b) => a[0] - b[0]).map(([day, cents]) => [ocrolus(iso(day)), money(cents)]);
      assert.deepEqual(Object.entries(summary.daily_balances ?? {}), bookBalances, `seed ${seed}: the book`);
    });
  }
});
