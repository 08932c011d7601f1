import { sql, type Kysely } from 'kysely';
import { dayBefore, type IsoDate } from '../core/dates.js';
import { daysBetween, monthBounds, monthOf, monthsFrom, type IsoMonth } from '../core/months.js';
import type { Database } from '../store/schema.js';
import type { Coverage } from './coverage.js';
import type { DailyBalance, SeriesFigures } from './day-series.js';
import { column, dialect } from './dialect.js';
import { appendTo } from './grouping.js';

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

/** What an account's periods are worked out from: its coverage, its balances and its months. */
export interface PeriodSource {
  readonly pk: number;
  readonly coverage: Coverage | null;
  /** The balance at the end of the day before coverage. */
  readonly openingBalance: number | null;
  readonly series: SeriesFigures;
}

/** Posted flows inside a period in one month: how many transactions, and their sum. */
interface MonthFlows {
  readonly txn_count: number;
  readonly net_cents: number;
}

/**
 * Each account's statement periods where its sources have them, otherwise one period per calendar
 * month of coverage, cut at the coverage ends; each with its month breakdown and calculated end. The
 * statement periods of all the accounts, and their flows, are read in two queries; a calendar period's
 * flows are its month's, as coverage is all an account has days for.
 */
export async function periodsOf(db: Kysely<Database>, accounts: readonly PeriodSource[]): Promise<Map<number, PeriodFigures[]>> {
  const pks = accounts.map((account) => account.pk);
  const explicit = await statementPeriods(db, pks);
  const explicitFlows = await statementPeriodFlows(db, pks);
  return new Map(
    accounts.map((account) => {
      const statements = explicit.get(account.pk) ?? [];
      if (statements.length > 0) return [account.pk, statements.map((period) => withFlows(period, explicitFlows.get(period.pk!) ?? new Map()))];
      const monthFlows = new Map(account.series.months.map((month) => [month.month, { txn_count: month.txnCount, net_cents: month.netCents }]));
      return [account.pk, calendarPeriods(account.coverage, account.openingBalance, account.series.dailyBalances).map((period) => withFlows(period, monthFlows))];
    }),
  );
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

async function statementPeriods(db: Kysely<Database>, accountPks: readonly number[]): Promise<Map<number, PeriodBounds[]>> {
  const rows = await db
    .selectFrom('statement_periods')
    .select(['pk', 'bank_account_pk', 'begin_date', 'end_date', 'begin_balance_cents', 'end_balance_cents'])
    .where('bank_account_pk', 'in', accountPks)
    .orderBy('bank_account_pk')
    .orderBy('begin_date')
    .orderBy('end_date')
    .execute();
  const byAccount = new Map<number, PeriodBounds[]>();
  for (const row of rows) {
    const period = { pk: row.pk, beginDate: row.begin_date, endDate: row.end_date, beginBalance: row.begin_balance_cents, endBalance: row.end_balance_cents };
    appendTo(byAccount, row.bank_account_pk, period);
  }
  return byAccount;
}

/** Each statement period's posted flows per month inside it, by period pk. */
async function statementPeriodFlows(db: Kysely<Database>, accountPks: readonly number[]): Promise<Map<number, Map<IsoMonth, MonthFlows>>> {
  const month = dialect.monthOf(column('d.day'));
  const { rows } = await sql<{ period: number; month: IsoMonth } & MonthFlows>`
    SELECT p.pk AS period, ${month} AS month, sum(d.txn_count) AS txn_count, sum(d.net_cents) AS net_cents
    FROM statement_periods AS p
    JOIN account_days AS d ON d.bank_account_pk = p.bank_account_pk AND d.day BETWEEN p.begin_date AND p.end_date
    WHERE p.bank_account_pk IN (${sql.join(accountPks)})
    GROUP BY p.pk, ${month}`.execute(db);
  const byPeriod = new Map<number, Map<IsoMonth, MonthFlows>>();
  for (const row of rows) {
    if (!byPeriod.has(row.period)) byPeriod.set(row.period, new Map());
    byPeriod.get(row.period)!.set(row.month, row);
  }
  return byPeriod;
}

/** Calendar months of coverage; balances from the account's daily balances (the day before coverage: `openingBalance`). */
function calendarPeriods(
  coverage: Coverage | null,
  openingBalance: number | null,
  dailyBalances: readonly DailyBalance[] | null,
): PeriodBounds[] {
  if (coverage === null) return [];
  const balanceOn = (day: IsoDate) => balanceOf(dailyBalances ?? [], day);
  return monthsFrom(monthOf(coverage.begin), monthOf(coverage.end)).map((month) => {
    const { first, last } = monthBounds(month);
    const beginDate = first < coverage.begin ? coverage.begin : first;
    const endDate = last > coverage.end ? coverage.end : last;
    const beginBalance = beginDate === coverage.begin ? openingBalance : balanceOn(dayBefore(beginDate));
    return { pk: null, beginDate, endDate, beginBalance, endBalance: balanceOn(endDate) };
  });
}

/** The balance of `day` among daily balances in day order (a binary search: a few lookups, no map of every day), or null. */
function balanceOf(balances: readonly DailyBalance[], day: IsoDate): number | null {
  let [low, high] = [0, balances.length - 1];
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = balances[middle]!.day;
    if (found === day) return balances[middle]!.balanceCents;
    if (found < day) low = middle + 1;
    else high = middle - 1;
  }
  return null;
}

function withFlows(period: PeriodBounds, flows: ReadonlyMap<IsoMonth, MonthFlows>): PeriodFigures {
  const months = monthsFrom(monthOf(period.beginDate), monthOf(period.endDate));
  const net = months.reduce((sum, key) => sum + (flows.get(key)?.net_cents ?? 0), 0);
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
