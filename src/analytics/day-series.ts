import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { IsoDate } from '../core/dates.js';
import { meanCents } from '../core/money.js';
import { monthOf, type IsoMonth } from '../core/months.js';
import type { Database } from '../store/schema.js';
import { column, dialect } from './dialect.js';
import { appendTo } from './grouping.js';

/**
 * Series of covered days, each day with an end-of-day balance (or null) and its posted flows, each
 * series named by an `owner` number: accounts' `account_days`, or the book's sum of them. Every balance
 * and month figure of SPEC §4 is a function of such a series, so accounts and the book share this one
 * implementation.
 */
export type DaySeries = RawBuilder<unknown>;

/** The series of each of `accountPks`, owned by its pk. */
export function accountSeries(accountPks: readonly number[]): DaySeries {
  return sql`
    SELECT bank_account_pk AS owner, day, is_weekday, balance_cents, txn_count, net_cents, abs_cents, deposit_count, deposit_cents,
           withdrawal_count
    FROM account_days WHERE bank_account_pk IN (${sql.join(accountPks)})`;
}

/**
 * The book's days (owner 0): the union of its depository accounts' coverage. A day's balance sums the
 * accounts with known balances that cover it (null when none does); flows pool every account.
 */
export function bookSeries(bookPk: number): DaySeries {
  return sql`
    SELECT 0 AS owner, d.day, max(d.is_weekday) AS is_weekday,
           sum(CASE WHEN f.has_balances = 1 THEN d.balance_cents END) AS balance_cents,
           sum(d.txn_count) AS txn_count, sum(d.net_cents) AS net_cents, sum(d.abs_cents) AS abs_cents,
           sum(d.deposit_count) AS deposit_count, sum(d.deposit_cents) AS deposit_cents, sum(d.withdrawal_count) AS withdrawal_count
    FROM account_days AS d
    JOIN bank_accounts AS a ON a.pk = d.bank_account_pk
    JOIN account_figures AS f ON f.bank_account_pk = d.bank_account_pk
    WHERE a.book_pk = ${bookPk} AND a.is_depository = 1
    GROUP BY d.day`;
}

export interface DailyBalance {
  readonly day: IsoDate;
  readonly isWeekday: boolean;
  readonly balanceCents: number;
}

/** A month of coverage. Means are exact cents (half away from zero), null over nothing. */
export interface MonthFigures {
  readonly month: IsoMonth;
  readonly txnCount: number;
  /** The sum of the month's posted amounts (a calendar period's flows). */
  readonly netCents: number;
  readonly depositCount: number;
  readonly depositCents: number;
  readonly withdrawalCount: number;
  /** The sum of the month's withdrawals (negative, or 0). */
  readonly withdrawalCents: number;
  readonly averageTxnSize: bigint | null;
  readonly averageDeposit: bigint | null;
  readonly averageDailyBalance: bigint | null;
  readonly averageDailyBalanceWeekday: bigint | null;
  readonly negativeDays: readonly IsoDate[];
  readonly negativeWeekdays: readonly IsoDate[];
  /** The lowest end-of-day balance, and the balance of the month's last day with one; null without balances. */
  readonly minimumBalance: number | null;
  readonly endingBalance: number | null;
}

export interface SeriesFigures {
  readonly totalDays: number;
  /** Days with a balance, in order; null when no day of the series has one. */
  readonly dailyBalances: readonly DailyBalance[] | null;
  readonly averageDailyBalance: bigint | null;
  readonly averageDailyBalanceWeekday: bigint | null;
  /** Every month of coverage, in order, also months without transactions. */
  readonly months: readonly MonthFigures[];
}

interface MonthSums {
  owner: number;
  month: IsoMonth;
  day_count: number;
  txn_count: number;
  net_cents: number;
  abs_cents: number;
  deposit_count: number;
  deposit_cents: number;
  withdrawal_count: number;
  balance_cents: number | null;
  balance_days: number;
  weekday_balance_cents: number | null;
  weekday_days: number;
  /** The month's days with a balance, packed (dayBalances); null when none has one. */
  balances: string | null;
}

/**
 * The figures of each owner of `series`; an owner without days (an account that covers none) is left out.
 * One query reads the series once: each month's sums, with its days that have a balance packed into one
 * text (see dayBalances), which costs far less to hand over than a row per day.
 */
export async function seriesFigures(db: Kysely<Database>, series: DaySeries): Promise<Map<number, SeriesFigures>> {
  const months = groupedByOwner(await monthSums(db, series));
  return new Map([...months].map(([owner, ownMonths]) => [owner, figuresOf(ownMonths, ownMonths.flatMap(dayBalances))]));
}

/** A month's packed days with a balance, in day order: `YYYY-MM-DD`, the weekday flag (0 or 1), the balance in cents. */
function dayBalances(month: MonthSums): DailyBalance[] {
  if (month.balances === null) return [];
  return month.balances.split(',').map((packed) => ({ day: packed.slice(0, 10), isWeekday: packed[10] === '1', balanceCents: Number(packed.slice(11)) }));
}

/** What a series without any day (an account that covers none) has. */
export const NO_DAYS: SeriesFigures = figuresOf([], []);

function figuresOf(months: readonly MonthSums[], balances: readonly DailyBalance[]): SeriesFigures {
  const negatives = negativeDaysByMonth(balances);
  const extremes = balanceExtremesByMonth(balances);
  const total = (pick: (sums: MonthSums) => number | null) => months.reduce((sum, sums) => sum + BigInt(pick(sums) ?? 0), 0n);
  const count = (pick: (sums: MonthSums) => number) => months.reduce((sum, sums) => sum + pick(sums), 0);
  return {
    totalDays: count((m) => m.day_count),
    dailyBalances: balances.length === 0 ? null : balances,
    averageDailyBalance: meanCents(total((m) => m.balance_cents), count((m) => m.balance_days)),
    averageDailyBalanceWeekday: meanCents(total((m) => m.weekday_balance_cents), count((m) => m.weekday_days)),
    months: months.map((sums) => ({
      month: sums.month,
      txnCount: sums.txn_count,
      netCents: sums.net_cents,
      depositCount: sums.deposit_count,
      depositCents: sums.deposit_cents,
      withdrawalCount: sums.withdrawal_count,
      withdrawalCents: sums.net_cents - sums.deposit_cents,
      averageTxnSize: meanCents(sums.abs_cents, sums.txn_count),
      averageDeposit: meanCents(sums.deposit_cents, sums.deposit_count),
      averageDailyBalance: sums.balance_cents === null ? null : meanCents(sums.balance_cents, sums.balance_days),
      averageDailyBalanceWeekday: sums.weekday_balance_cents === null ? null : meanCents(sums.weekday_balance_cents, sums.weekday_days),
      negativeDays: negatives.get(sums.month)?.all ?? [],
      negativeWeekdays: negatives.get(sums.month)?.weekdays ?? [],
      minimumBalance: extremes.get(sums.month)?.minimum ?? null,
      endingBalance: extremes.get(sums.month)?.ending ?? null,
    })),
  };
}

async function monthSums(db: Kysely<Database>, series: DaySeries): Promise<MonthSums[]> {
  const month = dialect.monthOf(column('day'));
  const { rows } = await sql<MonthSums>`
    SELECT owner, ${month} AS month, count(*) AS day_count, sum(txn_count) AS txn_count, sum(net_cents) AS net_cents,
           sum(abs_cents) AS abs_cents, sum(deposit_count) AS deposit_count, sum(deposit_cents) AS deposit_cents,
           sum(withdrawal_count) AS withdrawal_count, sum(balance_cents) AS balance_cents, count(balance_cents) AS balance_days,
           sum(CASE WHEN is_weekday = 1 THEN balance_cents END) AS weekday_balance_cents,
           count(CASE WHEN is_weekday = 1 THEN balance_cents END) AS weekday_days,
           ${dialect.orderedList(sql`CASE WHEN balance_cents IS NOT NULL THEN day || is_weekday || balance_cents END`, column('day'))} AS balances
    FROM (${series}) AS series GROUP BY owner, ${month} ORDER BY owner, ${month}`.execute(db);
  return rows;
}

/** Rows in owner order, as one list per owner. */
function groupedByOwner<Row extends { owner: number }>(rows: readonly Row[]): Map<number, Row[]> {
  const byOwner = new Map<number, Row[]>();
  for (const row of rows) appendTo(byOwner, row.owner, row);
  return byOwner;
}

function negativeDaysByMonth(balances: readonly DailyBalance[]): Map<IsoMonth, { all: IsoDate[]; weekdays: IsoDate[] }> {
  const byMonth = new Map<IsoMonth, { all: IsoDate[]; weekdays: IsoDate[] }>();
  for (const { day, isWeekday, balanceCents } of balances) {
    if (balanceCents >= 0) continue;
    let lists = byMonth.get(monthOf(day));
    if (lists === undefined) byMonth.set(monthOf(day), (lists = { all: [], weekdays: [] }));
    lists.all.push(day);
    if (isWeekday) lists.weekdays.push(day);
  }
  return byMonth;
}

/** Per month, the lowest balance and the last one (balances come in day order). */
function balanceExtremesByMonth(balances: readonly DailyBalance[]): Map<IsoMonth, { minimum: number; ending: number }> {
  const byMonth = new Map<IsoMonth, { minimum: number; ending: number }>();
  for (const { day, balanceCents } of balances) {
    const month = byMonth.get(monthOf(day));
    if (month === undefined) byMonth.set(monthOf(day), { minimum: balanceCents, ending: balanceCents });
    else [month.minimum, month.ending] = [Math.min(month.minimum, balanceCents), balanceCents];
  }
  return byMonth;
}
