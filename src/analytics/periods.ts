import { sql, type Kysely } from 'kysely';
import { dayBefore, type IsoDate } from '../core/dates.js';
import { daysBetween, monthBounds, monthOf, monthsFrom, type IsoMonth } from '../core/months.js';
import type { Database } from '../store/schema.js';
import type { Coverage } from './coverage.js';
import type { DailyBalance } from './day-series.js';
import { column, dialect } from './dialect.js';

/** A statement period, explicit or a calendar month of coverage (SPEC §4 "Periods"). */
export interface PeriodFigures {
  /** The stored statement period's pk; null for a calendar month. */
  readonly pk: number | null;
  readonly beginDate: IsoDate;
  readonly endDate: IsoDate;
  readonly beginBalance: number | null;
  readonly endBalance: number | null;
  /** `beginBalance` plus the posted amounts inside the period. */
  readonly calculatedEndBalance: number | null;
  readonly monthDays: ReadonlyArray<readonly [IsoMonth, number]>;
  readonly monthTxns: ReadonlyArray<readonly [IsoMonth, number]>;
}

export interface PeriodMismatch {
  readonly endDate: IsoDate;
  readonly endBalance: number;
  readonly beginDate: IsoDate;
  readonly beginBalance: number;
}

interface PeriodBounds {
  readonly pk: number | null;
  readonly beginDate: IsoDate;
  readonly endDate: IsoDate;
  readonly beginBalance: number | null;
  readonly endBalance: number | null;
}

/**
 * The account's statement periods where its sources have them, otherwise one period per calendar
 * month of coverage, cut at the coverage ends; each with its month breakdown and calculated end.
 */
export async function periodsOf(
  db: Kysely<Database>,
  accountPk: number,
  coverage: Coverage | null,
  openingBalance: number | null,
  dailyBalances: readonly DailyBalance[] | null,
): Promise<PeriodFigures[]> {
  const explicit = await statementPeriods(db, accountPk);
  const bounds = explicit.length > 0 ? explicit : calendarPeriods(coverage, openingBalance, dailyBalances);
  const periods: PeriodFigures[] = [];
  for (const period of bounds) periods.push(await withFlows(db, accountPk, period));
  return periods;
}

/** Consecutive periods whose balances do not meet: one's end differs from the next one's begin. */
export function periodMismatches(periods: readonly PeriodFigures[]): PeriodMismatch[] {
  const mismatches: PeriodMismatch[] = [];
  for (let index = 1; index < periods.length; index += 1) {
    const [previous, next] = [periods[index - 1]!, periods[index]!];
    if (previous.endBalance === null || next.beginBalance === null || previous.endBalance === next.beginBalance) continue;
    mismatches.push({ endDate: previous.endDate, endBalance: previous.endBalance, beginDate: next.beginDate, beginBalance: next.beginBalance });
  }
  return mismatches;
}

async function statementPeriods(db: Kysely<Database>, accountPk: number): Promise<PeriodBounds[]> {
  const rows = await db
    .selectFrom('statement_periods')
    .select(['pk', 'begin_date', 'end_date', 'begin_balance_cents', 'end_balance_cents'])
    .where('bank_account_pk', '=', accountPk)
    .orderBy('begin_date')
    .orderBy('end_date')
    .execute();
  return rows.map((row) => ({
    pk: row.pk,
    beginDate: row.begin_date,
    endDate: row.end_date,
    beginBalance: row.begin_balance_cents,
    endBalance: row.end_balance_cents,
  }));
}

/** Calendar months of coverage; balances from the account's daily balances (the day before coverage: `openingBalance`). */
function calendarPeriods(
  coverage: Coverage | null,
  openingBalance: number | null,
  dailyBalances: readonly DailyBalance[] | null,
): PeriodBounds[] {
  if (coverage === null) return [];
  const balances = new Map<IsoDate, number>((dailyBalances ?? []).map((day) => [day.day, day.balanceCents]));
  return monthsFrom(monthOf(coverage.begin), monthOf(coverage.end)).map((month) => {
    const { first, last } = monthBounds(month);
    const beginDate = first < coverage.begin ? coverage.begin : first;
    const endDate = last > coverage.end ? coverage.end : last;
    const beginBalance = beginDate === coverage.begin ? openingBalance : (balances.get(dayBefore(beginDate)) ?? null);
    return { pk: null, beginDate, endDate, beginBalance, endBalance: balances.get(endDate) ?? null };
  });
}

async function withFlows(db: Kysely<Database>, accountPk: number, period: PeriodBounds): Promise<PeriodFigures> {
  const month = dialect.monthOf(column('day'));
  const { rows } = await sql<{ month: IsoMonth; txn_count: number; net_cents: number }>`
    SELECT ${month} AS month, sum(txn_count) AS txn_count, sum(net_cents) AS net_cents
    FROM account_days
    WHERE bank_account_pk = ${accountPk} AND day BETWEEN ${period.beginDate} AND ${period.endDate}
    GROUP BY ${month}`.execute(db);
  const flows = new Map(rows.map((row) => [row.month, row]));
  const months = monthsFrom(monthOf(period.beginDate), monthOf(period.endDate));
  const net = rows.reduce((sum, row) => sum + row.net_cents, 0);
  return {
    ...period,
    calculatedEndBalance: period.beginBalance === null ? null : period.beginBalance + net,
    monthDays: months.map((key) => [key, daysInside(key, period)] as const),
    monthTxns: months.map((key) => [key, flows.get(key)?.txn_count ?? 0] as const),
  };
}

/** Days of `month` that fall inside the period. */
function daysInside(month: IsoMonth, period: PeriodBounds): number {
  const { first, last } = monthBounds(month);
  const begin = first < period.beginDate ? period.beginDate : first;
  const end = last > period.endDate ? period.endDate : last;
  return daysBetween(begin, end) + 1;
}
